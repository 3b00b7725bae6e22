import { describe, expect, it } from 'vitest';
import { compileNameGlob, parseFilenameGlob } from '../../../src-main/core/devices/filename-glob';

describe('file-name glob', () => {
  it('matches *, ? and classes on the name part only', () => {
    const glob = parseFilenameGlob('/tmp/station-ptys/board-*');
    expect(glob.directory).toBe('/tmp/station-ptys');
    expect(glob.matches('board-1')).toBe(true);
    expect(glob.matches('board-')).toBe(true);
    expect(glob.matches('xboard-1')).toBe(false);
    expect(compileNameGlob('ttyACM?').test('ttyACM0')).toBe(true);
    expect(compileNameGlob('ttyACM?').test('ttyACM10')).toBe(false);
    expect(compileNameGlob('tty[AU]*').test('ttyUSB0')).toBe(true);
    expect(compileNameGlob('tty[!AU]*').test('ttyUSB0')).toBe(false);
    expect(compileNameGlob('a.b+c').test('a.b+c')).toBe(true);
    expect(compileNameGlob('a.b+c').test('aXb+c')).toBe(false);
  });

  it('skips hidden files', () => {
    expect(parseFilenameGlob('/dev/*').matches('.hidden')).toBe(false);
  });

  it('throws TypeError on wildcards in the directory, an unclosed class or an empty name', () => {
    expect(() => parseFilenameGlob('/tmp/*/board')).toThrow(TypeError);
    expect(() => parseFilenameGlob('/tmp/board-[')).toThrow(TypeError);
    expect(() => parseFilenameGlob('/tmp/')).toThrow(TypeError);
    expect(() => parseFilenameGlob('')).toThrow(TypeError);
  });
});
