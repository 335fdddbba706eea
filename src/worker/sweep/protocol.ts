/**
 * The contract between the page's sweep pool and its sweep workers: one job is one cell of the grid, or the
 * replay of one cell to measure its gradient noise. Both sides `import type` from here; `sweepId` lets the
 * pool drop answers from a cancelled sweep or measurement.
 */
import type { GradientNoise } from '../../core/gradientNoise.ts';
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
    };

/** Messages from a sweep worker to the pool. */
export type FromSweep =
  | { readonly type: 'sweepResult'; readonly sweepId: number; readonly result: SweepResult }
  | { readonly type: 'noiseResult'; readonly sweepId: number; readonly noise: GradientNoise }
  | {
      readonly type: 'sweepError';
      readonly sweepId: number;
      readonly cellIndex: number;
      readonly message: string;
    };
