import { describe, expect, it } from 'vitest';
import { csvField, csvRecord, parseCsv } from '../../../src-main/core/ledger/csv-codec';

describe('csv-codec', () => {
  it('quotes only fields that need it and doubles inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
    expect(csvRecord(['a', null, 'b,c'])).toBe('a,,"b,c"\r\n');
  });

  it('parses what it writes, including empty fields and a missing final line break', () => {
    const records = [
      ['id', 'text', ''],
      ['1', 'a "quoted", multi\r\nline value', 'x'],
      ['', '', ''],
    ];
    expect(parseCsv(records.map(csvRecord).join(''))).toEqual(records);
    expect(parseCsv('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('')).toEqual([]);
  });

  it('rejects malformed quoting', () => {
    expect(() => parseCsv('"open')).toThrow(TypeError);
    expect(() => parseCsv('ab"c')).toThrow(TypeError);
    expect(() => parseCsv('"a"b')).toThrow(TypeError);
  });
});
