/** The bench's command line, parsed by hand: which tables and rows to run, and how many runs per row. */
import { datasetLimits } from '../src/core/datasets.ts';
import { isObjectiveName, type ObjectiveName } from '../src/core/objectives.ts';

/** The tables the bench prints. */
export const tableNames = ['linear', 'network', 'insights'] as const;

/** The name of a table. */
export type TableName = (typeof tableNames)[number];

/** A batch size as given: a number of examples, or 'all' for the whole training set. */
export type BatchSetting = number | 'all';

/** What the command line asked for; null means "the table's default". */
export interface BenchOptions {
  readonly tables: readonly TableName[];
  readonly objectives: readonly ObjectiveName[] | null;
  readonly batches: readonly BatchSetting[] | null;
  readonly sizes: readonly number[] | null;
  readonly runs: number | null;
  readonly help: boolean;
}

/** The usage text, printed by --help and after a bad option. */
export const usage = `usage: npm run bench -- [options]
  --only linear|network|insights
                               run one table (default: all); insights trains the app's default
                               settings only and reads --runs alone
  --objective NAME[,NAME…]     linear rows of these objectives; the network table (logistic) runs only if
                               logistic is among them
  --batch B[,B…]               batch sizes instead of the defaults (a number, or "all")
  --size N[,N…]                dataset sizes (training + test points) instead of the defaults
  --runs R                     timed runs per row, R ≥ 1 (default 5); the median is shown
  --help                       this text
example: npm run bench -- --only linear --objective hinge --batch 1 --size 1000 --runs 3`;

/** A command line the bench cannot run; the entry prints it with the usage and exits with code 2. */
export class UsageError extends Error {}

/** The values of `--flag value` and `--flag=value`, each flag at most once. */
function collectFlags(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let k = 0; k < argv.length; k++) {
    const argument = argv[k]!;
    if (!argument.startsWith('--')) throw new UsageError(`unexpected argument "${argument}"`);
    const equals = argument.indexOf('=');
    const name = equals < 0 ? argument.slice(2) : argument.slice(2, equals);
    if (flags.has(name)) throw new UsageError(`--${name} given twice`);
    if (name === 'help') {
      flags.set(name, '');
      continue;
    }
    const value = equals < 0 ? argv[++k] : argument.slice(equals + 1);
    if (value === undefined || value === '' || value.startsWith('--')) {
      throw new UsageError(`--${name} needs a value`);
    }
    flags.set(name, value);
  }
  return flags;
}

function parsePositiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`--${flag} takes whole numbers ≥ 1, not "${text}"`);
  }
  return value;
}

function parseList<T>(text: string, parseOne: (item: string) => T): T[] {
  return text.split(',').map((item) => parseOne(item.trim()));
}

/** Reads the bench's options from the arguments after the script name; throws UsageError on a bad one. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const flags = collectFlags(argv);
  const known = new Set(['only', 'objective', 'batch', 'size', 'runs', 'help']);
  for (const name of flags.keys()) if (!known.has(name)) throw new UsageError(`unknown option --${name}`);
  const only = flags.get('only');
  if (only !== undefined && !tableNames.some((name) => name === only)) {
    throw new UsageError(`--only takes ${tableNames.join(' or ')}, not "${only}"`);
  }
  const objective = flags.get('objective');
  const batch = flags.get('batch');
  const size = flags.get('size');
  const runs = flags.get('runs');
  return {
    tables: tableNames.filter((name) => only === undefined || name === only),
    objectives:
      objective === undefined
        ? null
        : parseList(objective, (name) => {
            if (!isObjectiveName(name)) throw new UsageError(`unknown objective "${name}"`);
            return name;
          }),
    batches:
      batch === undefined
        ? null
        : parseList(batch, (item): BatchSetting =>
            item === 'all' ? 'all' : parsePositiveInteger(item, 'batch'),
          ),
    sizes:
      size === undefined
        ? null
        : parseList(size, (item) => {
            const points = parsePositiveInteger(item, 'size');
            // The app's lower limit; above its upper one the bench still runs, which is useful for scaling.
            const least = datasetLimits.points.min;
            if (points < least) throw new UsageError(`--size takes at least ${least} points, not ${points}`);
            return points;
          }),
    runs: runs === undefined ? null : parsePositiveInteger(runs, 'runs'),
    help: flags.has('help'),
  };
}
