import {
  defaultReachTarget,
  fastestPerBatchSize,
  fitStepsExamples,
  fittedSteps,
  type ReachTarget,
  type StepsFit,
  type StepsPoint,
  type StepsPoints,
} from '../../core/criticalBatch.ts';
import { formatCount, formatNumber, formatPercent, formatRate } from '../../core/format.ts';
import type {
  SweepNoiseState,
  SweepRefinementState,
  SweepState,
  SweepTarget,
} from '../../state/exploreSlice.ts';
import { sameTarget } from '../../state/sweepMeasurements.ts';
import type { ChartTable } from '../charts/ChartFrame.tsx';

/** What the "Steps vs examples" view shows for a sweep and a target. */
export interface StepsView {
  /** The target in force: the user's, or one every batch size reached; null when no cell improved. */
  readonly target: ReachTarget | null;
  /** How the default target was chosen, in words; null when the user set the target. */
  readonly defaultBasis: string | null;
  readonly found: StepsPoints;
  readonly fit: StepsFit;
  /** Where B_simple is measured: the fastest cell of the smallest batch size that reached the target. */
  readonly noiseCell: StepsPoint | null;
  /** Whether the sweep ran more than one annealing rate (the points then name theirs). */
  readonly sweptAnnealing: boolean;
  /**
   * How S is known: from the sweep's traces while the replay that makes it exact is under way (or before
   * it starts), exact to one update once it answered, or from the traces after it failed (`refinementError`).
   */
  readonly precision: 'traced' | 'refining' | 'exact' | 'failed';
  readonly refinementError: string | null;
}

/** The view of a sweep's results for the target the user set (or the default one), S exact once refined. */
export function stepsView(
  sweep: SweepState,
  chosen: SweepTarget,
  margin: number,
  refinement: SweepRefinementState,
): StepsView {
  const fallback = chosen.value === null ? defaultReachTarget(sweep.results, chosen.kind, margin) : null;
  const target = chosen.value === null ? fallback : { kind: chosen.kind, value: chosen.value };
  const defaultBasis =
    fallback === null
      ? null
      : fallback.basis === 'nearLowest'
        ? `within ${formatPercent(margin)} of the sweep’s lowest objective, which every batch size reached`
        : 'the loosest value every batch size’s best run reached';
  // The refinement in the state is for this target (and this sweep: a new sweep resets it) or stale.
  const refined = sameTarget(refinement.target, target) ? refinement : null;
  const precision =
    refined === null || refined.status === 'idle'
      ? 'traced'
      : refined.status === 'done'
        ? 'exact'
        : refined.status;
  const found =
    target === null
      ? { points: [], unreached: [], metAtStart: [] }
      : fastestPerBatchSize(
          sweep.cells,
          sweep.results,
          target,
          sweep.trainCount,
          precision === 'exact' && refined !== null ? refined.exactSteps : undefined,
        );
  return {
    target,
    defaultBasis,
    found,
    fit: fitStepsExamples(found.points),
    noiseCell: found.points[0] ?? null,
    sweptAnnealing: sweep.annealingRates.length > 1,
    precision,
    refinementError: precision === 'failed' ? (refined?.error ?? null) : null,
  };
}

/** The target in words: "training objective per example ≤ 0.512" or "training accuracy ≥ 85.0 %". */
export function describeTarget(target: ReachTarget): string {
  return target.kind === 'objective'
    ? `training objective per example ≤ ${formatNumber(target.value)}`
    : `training accuracy ≥ ${formatPercent(target.value)}`;
}

/** A point's label on the chart: its batch size and learning rate (and annealing when swept). */
export function pointLabel(point: StepsPoint, sweptAnnealing: boolean): string {
  const annealing = sweptAnnealing ? `, ann. ${point.annealingRate}` : '';
  return `B ${point.batchSize}, lr ${formatRate(point.learningRate)}${annealing}`;
}

/** S in updates and epochs: "230 updates (1.6 epochs)". */
function describeUpdates(updates: number, updatesPerEpoch: number): string {
  return `${formatCount(updates)} update${updates === 1 ? '' : 's'} (${formatNumber(updates / updatesPerEpoch)} epochs)`;
}

/** How the sweep evaluates a cell's trace, in words. */
const TRACE_RULE =
  'The sweep evaluates each cell after every update for its first 40, then every 5 % of its updates so far';

/** How precisely each S is known: exact to one update once refined, else from the evaluations either side. */
export function describeResolution(view: StepsView, trainCount: number): string {
  if (view.precision === 'exact') {
    return (
      'S exact to one update: each cell that could be its batch size’s fastest is replayed from the last ' +
      'evaluation of its trace that missed the target and evaluated after every update until it meets it. ' +
      `${TRACE_RULE}.`
    );
  }
  let widestEpochs = 0;
  let widestShare = 0;
  for (const point of view.found.points) {
    const perEpoch = Math.ceil(trainCount / point.batchSize);
    widestEpochs = Math.max(widestEpochs, (point.steps - point.stepsBefore) / perEpoch);
    widestShare = Math.max(widestShare, (point.steps - point.stepsBefore) / point.steps);
  }
  const traced =
    `${TRACE_RULE}: S is the first evaluation at the target. So far S is known to within ` +
    `${formatNumber(widestEpochs)} epoch${widestEpochs === 1 ? '' : 's'}, at most ${formatPercent(widestShare)} of S`;
  if (view.precision === 'failed') {
    return `${traced}: the replay that finds S exact to one update failed (${view.refinementError ?? 'unknown error'}).`;
  }
  if (view.precision === 'refining') {
    return `${traced}; refining: replaying the fastest cells to find S exact to one update…`;
  }
  return `${traced}; once the sweep is done, a replay of the fastest cells finds S exact to one update.`;
}

/** B_crit and B_simple in words, with what each means. */
export function describeCriticalBatch(view: StepsView): string {
  if (view.fit.kind === 'none') return `No fit: ${view.fit.reason}.`;
  return (
    `B_crit = E_min / S_min = ${formatNumber(view.fit.criticalBatch)} examples: below it a larger batch ` +
    'cuts the updates needed almost in proportion; above it, updates barely fall and the extra examples are wasted.'
  );
}

/** B_simple as measured at the chosen cell, or what is happening to it. */
export function describeNoiseScale(view: StepsView, noise: SweepNoiseState, trainCount: number): string {
  const cell = view.noiseCell;
  if (cell === null) return 'B_simple: no cell reached the target, so there is nowhere to measure it.';
  const where = `at the cell B ${cell.batchSize}, lr ${formatRate(cell.learningRate)} after ${describeUpdates(
    cell.steps,
    Math.ceil(trainCount / cell.batchSize),
  )}, where it reached the target`;
  if (view.precision === 'traced' || view.precision === 'refining') {
    return 'B_simple: measured once S is exact, at the smallest batch size’s fastest cell…';
  }
  const matches = noise.cellIndex === cell.cellIndex && noise.updates === cell.steps;
  if (!matches || noise.status === 'measuring' || noise.status === 'idle')
    return `B_simple: measuring ${where}…`;
  if (noise.status === 'failed')
    return `B_simple could not be measured ${where}: ${noise.error ?? 'unknown error'}.`;
  if (noise.noiseScale === null)
    return `B_simple: the mean gradient is 0 ${where}, so there is no noise scale.`;
  return (
    `B_simple = tr S / ‖G‖² = ${formatNumber(noise.noiseScale)} examples ${where}: the batch size at which a ` +
    'batch gradient’s noise equals its signal, the quick estimate of B_crit (McCandlish et al. 2018).'
  );
}

/** The chart's data as a table: each batch size's fastest cell, S, E and the fitted S. */
export function stepsTable(view: StepsView): ChartTable {
  const fit = view.fit;
  return {
    caption: `Updates S and examples E to ${view.target ? describeTarget(view.target) : 'the target'}, fastest cell per batch size`,
    columns: [
      'Batch size B',
      'Learning rate',
      'S (updates)',
      'S is after (updates)',
      'E (examples)',
      'Fitted S = S_min + E_min / B',
    ],
    rows: view.found.points.map((point) => [
      String(point.batchSize),
      formatRate(point.learningRate),
      formatCount(point.steps),
      formatCount(point.stepsBefore),
      formatCount(point.examples),
      fit.kind === 'fit' ? formatNumber(fittedSteps(fit, point.examples / point.steps)) : '—',
    ]),
  };
}
