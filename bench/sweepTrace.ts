/**
 * The sweep tables: what a cell's update trace (src/core/updateTrace.ts) costs, and what the replay that
 * makes S exact to one update (src/core/reachRefinement.ts) costs. The first times the cells of one batch
 * size of the sweep panel's default grid on the app's default data, three ways: without a trace (the
 * stepper alone, as a cell ran before it had one), with the trace as the sweep keeps it (every 5 % of the
 * updates so far, at least every update), and with an evaluation every tenth of an epoch throughout. The
 * second times the refinement of the view's default targets next to the whole sweep.
 */
import { defaultReachTarget, type ReachTarget } from '../src/core/criticalBatch.ts';
import { bracketsToRefine, refineFirstReaches } from '../src/core/reachRefinement.ts';
import { buildRun } from '../src/core/run.ts';
import { runSweepCell, sweepCells, type SweepCell, type SweepSpec } from '../src/core/sweep.ts';
import { defaultConfig } from '../src/state/config.ts';
import { sweepBatchSizes } from '../src/state/exploreSlice.ts';
import { formatRatio, formatRow, median, printColumnTitles, printMethod, type Column } from './table.ts';

const columns: readonly Column[] = [
  { title: 'batch', width: 5, align: 'right' },
  { title: 'cells', width: 5, align: 'right' },
  { title: 'no trace ms', width: 11, align: 'right' },
  { title: 'trace ms', width: 8, align: 'right' },
  { title: 'ratio', width: 5, align: 'right' },
  { title: 'evaluations', width: 11, align: 'right' },
  { title: 'every 1/10 epoch ms', width: 19, align: 'right' },
  { title: 'ratio', width: 5, align: 'right' },
  { title: 'evaluations', width: 11, align: 'right' },
];

/** The grid's cells of one batch size, trained without a trace; milliseconds. */
function timeUntraced(spec: SweepSpec, cells: readonly SweepCell[]): number {
  const started = performance.now();
  for (const cell of cells) {
    const { stepper } = buildRun({
      ...spec.base,
      engine: 'fast',
      hyperparameters: {
        ...spec.base.hyperparameters,
        learningRate: cell.learningRate,
        batchSize: cell.batchSize,
      },
    });
    stepper.runBatches(Number.POSITIVE_INFINITY);
  }
  return performance.now() - started;
}

/** The same cells as the sweep runs them, with a trace of the given relative gap; ms and evaluations. */
function timeTraced(spec: SweepSpec, cells: readonly SweepCell[], relativeGap: number) {
  const started = performance.now();
  let evaluations = 0;
  for (const cell of cells) {
    const result = runSweepCell(spec, cell, undefined, undefined, relativeGap);
    evaluations += result.updateTrace.updates.length;
  }
  return { milliseconds: performance.now() - started, evaluations };
}

/** Prints the method and the table, then the refinement's table. */
export function runSweepTraceTable(runs: number): void {
  const { dataset, customPoints, model, objective, l2, hyperparameters } = defaultConfig;
  const base = { dataset, customPoints, model, objective, l2, hyperparameters };
  const trainCount = Math.round(dataset.points * dataset.trainFraction);
  const spec: SweepSpec = {
    base,
    learningRates: [0.001, 0.01, 0.1, 1],
    batchSizes: sweepBatchSizes(4, trainCount),
    annealingRates: [hyperparameters.annealingRate],
  };
  console.log('Sweep cells: the cost of the update trace');
  printMethod([
    `default data (${dataset.kind}, ${trainCount} training points), ${model.kind} ${objective}, ${hyperparameters.epochs} epochs;`,
    'per row the 4 cells of one batch size (lr 0.001, 0.01, 0.1, 1). One warm-up, then',
    `${runs} runs alternating the three ways; ms is the median, ratio = median of each run’s traced / untraced.`,
  ]);
  printColumnTitles(columns);
  const cells = sweepCells(spec);
  for (const batchSize of spec.batchSizes) {
    const row = cells.filter((cell) => cell.batchSize === batchSize);
    timeUntraced(spec, row);
    timeTraced(spec, row, 0.05);
    timeTraced(spec, row, 0);
    const plain: number[] = [];
    const kept: number[] = [];
    const fine: number[] = [];
    const keptRatios: number[] = [];
    const fineRatios: number[] = [];
    let keptEvaluations = 0;
    let fineEvaluations = 0;
    for (let run = 0; run < runs; run++) {
      const untraced = timeUntraced(spec, row);
      const traced = timeTraced(spec, row, 0.05);
      const everyTenth = timeTraced(spec, row, 0);
      plain.push(untraced);
      kept.push(traced.milliseconds);
      fine.push(everyTenth.milliseconds);
      keptRatios.push(traced.milliseconds / untraced);
      fineRatios.push(everyTenth.milliseconds / untraced);
      keptEvaluations = traced.evaluations;
      fineEvaluations = everyTenth.evaluations;
    }
    console.log(
      formatRow(columns, [
        String(batchSize),
        String(row.length),
        median(plain).toFixed(1),
        median(kept).toFixed(1),
        formatRatio(median(keptRatios)),
        String(keptEvaluations),
        median(fine).toFixed(1),
        formatRatio(median(fineRatios)),
        String(fineEvaluations),
      ]),
    );
  }
  console.log('');
  runRefinementTable(runs);
}

const refinementColumns: readonly Column[] = [
  { title: 'target', width: 28, align: 'left' },
  { title: 'cells', width: 5, align: 'right' },
  { title: 'evaluations', width: 11, align: 'right' },
  { title: 'refinement ms', width: 13, align: 'right' },
  { title: 'sweep ms', width: 8, align: 'right' },
  { title: 'ratio', width: 5, align: 'right' },
];

/** The whole sweep, cell after cell as one worker runs them; ms and results. */
function timeSweep(spec: SweepSpec) {
  const started = performance.now();
  const results = sweepCells(spec).map((cell) => runSweepCell(spec, cell));
  return { milliseconds: performance.now() - started, results };
}

/** Prints what refining the view's default targets costs, next to the default sweep's time. */
function runRefinementTable(runs: number): void {
  const { dataset, customPoints, model, objective, l2, hyperparameters } = defaultConfig;
  const base = { dataset, customPoints, model, objective, l2, hyperparameters };
  const trainCount = Math.round(dataset.points * dataset.trainFraction);
  const spec: SweepSpec = {
    base,
    learningRates: [0.001, 0.01, 0.1, 1],
    batchSizes: sweepBatchSizes(4, trainCount),
    annealingRates: [hyperparameters.annealingRate],
  };
  console.log('Steps vs examples: the replay that makes S exact to one update');
  printMethod([
    'the default 4 × 4 sweep as above; the view’s default targets (objective within 10 % of the lowest,',
    'and the loosest accuracy every batch size reached), and an objective 2 % above the sweep’s lowest.',
    'cells: cells replayed; evaluations: one after every update from each bracket’s start to the exact S.',
    `One warm-up, then ${runs} runs; ms are medians on one thread, as one sweep worker runs them.`,
  ]);
  printColumnTitles(refinementColumns);
  const cells = sweepCells(spec);
  const sweepTimes: number[] = [];
  let results = timeSweep(spec).results;
  for (let run = 0; run < runs; run++) {
    const timed = timeSweep(spec);
    sweepTimes.push(timed.milliseconds);
    results = timed.results;
  }
  // A tight target too: 2 % above the lowest objective of any cell, reached late and by few cells.
  const lowest = Math.min(...results.map((result) => result.updateTrace.lowestObjective.at(-1) ?? Infinity));
  const targets: { name: string; target: ReachTarget | null }[] = [
    { name: 'default objective', target: defaultReachTarget(results, 'objective', 0.1) },
    { name: 'default accuracy', target: defaultReachTarget(results, 'accuracy') },
    { name: 'lowest + 2 %', target: { kind: 'objective', value: lowest * 1.02 } },
  ];
  for (const { name, target } of targets) {
    if (target === null) continue;
    const brackets = bracketsToRefine(cells, results, target);
    const reaches = refineFirstReaches(spec, target, brackets);
    let evaluations = 0;
    reaches.forEach((reach, k) => (evaluations += reach.steps - (brackets[k]?.before ?? 0)));
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      refineFirstReaches(spec, target, brackets);
      times.push(performance.now() - started);
    }
    console.log(
      formatRow(refinementColumns, [
        `${name} ${target.kind === 'objective' ? '≤' : '≥'} ${target.value.toPrecision(3)}`,
        String(brackets.length),
        String(evaluations),
        median(times).toFixed(2),
        median(sweepTimes).toFixed(1),
        formatRatio(median(times) / median(sweepTimes)),
      ]),
    );
  }
  console.log('');
}
