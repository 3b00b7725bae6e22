/**
 * A strict DER reader (X.690 §10) for the few structures the CA reads on its hot path. It refuses what
 * a lenient BER parser would accept: indefinite lengths, non-minimal length octets, high-tag-number
 * form, and bytes left over after the outermost element. Constructed elements are read recursively, so
 * a single call proves the whole blob is well-formed DER.
 *
 * NOTE: @peculiar/asn1-schema (asn1js) accepts BER; it is used for the rare paths (names, extensions),
 * while this reader is the gate every untrusted CSR passes first.
 */
export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

export interface DerElement {
  /** The identifier octet (class, constructed bit and tag number). */
  readonly tag: number;
  readonly isConstructed: boolean;
  /** Offset of the identifier octet in `source`. */
  readonly start: number;
  /** Offset of the first content octet. */
  readonly contentStart: number;
  /** Offset after the last content octet. */
  readonly end: number;
  readonly source: Uint8Array;
  /** Child elements of a constructed element; empty for primitives. */
  readonly children: readonly DerElement[];
}

export const DerTag = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

const MAX_DEPTH = 32;

/** Reads exactly one DER element spanning all of `bytes`; throws DerError otherwise. */
export function readDer(bytes: Uint8Array): DerElement {
  if (bytes.length === 0) throw new DerError('empty input');
  const element = readElement(bytes, 0, bytes.length, 0);
  if (element.end !== bytes.length) {
    throw new DerError(`${bytes.length - element.end} byte(s) after the end of the DER element`);
  }
  return element;
}

function readElement(source: Uint8Array, offset: number, limit: number, depth: number): DerElement {
  if (depth > MAX_DEPTH) throw new DerError('nesting too deep');
  if (offset + 2 > limit) throw new DerError('truncated element header');
  const tag = source[offset] ?? 0;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high-tag-number form is not used here');
  const first = source[offset + 1] ?? 0;
  let length: number;
  let contentStart: number;
  if (first < 0x80) {
    length = first;
    contentStart = offset + 2;
  } else if (first === 0x80) {
    throw new DerError('indefinite length (BER) is not DER');
  } else {
    const count = first & 0x7f;
    if (count > 3) throw new DerError('length too large');
    if (offset + 2 + count > limit) throw new DerError('truncated length');
    length = 0;
    for (let index = 0; index < count; index += 1) length = length * 256 + (source[offset + 2 + index] ?? 0);
    if ((source[offset + 2] ?? 0) === 0 || length < 0x80) throw new DerError('length not in minimal form');
    contentStart = offset + 2 + count;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError('element runs past the end of its container');
  const isConstructed = (tag & 0x20) !== 0;
  const children: DerElement[] = [];
  if (isConstructed) {
    let cursor = contentStart;
    while (cursor < end) {
      const child = readElement(source, cursor, end, depth + 1);
      children.push(child);
      cursor = child.end;
    }
  }
  return { tag, isConstructed, start: offset, contentStart, end, source, children };
}

/** The whole element (header and content) as a view into its source. */
export function derBytes(element: DerElement): Uint8Array {
  return element.source.subarray(element.start, element.end);
}

/** The content octets as a view into the source. */
export function derContent(element: DerElement): Uint8Array {
  return element.source.subarray(element.contentStart, element.end);
}

/** Returns the child at `index` when it has the expected tag; throws DerError otherwise. */
export function derChild(element: DerElement, index: number, tag: number, what: string): DerElement {
  const child = element.children[index];
  if (!child || child.tag !== tag) throw new DerError(`${what} missing or of the wrong type`);
  return child;
}

/** Decodes an OBJECT IDENTIFIER element to dotted form. */
export function derOid(element: DerElement): string {
  if (element.tag !== DerTag.oid) throw new DerError('expected an OBJECT IDENTIFIER');
  const content = derContent(element);
  if (content.length === 0) throw new DerError('empty OBJECT IDENTIFIER');
  const arcs: number[] = [];
  let value = 0;
  for (let index = 0; index < content.length; index += 1) {
    const byte = content[index] ?? 0;
    if (value === 0 && byte === 0x80) throw new DerError('OBJECT IDENTIFIER arc not minimal');
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) throw new DerError('OBJECT IDENTIFIER arc too large');
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    } else if (index === content.length - 1) {
      throw new DerError('truncated OBJECT IDENTIFIER');
    }
  }
  const head = arcs[0] ?? 0;
  const firstArc = head < 40 ? 0 : head < 80 ? 1 : 2;
  return [firstArc, head - firstArc * 40, ...arcs.slice(1)].join('.');
}

/** The bytes of a BIT STRING whose unused-bits octet is 0 (keys, signatures). */
export function derBitStringBytes(element: DerElement, what: string): Uint8Array {
  const content = derContent(element);
  if (element.tag !== DerTag.bitString || content.length < 1 || content[0] !== 0) {
    throw new DerError(`${what} is not a whole-octet BIT STRING`);
  }
  return content.subarray(1);
}
