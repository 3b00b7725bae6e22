import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Two linked ptys made by a real socat process; `kill()` is the unplug. */
export interface SocatPtyPair {
  dir: string;
  stationPath: string;
  boardPath: string;
  kill(): Promise<void>;
  dispose(): Promise<void>;
}

/** Starts `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B` and waits for both links. */
export async function startSocatPair(dir = mkdtempSync(join(tmpdir(), 'station-pty-')), names = ['station', 'board']): Promise<SocatPtyPair> {
  const stationPath = join(dir, names[0] ?? 'station');
  const boardPath = join(dir, names[1] ?? 'board');
  const child: ChildProcess = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${stationPath}`, `pty,raw,echo=0,link=${boardPath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let waited = 0; !(existsSync(stationPath) && existsSync(boardPath)); waited += 10) {
    if (waited > 5000 || child.exitCode !== null) throw new Error(`socat did not make the ptys: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return {
    dir,
    stationPath,
    boardPath,
    kill,
    dispose: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
