import { type BenchFigure, formatFigure } from './bench-report';
import { runIssueBench } from './issue-bench';
import { runLedgerBench } from './ledger-bench';
import { runProvisioningBench } from './provisioning-bench';

/**
 * `npm run bench`: every speed goal, measured side by side in one run and reported as figures and
 * ratios against their targets. Nothing here fails on a slow machine; read the ratios.
 */
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const suites: Array<[string, (report: (name: string, value: number, unit: string, note?: string) => void) => Promise<void>]> = [
    ['issue', runIssueBench],
    ['provisioning', runProvisioningBench],
    ['ledger', runLedgerBench],
  ];
  const figures: BenchFigure[] = [];
  for (const [name, run] of suites) {
    if (only.length > 0 && !only.includes(name)) continue;
    process.stdout.write(`\n== ${name} ==\n`);
    await run((figureName, value, unit, note) => {
      const figure = { name: figureName, value, unit, note };
      figures.push(figure);
      process.stdout.write(`${formatFigure(figure)}\n`);
    });
  }
  process.stdout.write(`\n${figures.length} figures measured on ${new Date().toISOString()}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
