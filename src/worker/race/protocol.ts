/**
 * The contract between the page and the race worker. Both sides `import type` from here; every message
 * carries the `raceId` of its race, and the page drops messages of a replaced race.
 */
import type { RaceLaneName, RacePoint } from '../../core/race.ts';
import type { SweepBase } from '../../core/sweep.ts';

/** Messages from the page to the race worker. */
export type ToRace =
  /** Starts a race, replacing any other. */
  | {
      readonly type: 'startRace';
      readonly raceId: number;
      readonly base: SweepBase;
      readonly miniBatchSize: number;
    }
  | { readonly type: 'stopRace'; readonly raceId: number };

/** One lane as a progress message carries it. */
export interface RaceLaneView {
  readonly name: RaceLaneName;
  readonly label: string;
  readonly batchSize: number;
  /** Every point so far (at most 500), oldest first. */
  readonly points: readonly RacePoint[];
  readonly finished: boolean;
  readonly diverged: boolean;
}

/** Messages from the race worker to the page. */
export type FromRace =
  /** Sent at most every PROGRESS_INTERVAL_MILLISECONDS (runner.ts) while racing, and once at the end. */
  | {
      readonly type: 'raceProgress';
      readonly raceId: number;
      readonly lanes: readonly RaceLaneView[];
      readonly finished: boolean;
    }
  | { readonly type: 'raceError'; readonly raceId: number; readonly message: string };
