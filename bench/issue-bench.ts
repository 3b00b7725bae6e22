import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSelfSignedCaCertificate, generateCaKeyPair } from '../src-main/core/ca/ca-certificate-factory';
import { createCaSigner } from '../src-main/core/ca/ca-signer';
import { IssuingPipeline } from '../src-main/core/ca/issuing-pipeline';
import { encodePem } from '../src-main/core/ca/pem-codec';
import { x509 } from '../src-main/core/ca/x509-runtime';
import { Ledger } from '../src-main/core/ledger/ledger';
import { type BenchReporter, formatFigure, median } from './bench-report';

const PIPELINE_RUNS = 500;
const OPENSSL_RUNS = 30;
const WARMUP = 20;

async function makeCsrPems(count: number): Promise<string[]> {
  const pems: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const keys = await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const csr = await x509.Pkcs10CertificateRequestGenerator.create(
      { name: `CN=SN-BENCH-${index}`, keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } },
      globalThis.crypto,
    );
    pems.push(csr.toString('pem'));
  }
  return pems;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

/**
 * Issuing speed: the whole pipeline per certificate (decode, key/algorithm checks, signature
 * verification, profile, ECDSA signing with a non-extractable key, ledger commit in a real SQLite
 * file with synchronous=FULL) over 500 distinct CSRs, against the same work done with the openssl
 * CLI (`openssl req -verify` + `openssl x509 -req -CA`, one pair of processes per CSR, no ledger).
 * Targets: median ≤ 2 ms, ≥ 10× faster than the CLI. Reported, not asserted.
 * ISSUE_BENCH_DIR picks where the temporary ledger lives (e.g. /dev/shm to take the disk's fsync out).
 */
export async function runIssueBench(report: BenchReporter): Promise<void> {
  const dir = fs.mkdtempSync(path.join(process.env.ISSUE_BENCH_DIR ?? os.tmpdir(), 'issue-bench-'));
  try {
    const caKeys = await generateCaKeyPair();
    const now = new Date();
    const caCertificate = await createSelfSignedCaCertificate({
      keys: caKeys,
      subject: 'CN=Bench Line CA',
      notBefore: new Date(now.getTime() - 3_600_000),
      notAfter: new Date(now.getTime() + 5 * 365 * 86_400_000),
      serialBytes: globalThis.crypto.getRandomValues(new Uint8Array(16)),
    });
    const chainPem = caCertificate.toString('pem') + '\n';
    const pkcs8 = new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', caKeys.privateKey));
    const signingKey = await globalThis.crypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const signer = await createCaSigner(signingKey, chainPem);

    const csrs = await makeCsrPems(PIPELINE_RUNS + WARMUP);
    const ledger = Ledger.open(path.join(dir, 'ledger.sqlite'));
    const timings: number[] = [];
    try {
      const pipeline = new IssuingPipeline({ signer, recorder: ledger });
      for (let index = 0; index < csrs.length; index += 1) {
        const started = performance.now();
        await pipeline.issue({ csr: csrs[index] ?? '', boardSerial: `SN-BENCH-${index}` });
        if (index >= WARMUP) timings.push(performance.now() - started);
      }
    } finally {
      ledger.close();
    }
    const pipelineMedian = median(timings);
    report('issue: pipeline per certificate (median)', pipelineMedian, 'ms', `${PIPELINE_RUNS} CSRs, ledger commit included; target ≤ 2 ms`);
    report('issue: pipeline per certificate (p95)', percentile(timings, 0.95), 'ms');

    // The same CSRs again without the SQLite commit, to show what the durable write costs.
    const inMemory: number[] = [];
    let nextId = 0;
    const memoryPipeline = new IssuingPipeline({
      signer,
      recorder: { findCredentialsByPublicKeyHash: () => [], recordCredential: () => ({ id: (nextId += 1) }) },
    });
    for (let index = 0; index < csrs.length; index += 1) {
      const started = performance.now();
      await memoryPipeline.issue({ csr: csrs[index] ?? '', boardSerial: `SN-BENCH-${index}` });
      if (index >= WARMUP) inMemory.push(performance.now() - started);
    }
    report('issue: pipeline without the ledger commit (median)', median(inMemory), 'ms', 'in-memory recorder: parse, verify, profile, sign');

    // The same step with the openssl CLI. Its CA key is a throwaway file in the bench's temp dir.
    const caKeyPath = path.join(dir, 'bench-ca.key');
    fs.writeFileSync(caKeyPath, encodePem('PRIVATE KEY', pkcs8), { mode: 0o600 });
    pkcs8.fill(0);
    const caCertPath = path.join(dir, 'bench-ca.pem');
    fs.writeFileSync(caCertPath, chainPem);
    const extPath = path.join(dir, 'leaf.ext');
    fs.writeFileSync(extPath, 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
    const opensslTimings: number[] = [];
    for (let index = 0; index < OPENSSL_RUNS; index += 1) {
      const csrPath = path.join(dir, `csr-${index}.pem`);
      fs.writeFileSync(csrPath, csrs[index] ?? '');
      const serial = `0x${Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(16))).toString('hex')}`;
      const started = performance.now();
      execFileSync('openssl', ['req', '-in', csrPath, '-verify', '-noout'], { stdio: 'pipe' });
      execFileSync('openssl', [
        'x509', '-req', '-in', csrPath, '-CA', caCertPath, '-CAkey', caKeyPath, '-set_serial', serial,
        '-days', '365', '-sha256', '-extfile', extPath, '-subj', `/CN=SN-BENCH-${index}`, '-out', path.join(dir, `cert-${index}.pem`),
      ], { stdio: 'pipe' });
      opensslTimings.push(performance.now() - started);
    }
    const opensslMedian = median(opensslTimings);
    report('issue: openssl CLI req -verify + x509 -req (median)', opensslMedian, 'ms', `${OPENSSL_RUNS} CSRs, no ledger`);
    report('issue: pipeline speed-up over openssl CLI', opensslMedian / pipelineMedian, '×', 'target ≥ 10×');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runIssueBench((name, value, unit, note) => {
    process.stdout.write(`${formatFigure({ name, value, unit, note })}\n`);
  }).catch((error: unknown) => {
    process.stderr.write(`issue bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
