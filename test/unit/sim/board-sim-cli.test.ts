import { describe, expect, it } from 'vitest';
import { parseBoardSimArgs } from '../../../src-main/cli/board-sim';

const argv = (...args: string[]): string[] => ['node', 'board-sim', ...args];

describe('board-sim CLI arguments', () => {
  it('maps flags to board options', () => {
    const settings = parseBoardSimArgs(
      argv(
        '--dir', '/tmp/ptys', '--count', '4', '--serial-prefix', 'SN-X-', '--keygen-ms', '200', '--caps', 'keygen,inject',
        '--slots', '2', '--noise', '0.1', '--baud', '115200', '--drop-once', 'STATUS,CSR', '--drop-once', 'END',
        '--error-once', 'KEYGEN:500', '--vanish-at', 'COMMIT', '--wrong-key-csr', 'foreign-key', '--shared-key', 'dup',
        '--no-boot-banner', '--state-dir', '/tmp/state',
      ),
    );
    expect(settings).toMatchObject({ dir: '/tmp/ptys', count: 4, serialPrefix: 'SN-X-', stateDir: '/tmp/state', trace: false });
    expect(settings.board).toMatchObject({
      keygenMs: 200,
      caps: ['keygen', 'inject'],
      slots: 2,
      logNoise: 0.1,
      baud: 115_200,
      dropResponseOnce: ['STATUS', 'CSR', 'END'],
      errorOnce: [{ command: 'KEYGEN', code: 500 }],
      vanishAtStep: 'COMMIT',
      wrongKeyCsr: 'foreign-key',
      sharedKeyWith: 'dup',
      bootBanner: false,
    });
  });

  it('has defaults for everything but --dir', () => {
    const settings = parseBoardSimArgs(argv('--dir', '/tmp/ptys'));
    expect(settings.count).toBe(1);
    expect(settings.serialPrefix).toBe('SN-SIM-');
    expect(settings.board.bootBanner).toBe(true);
    expect(() => parseBoardSimArgs(argv())).toThrow();
  });

  it.each([
    ['--slots', '3'],
    ['--noise', '1.5'],
    ['--count', '0'],
    ['--caps', 'keygen,telepathy'],
    ['--error-once', 'KEYGEN'],
    ['--drop-once', 'keygen'],
    ['--max-line', '100'],
  ])('rejects %s %s', (flag, value) => {
    expect(() => parseBoardSimArgs(argv('--dir', '/tmp/ptys', flag, value))).toThrow();
  });
});
