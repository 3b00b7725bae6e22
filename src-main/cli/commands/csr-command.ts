import fs from 'node:fs';
import type { Command } from 'commander';
import { checkCsr } from '../../core/ca/csr-check';
import { IssuingPipeline } from '../../core/ca/issuing-pipeline';
import { dataDirPaths } from '../../core/config/data-dir';
import { loadStationConfig } from '../../core/config/station-config';
import { StationError } from '../../core/errors';
import { lineCaFor } from './ca-command';
import { openRecorder, printJson, type CaCommandContext } from './ca-command-context';

function readCsrFile(filePath: string): Uint8Array {
  try {
    return new Uint8Array(fs.readFileSync(filePath));
  } catch (cause) {
    throw new StationError('file-unreadable', `Cannot read the CSR file ${filePath}.`, {
      hint: 'Check the path and its permissions.',
      cause,
    });
  }
}

/**
 * `station csr check FILE` (the line's CSR policy, no CA needed: prints
 * {"verdict","reason","message"} with --json; exit 0 accept, 1 reject) and `station csr sign FILE
 * --serial S [--out FILE]` (issues with the line CA, records in the ledger, then prints or writes
 * the certificate PEM).
 */
export function registerCsrCommands(program: Command, context: () => CaCommandContext): void {
  const csr = program.command('csr').description('check and sign certificate signing requests');

  csr.command('check')
    .description('check a CSR against the line policy (P-256, ecdsa-with-SHA256, valid self-signature)')
    .argument('<file>', 'CSR as PEM, DER or base64url')
    .option('--json', 'print one JSON object {verdict, reason, message}')
    .action((file: string, options: { json?: boolean }) => {
      const json = options.json === true || context().json;
      const { verdict, reason, message } = checkCsr(readCsrFile(file));
      if (json) printJson({ verdict, reason, message });
      else process.stdout.write(verdict === 'accept' ? `accept: ${message}\n` : `reject (${reason ?? ''}): ${message}\n`);
      process.exitCode = verdict === 'accept' ? 0 : 1;
    });

  // `station sign` is the issue's name for it; `station csr sign` groups it with `csr check`.
  for (const parent of [csr, program]) {
    parent
      .command('sign')
      .description('issue a device certificate for a CSR with the line CA and record it in the ledger')
      .argument('<file>', 'CSR as PEM, DER or base64url')
      .requiredOption('--serial <serial>', 'the board serial the certificate is for')
      .option('--out <file>', 'write the certificate (PEM) here instead of printing it')
      .action((file: string, options: SignOptions) => signCsrFile(file, options, context()));
  }
}

interface SignOptions {
  serial: string;
  out?: string;
}

async function signCsrFile(file: string, options: SignOptions, ctx: CaCommandContext): Promise<void> {
  const csrBytes = readCsrFile(file);
  const config = loadStationConfig(dataDirPaths(ctx.dataDir).config);
  const signer = await lineCaFor(ctx).loadSigner();
  const recorder = openRecorder(ctx);
  try {
    const pipeline = new IssuingPipeline({ signer, recorder, profile: config.profile });
    const issued = await pipeline.issue({
      csr: csrBytes,
      boardSerial: options.serial,
      keyOrigin: 'offline-csr',
      enrollmentStatus: config.registry.url ? 'pending' : 'not-required',
    });
    if (options.out !== undefined) fs.writeFileSync(options.out, issued.certificatePem);
    const summary = {
      credentialId: issued.credentialId,
      subject: issued.subject,
      serialNumber: issued.serialNumber,
      thumbprint: issued.thumbprint,
      notBefore: issued.notBefore,
      notAfter: issued.notAfter,
      out: options.out ?? null,
    };
    if (ctx.json) printJson({ ...summary, certificatePem: options.out === undefined ? issued.certificatePem : null });
    else if (options.out === undefined) process.stdout.write(issued.certificatePem);
    else process.stdout.write(`Issued ${issued.subject} (serial ${issued.serialNumber}) to ${options.out}; recorded as credential ${issued.credentialId}.\n`);
  } finally {
    recorder.close();
  }
}
