/** What every table of the bench shares: medians, number formats, fixed-width rows and the machine header. */
import os from 'node:os';

/** One column of a printed table. */
export interface Column {
  readonly title: string;
  readonly width: number;
  readonly align: 'left' | 'right';
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('the median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Samples per second with three significant digits and a k / M suffix: "41.2 M", "5.31 k". */
export function formatRate(samplesPerSecond: number): string {
  if (samplesPerSecond >= 1e6) return `${(samplesPerSecond / 1e6).toPrecision(3)} M`;
  if (samplesPerSecond >= 1e3) return `${(samplesPerSecond / 1e3).toPrecision(3)} k`;
  return samplesPerSecond.toPrecision(3);
}

/** A ratio as "1.23" below 10 and "23.4" above, so that wide gaps do not print spurious digits. */
export function formatRatio(ratio: number): string {
  return ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2);
}

/** One row, each cell padded to its column's width. */
export function formatRow(columns: readonly Column[], cells: readonly string[]): string {
  return cells
    .map((cell, k) => {
      const column = columns[k]!;
      return column.align === 'left' ? cell.padEnd(column.width) : cell.padStart(column.width);
    })
    .join(' | ')
    .trimEnd();
}

/** Prints the titles of the columns and the rule under them. */
export function printColumnTitles(columns: readonly Column[]): void {
  const titles = formatRow(
    columns,
    columns.map((column) => column.title),
  );
  console.log(titles);
  console.log(titles.replace(/[^|]/g, '-').replace(/\|/g, '+'));
}

/** Prints what a reader needs to compare runs across machines: date, Node and V8, CPU model and count. */
export function printMachineHeader(): void {
  const cpus = os.cpus();
  console.log('SGD Lab engine benchmark');
  console.log(`date     ${new Date().toISOString()}`);
  console.log(`node     ${process.version} (V8 ${process.versions.v8}), ${process.platform}/${process.arch}`);
  console.log(`cpu      ${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`);
  console.log('');
}

/** Prints a table's method: the first line labelled, the rest indented under it. */
export function printMethod(lines: readonly string[]): void {
  lines.forEach((line, k) => console.log(`${k === 0 ? 'method  ' : '        '} ${line}`));
  console.log('');
}
