#!/usr/bin/env node
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { startSimulatedBoards, type SimulatedBoard } from '../core/sim/board-pty-host';
import type { BoardSimCapability, BoardSimOptions, InjectedError, WrongKeyCsrMode } from '../core/sim/board-sim-options';
import { resolveBoardSimOptions } from '../core/sim/board-sim-options';

/**
 * `board-sim`: simulated boards on socat ptys, for demos, training and manual tests of the station.
 *
 *     npx tsx src-main/cli/board-sim.ts --dir /tmp/station-ptys --count 4 [--serial-prefix SN-SIM-]
 *       [--keygen-ms 200] [--caps keygen,inject] [--slots 2] [--noise 0.1] …
 *
 * Prints each board's station-side path on stdout (one per line; a serial → path table goes to stderr)
 * and runs until SIGINT/SIGTERM, then stops the boards and removes their links. Exit code 2 on bad
 * arguments, 1 when the boards cannot start.
 */
export interface BoardSimCliSettings {
  dir: string;
  count: number;
  serialPrefix: string;
  stateDir: string | null;
  trace: boolean;
  board: Partial<BoardSimOptions>;
}

function integer(min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) throw new InvalidArgumentError(`expected an integer ${min}..${max}`);
    return value;
  };
}

function probability(raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) throw new InvalidArgumentError('expected a number 0..1');
  return value;
}

function commandWord(raw: string): string {
  if (!/^[A-Z][A-Z0-9_]*$/.test(raw)) throw new InvalidArgumentError('expected a command word such as KEYGEN');
  return raw;
}

function collectWords(raw: string, previous: string[]): string[] {
  return [...previous, ...raw.split(',').map(commandWord)];
}

function collectErrors(raw: string, previous: InjectedError[]): InjectedError[] {
  const match = /^([A-Z][A-Z0-9_]*):(\d{3})$/.exec(raw);
  if (!match) throw new InvalidArgumentError('expected COMMAND:CODE, e.g. KEYGEN:500');
  return [...previous, { command: match[1] ?? '', code: Number(match[2]) }];
}

function capabilities(raw: string): BoardSimCapability[] {
  return raw.split(',').map((cap) => {
    if (cap !== 'keygen' && cap !== 'inject' && cap !== 'userpass') throw new InvalidArgumentError('capabilities are keygen, inject, userpass');
    return cap;
  });
}

function csrMode(raw: string): WrongKeyCsrMode {
  if (raw !== 'off' && raw !== 'foreign-key' && raw !== 'bad-signature') throw new InvalidArgumentError('expected off, foreign-key or bad-signature');
  return raw;
}

function slots(raw: string): 1 | 2 {
  if (raw === '1') return 1;
  if (raw === '2') return 2;
  throw new InvalidArgumentError('expected 1 or 2');
}

export function buildBoardSimProgram(onSettings: (settings: BoardSimCliSettings) => void): Command {
  return new Command('board-sim')
    .description('Simulated Station Link Protocol v1 boards on socat pty pairs.')
    .requiredOption('--dir <dir>', 'directory for the pty links (<dir>/<serial>-station, <dir>/<serial>-board)')
    .option('--count <n>', 'number of boards', integer(1, 256), 1)
    .option('--serial-prefix <prefix>', 'serials are <prefix>0001, <prefix>0002, …', 'SN-SIM-')
    .option('--model <model>', 'model reported by HELLO')
    .option('--fw <version>', 'firmware version reported by HELLO')
    .option('--caps <list>', 'capabilities: keygen,inject,userpass', capabilities)
    .option('--slots <n>', 'credential slots: 1 or 2', slots)
    .option('--max-line <bytes>', 'max_line (≥ 512)', integer(512, 1 << 20))
    .option('--max-transfer <bytes>', 'largest PUT len', integer(1, 1 << 24))
    .option('--keygen-ms <ms>', 'KEYGEN work time (WAIT lines meanwhile)', integer(0, 600_000))
    .option('--baud <baud>', 'pace output at baud/10 bytes per second (0 = unthrottled)', integer(0, 10_000_000))
    .option('--noise <p>', 'probability of a log line around each response', probability)
    .option('--log-interval-ms <ms>', 'mean interval of idle log lines (0 = off)', integer(0, 3_600_000))
    .option('--no-boot-banner', 'no boot log line at start')
    .option('--drop-once <commands>', 'lose the first response to these commands (repeatable, comma list)', collectWords, [])
    .option('--corrupt-once <commands>', 'flip a byte in the first response to these commands', collectWords, [])
    .option('--error-once <command:code>', 'answer ERR code to the first such command (repeatable)', collectErrors, [])
    .option('--vanish-at <command>', 'the board vanishes when this command arrives', commandWord)
    .option('--wrong-key-csr <mode>', 'off, foreign-key or bad-signature', csrMode)
    .option('--shared-key <seed>', 'deterministic keys: boards with the same seed make the same key pair')
    .option('--state-dir <dir>', 'keep each board flash in <dir>/<serial>.json between runs')
    .option('--trace', 'log every line in and out on stderr')
    .action((opts: Record<string, unknown>) => {
      const text = (key: string): string | undefined => (typeof opts[key] === 'string' ? opts[key] : undefined);
      const num = (key: string): number | undefined => (typeof opts[key] === 'number' ? opts[key] : undefined);
      const board: Partial<BoardSimOptions> = {
        model: text('model'),
        fw: text('fw'),
        caps: Array.isArray(opts.caps) ? capabilities(opts.caps.join(',')) : undefined,
        slots: opts.slots === 1 || opts.slots === 2 ? opts.slots : undefined,
        maxLine: num('maxLine'),
        maxTransfer: num('maxTransfer'),
        keygenMs: num('keygenMs'),
        baud: num('baud'),
        logNoise: num('noise'),
        logIntervalMs: num('logIntervalMs'),
        bootBanner: opts.bootBanner !== false,
        dropResponseOnce: Array.isArray(opts.dropOnce) ? opts.dropOnce.map(String) : [],
        corruptResponseOnce: Array.isArray(opts.corruptOnce) ? opts.corruptOnce.map(String) : [],
        errorOnce: Array.isArray(opts.errorOnce) ? opts.errorOnce.filter(isInjectedError) : [],
        vanishAtStep: text('vanishAt') ?? null,
        wrongKeyCsr: text('wrongKeyCsr') ? csrMode(text('wrongKeyCsr') ?? 'off') : undefined,
        sharedKeyWith: text('sharedKey') ?? null,
      };
      resolveBoardSimOptions(board);
      const stateDir = text('stateDir');
      onSettings({
        dir: path.resolve(text('dir') ?? '.'),
        count: num('count') ?? 1,
        serialPrefix: text('serialPrefix') ?? 'SN-SIM-',
        stateDir: stateDir ? path.resolve(stateDir) : null,
        trace: opts.trace === true,
        board,
      });
    });
}

function isInjectedError(value: unknown): value is InjectedError {
  return (
    typeof value === 'object' && value !== null && 'command' in value && typeof value.command === 'string' && 'code' in value && typeof value.code === 'number'
  );
}

/** Parses argv (node, script, …args) into settings; throws CommanderError / TypeError on bad input. */
export function parseBoardSimArgs(argv: string[]): BoardSimCliSettings {
  let parsed: BoardSimCliSettings | null = null;
  const program = buildBoardSimProgram((settings) => {
    parsed = settings;
  });
  program.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  program.parse(argv);
  if (parsed === null) throw new TypeError('no settings parsed');
  return parsed;
}

async function main(argv: string[]): Promise<number> {
  let settings: BoardSimCliSettings;
  try {
    let captured: BoardSimCliSettings | null = null;
    buildBoardSimProgram((s) => {
      captured = s;
    })
      .exitOverride()
      .parse(argv);
    if (captured === null) return 2;
    settings = captured;
  } catch (error) {
    if (error instanceof TypeError) process.stderr.write(`board-sim: ${error.message}\n`);
    const exitCode = typeof error === 'object' && error !== null && 'exitCode' in error && typeof error.exitCode === 'number' ? error.exitCode : 2;
    return exitCode === 0 ? 0 : 2;
  }

  let boards: SimulatedBoard[];
  try {
    boards = await startSimulatedBoards(
      settings.count,
      {
        ...settings.board,
        ...(settings.stateDir ? { stateDir: settings.stateDir } : {}),
        ...(settings.trace ? { onTrace: (direction: 'rx' | 'tx', line: string) => process.stderr.write(`${direction} ${line}\n`) } : {}),
      },
      settings.dir,
      settings.serialPrefix,
    );
  } catch (error) {
    process.stderr.write(`board-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  for (const board of boards) {
    process.stdout.write(`${board.stationPath}\n`);
    process.stderr.write(`${board.serial}\t${board.stationPath}\n`);
    void board.closed.then(() => process.stderr.write(`${board.serial} is gone\n`));
  }
  process.stderr.write('board-sim: running; Ctrl-C to stop\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await Promise.all(boards.map((board) => board.stop()));
  return 0;
}

if (process.argv[1] && /board-sim\.[cm]?[jt]s$/.test(process.argv[1])) {
  void main(process.argv).then((code) => process.exit(code));
}
