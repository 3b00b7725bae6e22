/** PEM armor (RFC 7468) for certificates, chains, CSRs and keys. */

export interface PemBlock {
  label: string;
  der: Uint8Array<ArrayBuffer>;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export function encodePem(label: string, der: Uint8Array): string {
  const body = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Every armored block in `text`, in order; text between blocks is ignored. */
export function decodePemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const [, label = '', body = ''] = match;
    blocks.push({ label, der: new Uint8Array(Buffer.from(body.replace(/\s+/g, ''), 'base64')) });
  }
  return blocks;
}

/** The DER of every CERTIFICATE block, in order. */
export function decodeCertificates(text: string): Uint8Array<ArrayBuffer>[] {
  return decodePemBlocks(text)
    .filter((block) => block.label === 'CERTIFICATE')
    .map((block) => block.der);
}
