/**
 * One line of a benchmark report: a measured figure, its unit, and (optionally) the target it is held to.
 * Speed goals live here, never in tests: these machines are shared and noisy, so figures are compared
 * side by side within one run (ratios), and targets are reported, not asserted.
 */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

export type BenchReporter = (name: string, value: number, unit: string, note?: string) => void;

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function formatFigure(figure: BenchFigure): string {
  const value = Math.abs(figure.value) >= 100 ? figure.value.toFixed(0) : figure.value.toPrecision(3);
  return `${figure.name.padEnd(58)} ${value.padStart(10)} ${figure.unit.padEnd(6)} ${figure.note ?? ''}`.trimEnd();
}
