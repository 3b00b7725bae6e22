import fs from 'node:fs';
import path from 'node:path';

/** The shared CSR corpus (read-only) and its manifest. */
export const CORPUS_DIR = path.resolve(__dirname, '../../../../../shared/corpus');
export const CSR_DIR = path.join(CORPUS_DIR, 'csr');
export const NRF9160_CSR = path.join(CORPUS_DIR, 'device-samples', 'nrf9160-keygen-csr.der');

export interface CorpusCase {
  file: string;
  verdict: 'accept' | 'reject';
  reason: string | null;
  subject_cn: string | null;
  note: string;
  also_ok?: string[];
}

export function loadManifest(): CorpusCase[] {
  const raw: unknown = JSON.parse(fs.readFileSync(path.join(CSR_DIR, 'manifest.json'), 'utf8'));
  if (typeof raw !== 'object' || raw === null || !('cases' in raw) || !Array.isArray(raw.cases)) {
    throw new Error('corpus manifest has no cases');
  }
  return raw.cases.filter(isCorpusCase);
}

function isCorpusCase(value: unknown): value is CorpusCase {
  return typeof value === 'object' && value !== null && 'file' in value && 'verdict' in value && typeof value.file === 'string';
}

export function readCase(file: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(CSR_DIR, file)));
}

/** "accept" or "reject:<reason>" outcomes the manifest allows for a case. */
export function allowedOutcomes(entry: CorpusCase): string[] {
  const primary = entry.verdict === 'accept' ? 'accept' : `reject:${entry.reason ?? ''}`;
  return [primary, ...(entry.also_ok ?? [])];
}
