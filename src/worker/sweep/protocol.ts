/**
 * The contract between the page's sweep pool and its sweep workers: one job is one cell of the grid, the
 * replay of one cell to measure its gradient noise, or the replay of some cells to find their first reach
 * of a target exactly. Both sides `import type` from here; `sweepId` lets the pool drop answers from a
 * cancelled sweep, measurement or refinement.
 */
import type { ReachTarget } from '../../core/criticalBatch.ts';
import type { GradientNoise } from '../../core/gradientNoise.ts';
import type { ReachBracket, RefinedReach } from '../../core/reachRefinement.ts';
import type { SweepCell, SweepResult, SweepSpec } from '../../core/sweep.ts';

/** Messages from the pool to a sweep worker. */
export type ToSweep =
  | {
      readonly type: 'sweepJob';
      readonly sweepId: number;
      readonly spec: SweepSpec;
      readonly cell: SweepCell;
    }
  | {
      /** Replays `cell` for exactly `updates` updates and measures the gradient noise there. */
      readonly type: 'noiseJob';
      readonly sweepId: number;
      readonly spec: SweepSpec;
      readonly cell: SweepCell;
      readonly updates: number;
    }
  | {
      /** Replays each bracket's cell and finds the first update in it at which `target` is met. */
      readonly type: 'refineJob';
      readonly sweepId: number;
      readonly spec: SweepSpec;
      readonly target: ReachTarget;
      readonly brackets: readonly ReachBracket[];
    };

/** Messages from a sweep worker to the pool. */
export type FromSweep =
  | { readonly type: 'sweepResult'; readonly sweepId: number; readonly result: SweepResult }
  | { readonly type: 'noiseResult'; readonly sweepId: number; readonly noise: GradientNoise }
  | { readonly type: 'refineResult'; readonly sweepId: number; readonly reaches: readonly RefinedReach[] }
  | {
      readonly type: 'sweepError';
      readonly sweepId: number;
      readonly cellIndex: number;
      readonly message: string;
    };
