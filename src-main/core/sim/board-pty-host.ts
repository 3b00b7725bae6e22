import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { StationError } from '../errors';
import { BoardFirmware } from './board-firmware';
import { UartPacer } from './uart-pacer';
import type { BoardSimOptions } from './board-sim-options';

/**
 * Runs a simulated board on a real pseudo-terminal pair made by socat:
 *
 *     socat -d -d pty,raw,echo=0,link=<dir>/<name>-station pty,raw,echo=0,link=<dir>/<name>-board
 *
 * The firmware (BoardFirmware) owns the board side through serialport; the station opens
 * `stationPath` like any serial port. `vanish()` kills socat, so the station's port fails as an
 * unplugged USB device would; `stop()` shuts down cleanly. Both are safe to call twice.
 *
 * Failure: startSimulatedBoard rejects with StationError 'sim-start-failed' when socat is missing,
 * exits, or its links do not appear within 5 s.
 */
export interface SimulatedBoardOptions extends Partial<BoardSimOptions> {
  /** Directory for the pty links (created if missing). */
  dir: string;
  /** Link name stem: <dir>/<name>-station and <dir>/<name>-board. Default: the serial. */
  name?: string;
  /** Directory for per-board flash files (<stateDir>/<name>.json); ignored when stateFile is set. */
  stateDir?: string;
  /** Sees every line the board receives ('rx') and sends ('tx'), for traces. */
  onTrace?: (direction: 'rx' | 'tx', line: string) => void;
}

export interface SimulatedBoard {
  serial: string;
  name: string;
  /** The path the station opens. */
  stationPath: string;
  /** The board's own end (the firmware holds it open). */
  boardPath: string;
  firmware: BoardFirmware;
  /** Resolves once the board is gone (stop, vanish, vanishAtStep, or socat died). */
  readonly closed: Promise<void>;
  /** Clean shutdown: firmware off, port closed, socat ended, links removed. */
  stop(): Promise<void>;
  /** The board disappears: socat is killed first, so the station sees its port fail. */
  vanish(): Promise<void>;
}

const START_TIMEOUT_MS = 5_000;

function removeStaleLink(path: string): void {
  try {
    if (lstatSync(path).isSymbolicLink()) unlinkSync(path);
  } catch {
    // missing: nothing to remove
  }
}

function startSocat(stationPath: string, boardPath: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${stationPath}`, `pty,raw,echo=0,link=${boardPath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let settled = false;
    const fail = (message: string, cause?: unknown): void => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      clearTimeout(deadline);
      child.kill('SIGKILL');
      reject(new StationError('sim-start-failed', message, { hint: 'Check that socat is installed and the pty directory is writable.', cause, details: { stationPath } }));
    };
    const check = (): void => {
      if (settled) return;
      if (stderr.includes('starting data transfer loop') && existsSync(stationPath) && existsSync(boardPath)) {
        settled = true;
        clearInterval(poll);
        clearTimeout(deadline);
        resolve(child);
      }
    };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      if (stderr.length < 16_384) stderr += text;
      check();
    });
    child.once('error', (error) => fail(`could not start socat: ${error.message}`, error));
    child.once('exit', (code) => fail(`socat exited (code ${String(code)}) before the pty pair was ready`));
    const poll = setInterval(check, 20);
    const deadline = setTimeout(() => fail('socat did not create the pty links within 5 s'), START_TIMEOUT_MS);
  });
}

function openPort(path: string): Promise<SerialPort> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: 115_200, autoOpen: false });
    port.open((error) => (error ? reject(error) : resolve(port)));
  });
}

function closePort(port: SerialPort): Promise<void> {
  return new Promise((resolve) => {
    if (!port.isOpen) {
      resolve();
      return;
    }
    port.close(() => resolve());
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
  });
}

/** Starts one simulated board on a fresh socat pty pair. */
export async function startSimulatedBoard(options: SimulatedBoardOptions): Promise<SimulatedBoard> {
  const { dir, name: givenName, stateDir, onTrace, ...simOptions } = options;
  const serial = simOptions.serial ?? 'SN-SIM-0001';
  const name = givenName ?? serial;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new TypeError(`board name must be a plain file name, got ${JSON.stringify(name)}`);
  mkdirSync(dir, { recursive: true });
  const stationPath = join(dir, `${name}-station`);
  const boardPath = join(dir, `${name}-board`);
  const stateFile = simOptions.stateFile ?? (stateDir ? join(stateDir, `${name}.json`) : null);

  let port: SerialPort | null = null;
  let pacer: UartPacer | null = null;
  let inputPacer: UartPacer | null = null;
  let finished = false;
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });

  const firmware = new BoardFirmware(
    { ...simOptions, serial, stateFile },
    {
      emit: (line) => {
        onTrace?.('tx', line);
        pacer?.write(Buffer.from(`${line}\r\n`, 'latin1'));
      },
      onVanish: () => {
        void shutdown(true);
      },
    },
  );

  removeStaleLink(stationPath);
  removeStaleLink(boardPath);
  const socat = await startSocat(stationPath, boardPath);

  async function shutdown(killFirst: boolean): Promise<void> {
    if (finished) return closed;
    finished = true;
    firmware.stop();
    pacer?.close();
    inputPacer?.close();
    if (killFirst && socat.exitCode === null) socat.kill('SIGKILL');
    if (port) await closePort(port);
    if (socat.exitCode === null && socat.signalCode === null) socat.kill('SIGTERM');
    await waitForExit(socat);
    removeStaleLink(stationPath);
    removeStaleLink(boardPath);
    resolveClosed();
    return closed;
  }

  socat.once('exit', () => {
    void shutdown(false);
  });

  try {
    port = await openPort(boardPath);
  } catch (error) {
    await shutdown(true);
    throw new StationError('sim-start-failed', `could not open the simulated board's pty ${boardPath}`, { cause: error });
  }
  const openedPort = port;
  openedPort.on('error', () => {
    void shutdown(false);
  });
  pacer = new UartPacer((bytes) => {
    if (openedPort.isOpen) openedPort.write(bytes);
  }, firmware.options.baud);
  // What the station sends reaches the firmware no faster than the wire carries it either.
  const receiving = new UartPacer((bytes) => firmware.receive(bytes), firmware.options.baud);
  inputPacer = receiving;
  const trace = onTrace;
  openedPort.on('data', (chunk: Buffer) => {
    if (trace) for (const line of chunk.toString('latin1').split('\n')) if (line) trace('rx', line.replace(/\r$/, ''));
    receiving.write(chunk);
  });
  firmware.start();

  return {
    serial,
    name,
    stationPath,
    boardPath,
    firmware,
    closed,
    stop: () => shutdown(false),
    vanish: () => shutdown(true),
  };
}

/**
 * Starts `count` boards in `dir`, serials and link names `<serialPrefix>0001`, `<serialPrefix>0002`, … (to
 * give boards the same serial, call startSimulatedBoard with distinct names). If one
 * fails to start, the ones already started are stopped and the error is rethrown.
 */
export async function startSimulatedBoards(
  count: number,
  baseOptions: Omit<SimulatedBoardOptions, 'dir' | 'name' | 'serial'>,
  dir: string,
  serialPrefix = 'SN-SIM-',
): Promise<SimulatedBoard[]> {
  if (!Number.isInteger(count) || count < 1 || count > 256) throw new TypeError(`count must be 1..256, got ${count}`);
  const boards: SimulatedBoard[] = [];
  try {
    for (let index = 1; index <= count; index += 1) {
      const serial = `${serialPrefix}${String(index).padStart(4, '0')}`;
      boards.push(await startSimulatedBoard({ ...baseOptions, serial, dir }));
    }
  } catch (error) {
    await Promise.all(boards.map((board) => board.stop()));
    throw error;
  }
  return boards;
}
