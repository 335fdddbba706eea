import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_LIMITS, parsePointsCsv, serializePointsCsv, type CsvImport, type CsvResult } from './csv.ts';

function expectOk(result: CsvResult): CsvImport {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.value;
}

function expectError(result: CsvResult): string {
  if (result.ok) throw new Error('expected an error, got ok');
  return result.error;
}

function labelsOf(text: string): number[] {
  return Array.from(expectOk(parsePointsCsv(text)).points.y);
}

describe('serializePointsCsv', () => {
  it('writes a header, one row per point, labels -1 and 1, and keeps the sign of zero', () => {
    const points = { x: Float64Array.from([0.1, -2, -0, 3e-300]), y: Float64Array.from([1, -1]) };
    expect(serializePointsCsv(points)).toBe('x,y,label\n0.1,-2,1\n-0,3e-300,-1\n');
  });

  it('round-trips arbitrary finite doubles exactly', () => {
    const coordinate = fc.double({ noNaN: true, noDefaultInfinity: true });
    const point = fc.tuple(coordinate, coordinate, fc.constantFrom(-1, 1));
    // Both classes present, or the import rightly refuses the file.
    const pointList = fc
      .array(point, { minLength: 2, maxLength: 60 })
      .filter((list) => list.some((p) => p[2] === 1) && list.some((p) => p[2] === -1));
    fc.assert(
      fc.property(pointList, (list) => {
        const x = Float64Array.from(list.flatMap(([x1, x2]) => [x1, x2]));
        const y = Float64Array.from(list.map((p) => p[2]));
        const value = expectOk(parsePointsCsv(serializePointsCsv({ x, y })));
        expect(value.points.x).toEqual(x);
        expect(Array.from(value.points.x, (v) => Object.is(v, -0))).toEqual(
          Array.from(x, (v) => Object.is(v, -0)),
        );
        expect(value.points.y).toEqual(y);
        expect(value.labelNames).toEqual({ positive: '1', negative: '-1' });
        expect(value.skippedHeader).toBe(true);
      }),
    );
  });
});

describe('parsePointsCsv never throws', () => {
  const check = (text: string) => {
    const result = parsePointsCsv(text);
    expect(typeof result.ok).toBe('boolean');
    if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
  };

  it('for arbitrary strings of any unit', () => {
    for (const unit of ['grapheme', 'grapheme-composite', 'binary', 'binary-ascii'] as const) {
      fc.assert(fc.property(fc.string({ unit, maxLength: 200 }), check));
    }
  });

  it('for strings made of CSV punctuation, digits and odd characters', () => {
    const unit = fc.constantFrom(
      ',',
      ';',
      '\t',
      '\n',
      '\r',
      '"',
      ' ',
      '1',
      '0',
      '-',
      '+',
      '.',
      'e',
      'a',
      '\uFEFF',
      '\uD800',
    );
    fc.assert(fc.property(fc.string({ unit, maxLength: 300 }), check), { numRuns: 500 });
  });
});

/** A cell with what the file format says about it, so that the expected outcome is worked out without the parser. */
interface Cell {
  readonly text: string;
  readonly kind: 'number' | 'notNumber' | 'empty' | 'infinite';
}

const goodCoordinateCell = fc.constantFrom<Cell>(
  { text: '1', kind: 'number' },
  { text: '-0.5', kind: 'number' },
  { text: '1e-3', kind: 'number' },
  { text: ' 2.5 ', kind: 'number' },
  { text: '+7', kind: 'number' },
  { text: '.25', kind: 'number' },
);

const badCoordinateCell = fc.constantFrom<Cell>(
  { text: 'abc', kind: 'notNumber' },
  { text: 'x', kind: 'notNumber' },
  { text: 'NaN', kind: 'notNumber' },
  { text: '0x10', kind: 'notNumber' },
  { text: 'Infinity', kind: 'notNumber' },
  { text: '', kind: 'empty' },
  { text: '1e400', kind: 'infinite' },
);

// Bad cells rare enough that many files are good, so that both outcomes are tested often.
const coordinateCell = fc.oneof(
  { weight: 30, arbitrary: goodCoordinateCell },
  { weight: 1, arbitrary: badCoordinateCell },
);

/** Label texts and the class each stands for ("" for none). */
const labelCell = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.constantFrom(
      { text: '1', class: 'one' },
      { text: ' 1.0 ', class: 'one' },
      { text: '-1', class: 'minus one' },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { text: '0', class: 'zero' },
      { text: 'cat', class: 'cat' },
      { text: 'dog', class: 'dog' },
      { text: '', class: '' },
    ),
  },
);

type Row =
  | { readonly kind: 'blank'; readonly text: string }
  | {
      readonly kind: 'cells';
      readonly cells: readonly Cell[];
      readonly label: { text: string; class: string };
    };

const row: fc.Arbitrary<Row> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('', '   ', ',,').map((text): Row => ({ kind: 'blank', text })) },
  {
    weight: 8,
    arbitrary: fc
      .record({
        // Mostly 2 coordinates; sometimes 1 or 3, which makes 2 or 4 columns with the label.
        cells: fc.oneof(
          { weight: 6, arbitrary: fc.array(coordinateCell, { minLength: 2, maxLength: 2 }) },
          {
            weight: 1,
            arbitrary: fc.array(coordinateCell, { minLength: 1, maxLength: 3 }),
          },
        ),
        label: labelCell,
      })
      .map((fields): Row => ({ kind: 'cells', ...fields })),
  },
);

function rowText(entry: Row): string {
  return entry.kind === 'blank'
    ? entry.text
    : [...entry.cells.map((cell) => cell.text), entry.label.text].join(',');
}

/** What the rules of the format say about the rows: the line of the first bad row, or the number of points and classes. */
function expectedOutcome(rows: readonly Row[]): { badLine: number } | { points: number; classes: number } {
  const classes: string[] = [];
  let points = 0;
  let seenFirstRow = false;
  for (const [index, entry] of rows.entries()) {
    const line = index + 1;
    if (entry.kind === 'blank') continue;
    const texts = [...entry.cells.map((cell) => cell.text), entry.label.text];
    if (texts.every((text) => text.trim() === '')) continue;
    const isFirstRow = !seenFirstRow;
    seenFirstRow = true;
    const [x, y] = entry.cells;
    const isNumber = (cell: Cell | undefined) => cell?.kind === 'number' || cell?.kind === 'infinite';
    if (isFirstRow && entry.cells.length === 2 && !isNumber(x) && !isNumber(y)) continue;
    if (entry.cells.length !== 2) return { badLine: line };
    if (entry.cells.some((cell) => cell.kind !== 'number')) return { badLine: line };
    if (entry.label.class === '') return { badLine: line };
    if (!classes.includes(entry.label.class)) {
      if (classes.length === 2) return { badLine: line };
      classes.push(entry.label.class);
    }
    points++;
  }
  return { points, classes: classes.length };
}

describe('parsePointsCsv on generated rows', () => {
  it('reads every good file and names the line of the first bad row', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 25 }), (rows) => {
        const result = parsePointsCsv(rows.map(rowText).join('\n'));
        const expected = expectedOutcome(rows);
        if ('badLine' in expected) {
          expect(expectError(result)).toMatch(new RegExp(`^line ${expected.badLine}: `));
        } else if (expected.points >= 2 && expected.classes === 2) {
          const value = expectOk(result);
          expect(value.points.y.length).toBe(expected.points);
          expect(value.points.x.length).toBe(2 * expected.points);
          expect(new Set(value.points.y)).toEqual(new Set([-1, 1]));
        } else {
          expect(expectError(result)).not.toMatch(/^line /);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('labels', () => {
  it('reads -1/+1 as they are', () => {
    const value = expectOk(parsePointsCsv('0,0,-1\n1,1,+1\n2,2,1\n'));
    expect(Array.from(value.points.y)).toEqual([-1, 1, 1]);
    expect(value.labelNames).toEqual({ positive: '+1', negative: '-1' });
  });

  it('reads 0/1 as −1/+1, whichever comes first', () => {
    expect(labelsOf('0,0,1\n1,1,0\n')).toEqual([1, -1]);
    expect(labelsOf('0,0,0\n1,1,1.0\n2,2,1\n')).toEqual([-1, 1, 1]);
  });

  it('takes the larger of any two numbers as +1', () => {
    expect(labelsOf('0,0,3\n1,1,2\n')).toEqual([1, -1]);
  });

  it('takes the first of two unknown names as +1 and reports the mapping', () => {
    const value = expectOk(parsePointsCsv('0,0,dog\n1,1,cat\n2,2,dog\n'));
    expect(Array.from(value.points.y)).toEqual([1, -1, 1]);
    expect(value.labelNames).toEqual({ positive: 'dog', negative: 'cat' });
  });

  it('recognises name pairs with a clear meaning, in either order and any case', () => {
    expect(labelsOf('0,0,no\n1,1,yes\n')).toEqual([-1, 1]);
    expect(labelsOf('0,0,False\n1,1,TRUE\n')).toEqual([-1, 1]);
    expect(labelsOf('0,0,neg\n1,1,pos\n')).toEqual([-1, 1]);
    expect(labelsOf('0,0,negative\n1,1,positive\n')).toEqual([-1, 1]);
    expect(labelsOf('0,0,b\n1,1,a\n')).toEqual([-1, 1]);
  });

  it('refuses a third label, naming its line', () => {
    expect(expectError(parsePointsCsv('0,0,yes\n1,1,no\n\n2,2,maybe\n'))).toBe(
      'line 4: a third label "maybe" (after "yes" and "no") — labels must be −1/+1, 0/1 or two names',
    );
    expect(expectError(parsePointsCsv('0,0,-1\n1,1,0\n2,2,1\n'))).toMatch(/^line 3: a third label "1"/);
  });

  it('refuses an empty label', () => {
    expect(expectError(parsePointsCsv('0,0,1\n1,1, \n'))).toBe('line 2: empty cell (column label)');
  });
});

describe('header', () => {
  it('skips a first row whose x and y cells are not numbers, and counts it in line numbers', () => {
    const value = expectOk(parsePointsCsv('x,y,label\n0,0,1\n1,1,-1\n'));
    expect(value.skippedHeader).toBe(true);
    expect(value.points.y.length).toBe(2);
    expect(expectOk(parsePointsCsv('x1,x2,class\n0,0,a\n1,1,b\n')).skippedHeader).toBe(true);
    expect(expectError(parsePointsCsv('x1,x2,class\n0,0,a\n1,oops,b\n'))).toBe(
      'line 3: "oops" is not a number (column y)',
    );
  });

  it('reads a file without a header from the first row', () => {
    expect(expectOk(parsePointsCsv('0,0,1\n1,1,-1')).skippedHeader).toBe(false);
  });

  it('treats a first row with one number as a bad data row, not a header', () => {
    expect(expectError(parsePointsCsv('abc,1,1\n0,0,-1\n'))).toBe('line 1: "abc" is not a number (column x)');
  });
});

describe('format details', () => {
  it('accepts semicolons, tabs, CRLF, a byte order mark, quotes, spaces and blank lines', () => {
    const text = '\uFEFFx;y;label\r\n\r\n 1e-3 ; -0.5 ;"1"\r\n   \r\n"2";3;-1\r\n';
    const value = expectOk(parsePointsCsv(text));
    expect(Array.from(value.points.x)).toEqual([1e-3, -0.5, 2, 3]);
    expect(Array.from(value.points.y)).toEqual([1, -1]);
    expect(Array.from(labelsOf('0\t0\t1\n1\t1\t0\n'))).toEqual([1, -1]);
  });

  it('ignores rows of empty cells, as spreadsheets write them', () => {
    expect(labelsOf('0,0,1\n,,\n1,1,-1\n, ,\n')).toEqual([1, -1]);
  });

  it('names the line and the problem of a bad row', () => {
    expect(expectError(parsePointsCsv('0,0,1\n1,1,-1\n2,2\n'))).toBe(
      'line 3: expected 3 columns (x, y, label), found 2',
    );
    expect(expectError(parsePointsCsv('0,0,1\n1,,-1\n'))).toBe('line 2: empty cell (column y)');
    expect(expectError(parsePointsCsv('0,0,1\n1e400,0,-1\n'))).toMatch(
      /^line 2: "1e400" is too large to be a finite number \(column x\)$/,
    );
    expect(expectError(parsePointsCsv('0,0,1\nInfinity,0,-1\n'))).toBe(
      'line 2: "Infinity" is not a number (column x)',
    );
    expect(expectError(parsePointsCsv('0,0,1\n1,1,"-1\n2,2,1\n'))).toMatch(/^line 2: badly quoted field/);
  });

  it('counts the lines inside a quoted field that spans lines', () => {
    expect(expectError(parsePointsCsv('0,0,"a\nb"\n1,1,c\nz,1,c\n'))).toMatch(/^line 4: /);
  });

  it('counts the points outside the plane the app draws', () => {
    expect(expectOk(parsePointsCsv('6,-6,1\n6.5,0,-1\n0,-7,1\n')).outsidePlane).toBe(2);
  });
});

describe('too little', () => {
  it('says when the file is empty or has only a header', () => {
    expect(expectError(parsePointsCsv(''))).toBe('the file is empty');
    expect(expectError(parsePointsCsv(' \n\n\t\n'))).toBe('the file is empty');
    expect(expectError(parsePointsCsv('x,y,label\n'))).toBe('the file has a header but no points');
  });

  it('needs two points', () => {
    expect(expectError(parsePointsCsv('0,0,1\n'))).toBe('the file has only 1 point; at least 2 are needed');
  });

  it('needs both classes', () => {
    expect(expectError(parsePointsCsv('x,y,label\n0,0,1\n1,1,1\n2,2,1\n'))).toBe(
      'all 3 points have the label "1"; both classes must be present (two labels, such as −1 and +1)',
    );
  });
});

describe('limits', () => {
  it('refuses more than 10 MB before parsing, giving the limit and the size', () => {
    const error = expectError(parsePointsCsv('0,0,1\n'.repeat(1_666_667)));
    expect(error).toBe(
      'the file is 10,000,002 bytes (10.0 MB); at most 10,000,000 bytes (10 MB) are allowed',
    );
    // Counted in UTF-8 bytes, not characters: 5,000,001 × "é" is 10,000,002 bytes.
    expect(expectError(parsePointsCsv('é'.repeat(5_000_001)))).toMatch(/^the file is 10,000,002 bytes/);
  });

  it('accepts 100,000 rows and refuses 100,001, giving the count', () => {
    const rowsOf = (count: number) => Array.from({ length: count }, (_, i) => `${i % 7},${i % 5},${i % 2}`);
    const accepted = expectOk(parsePointsCsv(['x,y,label', ...rowsOf(CSV_LIMITS.rows)].join('\n')));
    expect(accepted.points.y.length).toBe(100_000);
    expect(expectError(parsePointsCsv(rowsOf(CSV_LIMITS.rows + 1).join('\n')))).toBe(
      'the file has 100,001 rows; at most 100,000 are allowed',
    );
  });
});
