/**
 * S exact to one update, by replay. A sweep cell's trace brackets the first reach of a target in
 * (before, steps]; runs are deterministic, so replaying the cell to `before` and evaluating after every
 * update from there finds the first update at which the target is met, for at most steps − before
 * evaluations. Only the cells that could be their batch size's fastest are replayed.
 */
import { firstReach, type ReachTarget } from './criticalBatch.ts';
import { evaluate } from './metrics.ts';
import { buildCellRun, sweepCells, type SweepCell, type SweepResult, type SweepSpec } from './sweep.ts';

/** A cell whose first reach lies in (before, steps] by its trace. */
export interface ReachBracket {
  readonly cellIndex: number;
  readonly before: number;
  readonly steps: number;
}

/** A cell's first reach, exact: the target is met after `steps` updates and not after `steps` − 1. */
export interface RefinedReach {
  readonly cellIndex: number;
  readonly steps: number;
}

/**
 * The cells to replay for a target: each cell that reached it after at least one update and whose bracket
 * starts before the smallest `steps` of its batch size, since its exact S may then be the batch size's
 * smallest. A cell whose bracket starts at or after that smallest `steps` needs more updates than the cell
 * that has it, so the fastest cell of each batch size is chosen exactly. Cell order, ascending.
 */
export function bracketsToRefine(
  cells: readonly SweepCell[],
  results: readonly (SweepResult | null)[],
  target: ReachTarget,
): ReachBracket[] {
  const reaches: { cellIndex: number; batchSize: number; before: number; steps: number }[] = [];
  const fewestSteps = new Map<number, number>();
  for (const cell of cells) {
    const result = results[cell.index];
    if (result == null) continue;
    const reach = firstReach(result.updateTrace, target);
    if (reach === null) continue;
    const batchSize = result.batchSize;
    const fewest = fewestSteps.get(batchSize);
    if (fewest === undefined || reach.updates < fewest) fewestSteps.set(batchSize, reach.updates);
    reaches.push({ cellIndex: cell.index, batchSize, before: reach.before, steps: reach.updates });
  }
  return reaches
    .filter((reach) => reach.steps > 0 && reach.before < (fewestSteps.get(reach.batchSize) as number))
    .map(({ cellIndex, before, steps }) => ({ cellIndex, before, steps }));
}

/** Whether an evaluation (objective summed over the training set, accuracy 0 to 1) meets the target. */
function meets(target: ReachTarget, objective: number, accuracy: number, trainCount: number): boolean {
  // NaN and infinities fail both comparisons: a blown-up evaluation never meets a target.
  return target.kind === 'objective' ? objective / trainCount <= target.value : accuracy >= target.value;
}

/**
 * The first update after `bracket.before` at which `cell`'s run meets `target`, evaluated after every
 * update (the objective per example, L2 term included, as the trace evaluates it). RangeError when the
 * run does not meet it by `bracket.steps`, which a deterministic replay of the trace's run always does.
 */
export function refineFirstReach(
  spec: SweepSpec,
  cell: SweepCell,
  target: ReachTarget,
  bracket: ReachBracket,
): number {
  const { stepper } = buildCellRun(spec, cell);
  const train = stepper.data.train;
  const scratch = new Float64Array(train.y.length);
  if (stepper.runBatches(bracket.before) !== bracket.before) {
    throw new RangeError(`the run of cell ${cell.index + 1} ended before update ${bracket.before}`);
  }
  for (let update = bracket.before + 1; update <= bracket.steps; update++) {
    if (stepper.runBatches(1) !== 1) break;
    const evaluation = evaluate(stepper.model, train, stepper.objective, scratch, spec.base.l2);
    if (meets(target, evaluation.objective, evaluation.accuracy, train.y.length)) return update;
  }
  throw new RangeError(
    `the replay of cell ${cell.index + 1} did not meet the target by update ${bracket.steps}, as its trace did`,
  );
}

/** Refines each bracket of a sweep in turn (cells by their index in `spec`'s grid). */
export function refineFirstReaches(
  spec: SweepSpec,
  target: ReachTarget,
  brackets: readonly ReachBracket[],
): RefinedReach[] {
  const cells = sweepCells(spec);
  return brackets.map((bracket) => {
    const cell = cells[bracket.cellIndex];
    if (cell === undefined) throw new RangeError(`the sweep has no cell ${bracket.cellIndex + 1}`);
    return { cellIndex: bracket.cellIndex, steps: refineFirstReach(spec, cell, target, bracket) };
  });
}
