import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

/**
 * Simulated boards in a process of their own (src-main/cli/board-sim.ts), as real boards are separate
 * hardware: the benchmarks then measure the station, not the station and its boards sharing one thread.
 */
export interface BoardFarm {
  stationPaths: string[];
  stop(): Promise<void>;
}

export async function startBoardFarm(options: { count: number; baud: number; serialPrefix: string; slots?: 1 | 2 }): Promise<BoardFarm> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-farm-'));
  const tsx = path.resolve(__dirname, '../node_modules/.bin/tsx');
  const child = spawn(
    tsx,
    [
      path.resolve(__dirname, '../src-main/cli/board-sim.ts'),
      '--dir', dir,
      '--count', String(options.count),
      '--baud', String(options.baud),
      '--serial-prefix', options.serialPrefix,
      '--slots', String(options.slots ?? 2),
      '--no-boot-banner',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const stationPaths: string[] = [];
  const lines = readline.createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`board-sim exited (${code ?? 'signal'}) before its ${options.count} boards were up`)));
    lines.on('line', (line) => {
      if (line.trim() !== '') stationPaths.push(line.trim());
      if (stationPaths.length === options.count) resolve();
    });
  });
  return {
    stationPaths,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
