import fs from 'node:fs';
import type { Command } from 'commander';
import { LineCaService, type CaInfo } from '../../core/ca/line-ca-service';
import { dataDirPaths } from '../../core/config/data-dir';
import { loadStationConfig } from '../../core/config/station-config';
import { StationError } from '../../core/errors';
import { printJson, type CaCommandContext } from './ca-command-context';

export type { CaCommandContext } from './ca-command-context';

/** The line CA of the station whose data directory the context names. */
export function lineCaFor(context: CaCommandContext): LineCaService {
  const { stationId } = loadStationConfig(dataDirPaths(context.dataDir).config);
  return new LineCaService({ dataDir: context.dataDir, stationId, secretStore: context.secretStore });
}

/** Reads a text file named on the command line; `file-unreadable` when it cannot. */
export function readTextArgument(filePath: string, what: string): string {
  try {
    return fs.readFileSync(filePath, 'utf8');
  } catch (cause) {
    throw new StationError('file-unreadable', `Cannot read the ${what} file ${filePath}.`, {
      hint: 'Check the path and its permissions.',
      cause,
    });
  }
}

function printInfo(info: CaInfo, json: boolean): void {
  if (json) {
    printJson(info);
    return;
  }
  const lines = [
    `subject:        ${info.subject}`,
    `issuer:         ${info.issuer}`,
    `serial:         ${info.serialNumber}`,
    `SHA-256:        ${colonHex(info.sha256Fingerprint)}`,
    `SHA-1:          ${colonHex(info.sha1Fingerprint)}`,
    `valid:          ${info.notBefore} to ${info.notAfter}`,
    `private key:    ${info.hasKey ? 'present' : 'NOT FOUND (keychain locked, or the key is on another machine)'} in ${info.keyLocation}`,
    `chain:          ${info.chainLength} certificate(s)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function colonHex(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}

function parseYears(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const years = Number(value);
  if (!Number.isInteger(years)) {
    throw new StationError('usage', `--years must be a whole number, not "${value}".`, { hint: 'For example: --years 10.' });
  }
  return years;
}

/**
 * `station ca init|install-cert|import|show`. Output goes to stdout (JSON with --json); failures are
 * thrown as StationError for the CLI wrapper. No command prints or writes key material.
 */
export function registerCaCommands(program: Command, context: () => CaCommandContext): void {
  const ca = program.command('ca').description('the line CA: its key (OS keychain) and certificate chain');

  ca.command('init')
    .description('make the line CA key; self-signed, or with --csr a request for an offline root')
    .option('--subject <dn>', 'CA subject, e.g. "CN=Line 3 CA, O=Acme Sensors"')
    .option('--years <n>', 'validity of a self-signed CA certificate in years (default 10)')
    .option('--csr <file>', 'write a CSR for an offline root here instead of self-signing')
    .action(async (options: { subject?: string; years?: string; csr?: string }) => {
      const ctx = context();
      const service = lineCaFor(ctx);
      if (options.csr !== undefined) {
        const pending = await service.initWithCsr({ subject: options.subject });
        fs.writeFileSync(options.csr, pending.csrPem);
        if (ctx.json) printJson({ csrPath: options.csr, pendingCsrPath: pending.csrPath });
        else {
          process.stdout.write(
            `Wrote the CA certificate request to ${options.csr} (a copy stays in ${pending.csrPath}).\n` +
              'Have the offline root sign it, then run `station ca install-cert CERT --chain ROOT`.\n',
          );
        }
        return;
      }
      const info = await service.initSelfSigned({ subject: options.subject, validityYears: parseYears(options.years) });
      if (!ctx.json) process.stdout.write('Created a self-signed line CA.\n');
      printInfo(info, ctx.json);
    });

  ca.command('install-cert')
    .description('install the certificate an offline root issued for the pending CA request')
    .argument('<file>', 'CA certificate (PEM)')
    .option('--chain <file>', 'issuer certificates (PEM), direct issuer first')
    .action(async (file: string, options: { chain?: string }) => {
      const ctx = context();
      const chain = options.chain === undefined ? undefined : readTextArgument(options.chain, 'chain');
      const info = await lineCaFor(ctx).installCertificate(readTextArgument(file, 'certificate'), chain);
      if (!ctx.json) process.stdout.write('Installed the line CA certificate.\n');
      printInfo(info, ctx.json);
    });

  ca.command('import')
    .description('move an existing CA key into the OS keychain and install its certificate')
    .requiredOption('--key <file>', 'CA private key (PEM, unencrypted)')
    .requiredOption('--cert <file>', 'CA certificate (PEM)')
    .option('--chain <file>', 'issuer certificates (PEM), direct issuer first')
    .action(async (options: { key: string; cert: string; chain?: string }) => {
      const ctx = context();
      const chain = options.chain === undefined ? undefined : readTextArgument(options.chain, 'chain');
      const result = await lineCaFor(ctx).importExisting(
        readTextArgument(options.key, 'key'),
        readTextArgument(options.cert, 'certificate'),
        chain,
      );
      if (ctx.json) {
        printJson(result);
        return;
      }
      const { message, ...info } = result;
      printInfo(info, false);
      process.stdout.write(`${message.replace('The key file you imported', `The key file ${options.key}`)}\n`);
    });

  ca.command('show')
    .description('show the line CA certificate and where its key is')
    .option('--pem', 'print the certificate chain as PEM instead')
    .action(async (options: { pem?: boolean }) => {
      const ctx = context();
      const service = lineCaFor(ctx);
      if (options.pem) {
        process.stdout.write(service.chainPem());
        return;
      }
      printInfo(await service.show(), ctx.json);
    });
}
