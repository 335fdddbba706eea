/**
 * The contract between the page's sweep pool and its sweep workers: one job is one cell of the grid. Both
 * sides `import type` from here; `sweepId` lets the pool drop answers from a cancelled sweep.
 */
import type { SweepCell, SweepResult, SweepSpec } from '../../core/sweep.ts';

/** Messages from the pool to a sweep worker. */
export type ToSweep = {
  readonly type: 'sweepJob';
  readonly sweepId: number;
  readonly spec: SweepSpec;
  readonly cell: SweepCell;
};

/** Messages from a sweep worker to the pool. */
export type FromSweep =
  | { readonly type: 'sweepResult'; readonly sweepId: number; readonly result: SweepResult }
  | {
      readonly type: 'sweepError';
      readonly sweepId: number;
      readonly cellIndex: number;
      readonly message: string;
    };
