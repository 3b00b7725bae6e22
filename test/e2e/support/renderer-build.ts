import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '../../..');
export const RENDERER_DIR = path.join(PROJECT_ROOT, 'out/renderer');
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-output/screenshots');

export const MAIN_BUNDLE = path.join(PROJECT_ROOT, 'out/main/index.js');
const BUILD_OUTPUTS = [path.join(RENDERER_DIR, 'index.html'), MAIN_BUNDLE, path.join(PROJECT_ROOT, 'out/preload/index.js')];
const BUILD_LOCK = path.join(PROJECT_ROOT, 'out/.e2e-build-lock');
const SOURCES = [path.join(PROJECT_ROOT, 'src-renderer'), path.join(PROJECT_ROOT, 'src-main')];
const LOCK_WAIT_MS = 5 * 60_000;

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isBuildCurrent(): boolean {
  if (!BUILD_OUTPUTS.every((output) => fs.existsSync(output))) return false;
  const builtAt = Math.min(...BUILD_OUTPUTS.map((output) => fs.statSync(output).mtimeMs));
  return SOURCES.every((dir) => newestMtimeMs(dir) <= builtAt);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `npx electron-vite build` when out/ (main, preload, renderer) is missing or older than the
 * sources (src-main, src-renderer);
 * returns the renderer dir. Test files run in parallel workers, so one builds (holding a lock
 * directory) while the others wait for it.
 */
export function ensureRendererBuilt(): string {
  const deadline = Date.now() + LOCK_WAIT_MS;
  while (!isBuildCurrent()) {
    fs.mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
    let hasLock = false;
    try {
      fs.mkdirSync(BUILD_LOCK);
      hasLock = true;
    } catch {
      if (Date.now() > deadline) throw new Error(`Gave up waiting for another build (remove ${BUILD_LOCK} if stale).`);
      sleepSync(500);
    }
    if (hasLock) {
      try {
        execFileSync('npx', ['electron-vite', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
      } finally {
        fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
      }
      break;
    }
  }
  return RENDERER_DIR;
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}
