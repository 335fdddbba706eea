import Papa, { type ParseError } from 'papaparse';
import { CSV_LIMITS, type LabelledPoints } from './csvFormat.ts';
import { PLANE_EXTENT } from './datasets.ts';
import { describeError } from './errors.ts';

// The page loads this reader, and papaparse with it, only when a file is imported; the limits and the
// writer live in csvFormat.ts so that the page names the limits and exports points without it.
export { CSV_LIMITS, serializePointsCsv, type LabelledPoints } from './csvFormat.ts';

/** A successfully read CSV file: the points, which label text became +1 and −1, and what was noticed on the way. */
export interface CsvImport {
  readonly points: LabelledPoints;
  /** The label texts (as first seen in the file) read as +1 and as −1. */
  readonly labelNames: { readonly positive: string; readonly negative: string };
  /** Whether the first row was a header (its x and y cells were not numbers) and so not read as a point. */
  readonly skippedHeader: boolean;
  /** How many points lie outside the plane the app draws, [−6, 6]²; the caller may clamp or warn. */
  readonly outsidePlane: number;
}

/** The outcome of reading a CSV file: the import, or one message for people that names the line at fault. */
export type CsvResult =
  { readonly ok: true; readonly value: CsvImport } | { readonly ok: false; readonly error: string };

const columnNames = ['x', 'y', 'label'] as const;

/** Decimal numbers only: Number() would also take "", "0x1f", "0b1" and "Infinity", which a CSV should not. */
const numberPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Name pairs whose meaning is clear, [positive, negative], compared without regard to case. Any other two
 * names: the first one seen in the file is +1. Two numbers: the larger is +1 (so −1/+1 and 0/1 map as expected).
 */
const knownLabelPairs: readonly (readonly [string, string])[] = [
  ['positive', 'negative'],
  ['pos', 'neg'],
  ['yes', 'no'],
  ['y', 'n'],
  ['true', 'false'],
  ['t', 'f'],
  ['+', '-'],
  ['a', 'b'],
];

interface LabelClass {
  /** Identity of the class: numbers compare by value ("1", "1.0" and "+1" are one class), names by text. */
  readonly key: string;
  /** The text as first seen, reported in labelNames. */
  readonly text: string;
  /** The numeric value when the label is a number. */
  readonly value: number | undefined;
}

/** Reads labelled points from CSV text (columns x, y, label; optional header); never throws, whatever the text. */
export function parsePointsCsv(text: string): CsvResult {
  try {
    return parseChecked(text);
  } catch (error) {
    // Nothing above is expected to throw; this keeps the promise for any input should papaparse surprise us.
    return failure(`the file could not be read (${describeError(error)})`);
  }
}

function parseChecked(text: string): CsvResult {
  // Every UTF-16 unit takes 1 to 3 bytes in UTF-8, so only a text near the limit needs counting.
  if (3 * text.length > CSV_LIMITS.bytes) {
    const bytes = utf8Length(text);
    if (bytes > CSV_LIMITS.bytes) {
      return failure(
        `the file is ${groupDigits(bytes)} bytes (${(bytes / 1e6).toFixed(1)} MB); ` +
          `at most ${groupDigits(CSV_LIMITS.bytes)} bytes (${CSV_LIMITS.bytes / 1e6} MB) are allowed`,
      );
    }
  }
  // One kind of line break, so papaparse splits every line and a line number is a count of "\n".
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');

  const coordinates: number[] = [];
  const classOfRow: number[] = [];
  const classes: LabelClass[] = [];
  let rows = 0;
  let sawFirstRow = false;
  let skippedHeader = false;
  let firstError: string | undefined;
  let scannedTo = 0;
  let lineAtScan = 1;
  let rowStart = 0;

  Papa.parse<string[]>(normalized, {
    newline: '\n',
    delimitersToGuess: [',', ';', '\t'],
    step: (result) => {
      const start = rowStart;
      rowStart = result.meta.cursor;
      const cells = result.data;
      // Blank lines, and rows of empty cells such as the ",," that spreadsheets write, are not rows.
      if (cells.every((cell) => cell.trim() === '')) return;
      if (!sawFirstRow) {
        sawFirstRow = true;
        if (cells.length === 3 && !isNumberText(cells[0]) && !isNumberText(cells[1])) {
          skippedHeader = true;
          return;
        }
      }
      rows++;
      // After the first error only the rows are counted, so that the limit can still be reported exactly.
      if (firstError !== undefined || rows > CSV_LIMITS.rows) return;
      for (; scannedTo < start; scannedTo++) if (normalized.charCodeAt(scannedTo) === 10) lineAtScan++;
      const problem = readRow(cells, result.errors, coordinates, classOfRow, classes);
      if (problem !== undefined) firstError = `line ${lineAtScan}: ${problem}`;
    },
  });

  if (rows > CSV_LIMITS.rows) {
    return failure(
      `the file has ${groupDigits(rows)} rows; at most ${groupDigits(CSV_LIMITS.rows)} are allowed`,
    );
  }
  if (firstError !== undefined) return failure(firstError);
  if (rows === 0) return failure(skippedHeader ? 'the file has a header but no points' : 'the file is empty');
  if (rows === 1) return failure('the file has only 1 point; at least 2 are needed');
  const [first, second] = classes;
  if (first === undefined || second === undefined) {
    return failure(
      `all ${groupDigits(rows)} points have the label ${quote(first?.text ?? '')}; ` +
        'both classes must be present (two labels, such as −1 and +1)',
    );
  }

  const positiveIndex = isFirstPositive(first, second) ? 0 : 1;
  const x = Float64Array.from(coordinates);
  const y = Float64Array.from(classOfRow, (index) => (index === positiveIndex ? 1 : -1));
  let outsidePlane = 0;
  for (let i = 0; i < y.length; i++) {
    if (Math.abs(x[2 * i] as number) > PLANE_EXTENT || Math.abs(x[2 * i + 1] as number) > PLANE_EXTENT)
      outsidePlane++;
  }
  const [positive, negative] = positiveIndex === 0 ? [first, second] : [second, first];
  return {
    ok: true,
    value: {
      points: { x, y },
      labelNames: { positive: positive.text, negative: negative.text },
      skippedHeader,
      outsidePlane,
    },
  };
}

/** Checks one data row and appends it; returns the problem (without the line number) if there is one. */
function readRow(
  cells: readonly string[],
  errors: readonly ParseError[],
  coordinates: number[],
  classOfRow: number[],
  classes: LabelClass[],
): string | undefined {
  const quoteError = errors.find((error) => error.type === 'Quotes');
  if (quoteError !== undefined) return `badly quoted field (${quoteError.message.toLowerCase()})`;
  if (cells.length !== 3) {
    const hint = cells.length === 1 ? ' — separate them with commas, semicolons or tabs' : '';
    return `expected 3 columns (x, y, label), found ${cells.length}${hint}`;
  }
  const values: number[] = [];
  for (let column = 0; column < 2; column++) {
    const cell = (cells[column] as string).trim();
    const name = columnNames[column] as string;
    if (cell === '') return `empty cell (column ${name})`;
    if (!numberPattern.test(cell)) return `${quote(cell)} is not a number (column ${name})`;
    const value = Number(cell);
    if (!Number.isFinite(value)) return `${quote(cell)} is too large to be a finite number (column ${name})`;
    values.push(value);
  }
  const label = (cells[2] as string).trim();
  if (label === '') return 'empty cell (column label)';
  const value = numberPattern.test(label) && Number.isFinite(Number(label)) ? Number(label) : undefined;
  // `${-0}` is "0", so "-0" and "0" are one class, as they should be.
  const key = value === undefined ? `name:${label}` : `number:${value}`;
  let index = classes.findIndex((labelClass) => labelClass.key === key);
  if (index === -1) {
    const [first, second] = classes;
    if (first !== undefined && second !== undefined) {
      return (
        `a third label ${quote(label)} (after ${quote(first.text)} and ${quote(second.text)}) — ` +
        'labels must be −1/+1, 0/1 or two names'
      );
    }
    index = classes.push({ key, text: label, value }) - 1;
  }
  coordinates.push(values[0] as number, values[1] as number);
  classOfRow.push(index);
  return undefined;
}

/** Decides which of the two label classes is +1, by the rule documented on knownLabelPairs. */
function isFirstPositive(first: LabelClass, second: LabelClass): boolean {
  if (first.value !== undefined && second.value !== undefined) return first.value > second.value;
  const firstText = first.text.toLowerCase();
  const secondText = second.text.toLowerCase();
  for (const [positive, negative] of knownLabelPairs) {
    if (firstText === positive && secondText === negative) return true;
    if (firstText === negative && secondText === positive) return false;
  }
  return true;
}

function isNumberText(cell: string | undefined): boolean {
  return cell !== undefined && numberPattern.test(cell.trim());
}

/** The size of the text once saved as UTF-8 (a lone surrogate is saved as U+FFFD, 3 bytes), without copying it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** 120000 → "120,000", independent of the locale. */
function groupDigits(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A cell as shown inside a message: in quotes, escaped, and cut short if long. */
function quote(cell: string): string {
  return JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);
}

function failure(error: string): CsvResult {
  return { ok: false, error };
}
