import { formatNumber, formatPercent } from '../../core/format.ts';
import { epochsToNearLowest, type SweepResult } from '../../core/sweep.ts';
import type { SweepMetric } from '../../state/exploreSlice.ts';

/** What a sweep cell shows: its number (or why it has none) and a 0–1 goodness for its shade (1 is best). */
export interface SweepCellView {
  readonly text: string;
  /** null: no result yet. */
  readonly goodness: number | null;
}

/** A result's score on the metric, higher is better; null when it has none (diverged, never reached). */
function scoreOf(result: SweepResult, metric: SweepMetric, epochsToTarget: number | null): number | null {
  switch (metric) {
    case 'testAccuracy':
      return result.diverged ? null : result.finalTestAccuracy;
    case 'objective':
      return result.diverged || result.finalObjective === null ? null : -result.finalObjective;
    case 'epochsToTarget':
      return epochsToTarget === null ? null : -epochsToTarget;
  }
}

function textOf(result: SweepResult, metric: SweepMetric, epochsToTarget: number | null): string {
  switch (metric) {
    case 'testAccuracy':
      return result.diverged ? 'diverged' : formatPercent(result.finalTestAccuracy);
    case 'objective':
      return result.diverged || result.finalObjective === null
        ? 'diverged'
        : formatNumber(result.finalObjective);
    case 'epochsToTarget':
      return epochsToTarget === null ? (result.diverged ? 'diverged' : 'never') : String(epochsToTarget);
  }
}

/**
 * Every cell's view, shaded relative to the best and the worst finished cell of the sweep, so that 85 % and
 * 88 % look different when they are the sweep's range. A cell without a score (diverged, never reached)
 * is as pale as can be; when every score is the same, all of them are best. "Epochs to target" counts to
 * within `targetMargin` of the sweep's lowest objective (`epochsToNearLowest`).
 */
export function shadeSweepCells(
  results: readonly (SweepResult | null)[],
  metric: SweepMetric,
  targetMargin: number,
): SweepCellView[] {
  const epochs = metric === 'epochsToTarget' ? epochsToNearLowest(results, targetMargin) : [];
  const scores = results.map((result, index) =>
    result === null ? null : scoreOf(result, metric, epochs[index] ?? null),
  );
  const finite = scores.filter((score): score is number => score !== null);
  const best = Math.max(...finite);
  const worst = Math.min(...finite);
  return results.map((result, index) => {
    if (result === null) return { text: '…', goodness: null };
    const score = scores[index] ?? null;
    const goodness = score === null ? 0 : best === worst ? 1 : (score - worst) / (best - worst);
    return { text: textOf(result, metric, epochs[index] ?? null), goodness };
  });
}
