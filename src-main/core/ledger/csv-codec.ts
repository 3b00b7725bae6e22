/**
 * RFC 4180 CSV: fields joined by commas, records ended by CRLF; a field holding a comma, quote, CR
 * or LF is wrapped in quotes with inner quotes doubled. null/undefined become an empty field.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRecord(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * Parses RFC 4180 text (CRLF or LF record ends) into records of fields. A final line break is optional.
 * Failure: throws TypeError on an unterminated quoted field or a stray quote inside an unquoted field.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let index = 0;
  let isQuoted = false;
  let fieldStarted = false;
  while (index < text.length) {
    const char = text[index];
    if (isQuoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 2;
          continue;
        }
        isQuoted = false;
        index += 1;
        const next = text[index];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
          throw new TypeError(`CSV: unexpected character after a closing quote at offset ${index}`);
        }
        continue;
      }
      field += char;
      index += 1;
      continue;
    }
    if (char === '"') {
      if (field.length > 0) throw new TypeError(`CSV: quote inside an unquoted field at offset ${index}`);
      isQuoted = true;
      fieldStarted = true;
      index += 1;
    } else if (char === ',') {
      record.push(field);
      field = '';
      fieldStarted = true;
      index += 1;
    } else if (char === '\r' || char === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      fieldStarted = false;
      index += char === '\r' && text[index + 1] === '\n' ? 2 : 1;
    } else {
      field += char;
      fieldStarted = true;
      index += 1;
    }
  }
  if (isQuoted) throw new TypeError('CSV: unterminated quoted field');
  if (fieldStarted || field.length > 0 || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
