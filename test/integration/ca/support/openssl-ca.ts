import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { writeFile } from './certificate-tools';

/** Makes a P-256 CA key and self-signed certificate with the openssl CLI; returns their paths. */
export function opensslCa(dir: string, name: string, subject: string): { keyPath: string; certPath: string } {
  const keyPath = path.join(dir, `${name}.key`);
  const certPath = path.join(dir, `${name}.pem`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath, '-out', certPath,
    '-subj', subject, '-days', '3650',
    '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:1',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ], { stdio: 'pipe' });
  return { keyPath, certPath };
}

/** Has the openssl root sign a CA CSR as an intermediate (CA:TRUE pathlen 0); returns the PEM path. */
export function opensslSignIntermediate(dir: string, csrPath: string, root: { keyPath: string; certPath: string }): string {
  const extPath = writeFile(
    dir,
    'intermediate.ext',
    'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  const outPath = path.join(dir, 'intermediate.pem');
  execFileSync('openssl', [
    'x509', '-req', '-in', csrPath, '-CA', root.certPath, '-CAkey', root.keyPath, '-CAcreateserial',
    '-days', '1825', '-sha256', '-extfile', extPath, '-out', outPath,
  ], { stdio: 'pipe' });
  return outPath;
}
