import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface PythonCertificateView {
  version: string;
  subject: string;
  serial: number;
  serialBits: number;
  notBefore: string;
  notAfter: string;
  signatureOid: string;
  curve: string;
  basicConstraints: { critical: boolean; ca: boolean; pathLength: number | null } | null;
  keyUsage: { critical: boolean; digitalSignature: boolean; keyCertSign: boolean; crlSign: boolean; keyEncipherment: boolean } | null;
  extKeyUsage: string[] | null;
  clientAuth: boolean;
  hasSubjectAltName: boolean;
  subjectKeyIdentifier: string | null;
  authorityKeyIdentifier: string | null;
  extensionCount: number;
}

/**
 * Debian's python3 (with the python3-cryptography package that .ci/run installs) when present, so the
 * check does not depend on whichever python3 comes first on PATH; PYTHON overrides.
 */
function pythonWithCryptography(): string {
  if (process.env.PYTHON) return process.env.PYTHON;
  return fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/** Parses a DER certificate with python3's cryptography package (x509.load_der_x509_certificate). */
export function inspectWithPython(derPath: string): PythonCertificateView {
  const output = execFileSync(pythonWithCryptography(), [path.join(__dirname, 'inspect_certificate.py'), derPath], { encoding: 'utf8' });
  const parsed: unknown = JSON.parse(output);
  if (typeof parsed !== 'object' || parsed === null || !('subject' in parsed)) throw new Error('unexpected python output');
  // The script's output shape is fixed by inspect_certificate.py.
  return parsed as PythonCertificateView;
}

/** `openssl verify -x509_strict -purpose sslclient -CAfile chain -attime t leaf`; returns status and output. */
export function opensslVerify(chainPath: string, leafPemPath: string, at: Date): { ok: boolean; output: string } {
  const result = spawnSync(
    'openssl',
    ['verify', '-x509_strict', '-purpose', 'sslclient', '-attime', String(Math.floor(at.getTime() / 1000)), '-CAfile', chainPath, leafPemPath],
    { encoding: 'utf8' },
  );
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
  const filePath = path.join(dir, name);
  fs.writeFileSync(filePath, content);
  return filePath;
}
