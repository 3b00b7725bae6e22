import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { parseFilenameGlob, hasGlobCharacters } from './filename-glob';

/** The part of serialport's PortInfo that discovery reads. */
export interface ListedPort {
  path: string;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

/** A USB id filter: vendor and, optionally, product (lowercase hex, 4 digits). */
export interface UsbIdFilter {
  vendorId: string;
  productId: string | null;
}

export interface PortDiscoveryOptions {
  /** USB filters as "vvvv:pppp" or "vvvv" (hex, e.g. "1915:520f"); ports from SerialPort.list(). */
  usbIds?: readonly string[];
  /** Explicit paths, reported while they exist. */
  paths?: readonly string[];
  /** Globs over the file-name part (e.g. /tmp/station-ptys/board-*); ptys never appear in list(). */
  globs?: readonly string[];
  /** Replaces SerialPort.list() (tests). */
  listPorts?: () => Promise<readonly ListedPort[]>;
  /** Diagnostics, e.g. when SerialPort.list() fails (no udevadm): discovery goes on with paths/globs. */
  onWarning?: (message: string) => void;
}

/** A port that is present now; `identity` changes when the same path points at a new device. */
export interface DiscoveredPort {
  path: string;
  identity: string;
  source: 'usb' | 'path' | 'glob';
}

/** Parses "1915:520f" / "1915" (case-insensitive hex). Throws TypeError otherwise. */
export function parseUsbIdFilter(text: string): UsbIdFilter {
  const match = /^([0-9a-fA-F]{4})(?::([0-9a-fA-F]{4}|\*))?$/.exec(typeof text === 'string' ? text.trim() : '');
  if (!match) throw new TypeError(`USB id filter must look like "1915:520f" or "1915", got ${JSON.stringify(text)}`);
  const product = match[2];
  return {
    vendorId: (match[1] ?? '').toLowerCase(),
    productId: product === undefined || product === '*' ? null : product.toLowerCase(),
  };
}

/** Whether a listed port matches any filter (ids compared as lowercase hex without "0x"). */
export function matchesUsbFilters(port: ListedPort, filters: readonly UsbIdFilter[]): boolean {
  const normalize = (id: string | undefined): string => (id ?? '').toLowerCase().replace(/^0x/, '').padStart(4, '0');
  const vendorId = normalize(port.vendorId);
  const productId = normalize(port.productId);
  return filters.some((filter) => filter.vendorId === vendorId && (filter.productId === null || filter.productId === productId));
}

async function identityOf(path: string): Promise<string | null> {
  try {
    const target = await realpath(path);
    const info = await stat(target);
    return `${target}#${info.dev}:${info.ino}:${info.rdev}`;
  } catch {
    return null;
  }
}

/** Compiled discovery options; reusable across polls. Throws TypeError on a bad filter or glob. */
export class PortDiscovery {
  private readonly filters: UsbIdFilter[];
  private readonly globs: ReturnType<typeof parseFilenameGlob>[];
  private readonly paths: string[];
  private readonly listPorts: () => Promise<readonly ListedPort[]>;
  private listFailure: string | null = null;

  constructor(private readonly options: PortDiscoveryOptions = {}) {
    this.filters = (options.usbIds ?? []).map(parseUsbIdFilter);
    this.globs = (options.globs ?? []).map(parseFilenameGlob);
    this.paths = [...(options.paths ?? [])];
    for (const path of this.paths) {
      if (hasGlobCharacters(path)) throw new TypeError(`explicit path ${path} contains wildcards: pass it as a glob`);
    }
    this.listPorts = options.listPorts ?? (() => SerialPort.list());
  }

  /** The ports present now, sorted by path; never rejects. */
  async discover(): Promise<DiscoveredPort[]> {
    const found = new Map<string, DiscoveredPort>();
    if (this.filters.length > 0) {
      for (const port of await this.listUsb()) {
        if (matchesUsbFilters(port, this.filters)) found.set(port.path, { path: port.path, identity: port.path, source: 'usb' });
      }
    }
    for (const path of this.paths) {
      const identity = await identityOf(path);
      if (identity && !found.has(path)) found.set(path, { path, identity, source: 'path' });
    }
    for (const glob of this.globs) {
      let names: string[] = [];
      try {
        names = await readdir(glob.directory);
      } catch {
        continue; // the directory does not exist (yet): nothing attached there
      }
      for (const name of names.filter((candidate) => glob.matches(candidate))) {
        const path = join(glob.directory, name);
        const identity = await identityOf(path);
        if (identity && !found.has(path)) found.set(path, { path, identity, source: 'glob' });
      }
    }
    return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  private async listUsb(): Promise<readonly ListedPort[]> {
    try {
      const ports = await this.listPorts();
      if (this.listFailure) this.options.onWarning?.('Listing USB serial ports works again.');
      this.listFailure = null;
      return ports;
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error);
      if (this.listFailure !== message) {
        this.options.onWarning?.(
          `Could not list USB serial ports (${message}); watching only the configured paths and globs.`,
        );
      }
      this.listFailure = message;
      return [];
    }
  }
}

/** One-shot discovery: the paths of the ports present now. */
export async function discoverPorts(options: PortDiscoveryOptions): Promise<string[]> {
  return (await new PortDiscovery(options).discover()).map((port) => port.path);
}
