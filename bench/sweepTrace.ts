/**
 * The sweep table: what a cell's update trace (src/core/updateTrace.ts) costs. Each row times the cells of
 * one batch size of the sweep panel's default grid on the app's default data, three ways: without a trace
 * (the stepper alone, as a cell ran before it had one), with the trace as the sweep keeps it (every 5 % of
 * the updates so far, at least every update), and with an evaluation every tenth of an epoch throughout.
 */
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

/** Prints the method and the table. */
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
}
