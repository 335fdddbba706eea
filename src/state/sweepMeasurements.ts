/**
 * What the explore slice measures on a finished sweep by replaying its cells on a worker of their own: the
 * exact first reach of a target (S to one update) and B_simple where a cell reached it. Each refinement
 * gets an id and a measurement is known by its sweep, cell and update count: an answer that no longer
 * matches the state is dropped, so a new target, measurement or sweep wins.
 */
import type { ReachTarget } from '../core/criticalBatch.ts';
import type { ReachBracket } from '../core/reachRefinement.ts';
import type { SweepHandle, SweepPool } from '../worker/sweep/client.ts';
import type { AppState } from './store.ts';

/** B_simple measured by replaying one cell of the sweep to the update at which it reached the target. */
export interface SweepNoiseState {
  readonly status: 'idle' | 'measuring' | 'done' | 'failed';
  readonly cellIndex: number | null;
  readonly updates: number;
  /** tr S / ‖G‖² there; null while measuring, on failure, or when ‖G‖² = 0. */
  readonly noiseScale: number | null;
  readonly error: string | null;
}

/** The exact first reach of a target by the cells that could be their batch size's fastest. */
export interface SweepRefinementState {
  readonly status: 'idle' | 'refining' | 'done' | 'failed';
  /** Which request this is: answers to an older one are dropped. */
  readonly id: number;
  /** The target refined for; null when idle. */
  readonly target: ReachTarget | null;
  /** Exact S by cell index, once done (cells not listed were not needed). */
  readonly exactSteps: ReadonlyMap<number, number>;
  readonly error: string | null;
}

/** No measurement. */
export const idleNoise: SweepNoiseState = {
  status: 'idle',
  cellIndex: null,
  updates: 0,
  noiseScale: null,
  error: null,
};

/** No refinement. */
export const idleRefinement: SweepRefinementState = {
  status: 'idle',
  id: 0,
  target: null,
  exactSteps: new Map(),
  error: null,
};

/** Whether two targets are the same kind and value. */
export function sameTarget(a: ReachTarget | null, b: ReachTarget | null): boolean {
  return a !== null && b !== null && a.kind === b.kind && a.value === b.value;
}

type Set = (partial: Partial<AppState>) => void;

/** The slice's replays of a finished sweep, on the pool `pool()` gives. */
export function createSweepMeasurements(set: Set, get: () => AppState, pool: () => SweepPool) {
  let noiseHandle: SweepHandle | null = null;
  let refinementHandle: SweepHandle | null = null;
  let nextRefinementId = 1;
  return {
    /** Cancels both replays and forgets their answers (a new sweep). */
    reset(): void {
      noiseHandle?.cancel();
      noiseHandle = null;
      refinementHandle?.cancel();
      refinementHandle = null;
      set({ sweepNoise: idleNoise, sweepRefinement: idleRefinement });
    },

    /** See `ExploreSlice.refineSweepReach`. */
    refineSweepReach(target: ReachTarget, brackets: readonly ReachBracket[]): void {
      const { sweep, sweepRefinement } = get();
      if (sweep.spec === null || sweep.status !== 'done') return;
      if (sameTarget(sweepRefinement.target, target)) return;
      refinementHandle?.cancel();
      const id = nextRefinementId++;
      if (brackets.length === 0) {
        set({ sweepRefinement: { status: 'done', id, target, exactSteps: new Map(), error: null } });
        return;
      }
      set({ sweepRefinement: { status: 'refining', id, target, exactSteps: new Map(), error: null } });
      const current = () => get().sweepRefinement.id === id;
      refinementHandle = pool().refineReaches(
        sweep.spec,
        target,
        brackets,
        (reaches) => {
          if (!current()) return;
          const exactSteps = new Map(reaches.map((reach) => [reach.cellIndex, reach.steps]));
          set({ sweepRefinement: { status: 'done', id, target, exactSteps, error: null } });
        },
        (message) => {
          if (!current()) return;
          set({ sweepRefinement: { status: 'failed', id, target, exactSteps: new Map(), error: message } });
        },
      );
    },

    /** See `ExploreSlice.measureSweepNoise`. */
    measureSweepNoise(cellIndex: number, updates: number): void {
      const { sweep, sweepNoise } = get();
      const cell = sweep.cells[cellIndex];
      if (sweep.spec === null || cell === undefined) return;
      if (
        sweepNoise.cellIndex === cellIndex &&
        sweepNoise.updates === updates &&
        sweepNoise.status !== 'idle'
      ) {
        return;
      }
      const spec = sweep.spec;
      set({ sweepNoise: { status: 'measuring', cellIndex, updates, noiseScale: null, error: null } });
      // A newer sweep or measurement replaces this one: its answer is dropped.
      const current = () =>
        get().sweep.spec === spec &&
        get().sweepNoise.cellIndex === cellIndex &&
        get().sweepNoise.updates === updates;
      noiseHandle = pool().measureNoise(
        spec,
        cell,
        updates,
        (noise) => {
          if (current()) {
            set({
              sweepNoise: { status: 'done', cellIndex, updates, noiseScale: noise.noiseScale, error: null },
            });
          }
        },
        (message) => {
          if (current()) {
            set({ sweepNoise: { status: 'failed', cellIndex, updates, noiseScale: null, error: message } });
          }
        },
      );
    },
  };
}
