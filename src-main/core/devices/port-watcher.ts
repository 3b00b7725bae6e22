import { PortDiscovery, type DiscoveredPort, type PortDiscoveryOptions } from './port-discovery';

export const DEFAULT_POLL_INTERVAL_MS = 1_000;

export interface PortWatcherOptions extends PortDiscoveryOptions {
  /** Time between the end of one scan and the start of the next. Default 1000 ms. */
  intervalMs?: number;
}

export type PortListener = (path: string) => void;

/**
 * Polls PortDiscovery and reports changes: `onAttached(path)` for a port that appeared, `onDetached(path)`
 * for one that went away. A port that disappears and comes back is reported attached again; so is a
 * path that now points at another device (a new pty behind the same link): detached, then attached.
 * Scans never overlap. Listener exceptions are reported through onWarning and do not stop the watcher.
 * Throws TypeError on bad options (interval, filters, globs).
 */
export class PortWatcher {
  private readonly discovery: PortDiscovery;
  private readonly intervalMs: number;
  private readonly known = new Map<string, DiscoveredPort>();
  private readonly attachedListeners = new Set<PortListener>();
  private readonly detachedListeners = new Set<PortListener>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private isRunning = false;
  private scanning: Promise<void> | null = null;

  constructor(private readonly options: PortWatcherOptions = {}) {
    const intervalMs = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    if (!Number.isInteger(intervalMs) || intervalMs < 1) throw new TypeError(`intervalMs must be a positive integer, got ${intervalMs}`);
    this.intervalMs = intervalMs;
    this.discovery = new PortDiscovery(options);
  }

  onAttached(listener: PortListener): () => void {
    this.attachedListeners.add(listener);
    return () => this.attachedListeners.delete(listener);
  }

  onDetached(listener: PortListener): () => void {
    this.detachedListeners.add(listener);
    return () => this.detachedListeners.delete(listener);
  }

  /** The paths attached at the last scan, sorted. */
  get attached(): string[] {
    return [...this.known.keys()].sort();
  }

  /** Starts polling (the first scan runs at once); a second call does nothing. */
  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    void this.tick();
  }

  /** Stops polling; waits for a scan in progress. Known ports are kept (start() continues from them). */
  async stop(): Promise<void> {
    this.isRunning = false;
    clearTimeout(this.timer);
    await this.scanning;
  }

  /**
   * Forgets a port, so the next scan that finds it reports it attached again. For a port whose board
   * went away between two scans: a pty or a USB ACM device that comes back under the same path often
   * has the same device number, so the scan alone cannot tell it is a new board.
   */
  forget(path: string): void {
    this.known.delete(path);
  }

  /** Scans once now (also while stopped) and reports the changes. */
  scanNow(): Promise<void> {
    this.scanning ??= this.scan().finally(() => {
      this.scanning = null;
    });
    return this.scanning;
  }

  private async tick(): Promise<void> {
    await this.scanNow();
    if (this.isRunning) this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }

  private async scan(): Promise<void> {
    const present = new Map((await this.discovery.discover()).map((port) => [port.path, port]));
    for (const [path, old] of [...this.known]) {
      const now = present.get(path);
      if (!now || now.identity !== old.identity) {
        this.known.delete(path);
        this.emit(this.detachedListeners, path);
      }
    }
    for (const [path, port] of present) {
      if (!this.known.has(path)) {
        this.known.set(path, port);
        this.emit(this.attachedListeners, path);
      }
    }
  }

  private emit(listeners: Set<PortListener>, path: string): void {
    for (const listener of [...listeners]) {
      try {
        listener(path);
      } catch (error: unknown) {
        this.options.onWarning?.(`A port listener failed for ${path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
