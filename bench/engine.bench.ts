/**
 * Throughput of the app's SGD engines, printed as text tables: the linear engine against a plain loop of
 * the same algorithm, the fast network engine against tfjs on its cpu and wasm backends, and what the
 * "Curvature & noise" measurements cost the training worker.
 * Run with `npm run bench`; `npm run bench -- --help` lists the filters that rerun one part.
 */
import { insightsDefaults, runInsightsTable } from './insights.ts';
import { linearDefaults, runLinearTable } from './linear.ts';
import { networkDefaults, runNetworkTable } from './network.ts';
import { parseBenchOptions, usage, UsageError, type BenchOptions } from './options.ts';
import { runSweepTraceTable } from './sweepTrace.ts';
import { printMachineHeader } from './table.ts';

/** The options, or exit code 2 with the reason and the usage for a command line the bench cannot run. */
function readOptions(): BenchOptions {
  try {
    const options = parseBenchOptions(process.argv.slice(2));
    const runsSomething =
      willRunNetwork(options) || options.tables.includes('linear') || options.tables.includes('insights');
    if (!options.help && !runsSomething) {
      throw new UsageError('the network table trains the logistic objective only: nothing left to run');
    }
    return options;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`bench: ${error.message}\n${usage}`);
    process.exit(2);
  }
}

function willRunNetwork(options: BenchOptions): boolean {
  return (
    options.tables.includes('network') &&
    (options.objectives === null || options.objectives.includes('logistic'))
  );
}

async function main(): Promise<void> {
  const options = readOptions();
  if (options.help) {
    console.log(usage);
    return;
  }
  printMachineHeader();
  const started = performance.now();
  if (options.tables.includes('linear')) {
    runLinearTable({
      objectives: options.objectives ?? linearDefaults.objectives,
      sizes: options.sizes ?? linearDefaults.sizes,
      batches: options.batches ?? linearDefaults.batches,
      runs: options.runs ?? linearDefaults.runs,
    });
    runSweepTraceTable(options.runs ?? linearDefaults.runs);
  }
  if (willRunNetwork(options)) {
    await runNetworkTable({
      ...networkDefaults,
      sizes: options.sizes ?? networkDefaults.sizes,
      batches: options.batches ?? networkDefaults.batches,
      runs: options.runs ?? networkDefaults.runs,
    });
  }
  if (options.tables.includes('insights')) {
    await runInsightsTable({ ...insightsDefaults, runs: options.runs ?? insightsDefaults.runs });
  }
  console.log(`total time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

await main();
