import { assertNever, describeError } from '../../core/errors.ts';
import { createRace, type Race } from '../../core/race.ts';
import type { FromRace, RaceLaneView, ToRace } from './protocol.ts';

/** Longest stretch of racing before messages are looked at again. */
export const RACE_SLICE_MILLISECONDS = 10;
/** Shortest time between two progress messages: enough for a smooth chart, few enough to stay cheap. */
export const PROGRESS_INTERVAL_MILLISECONDS = 50;

/** What the race runner needs of its worker. */
export interface RaceRunnerHost {
  post(message: FromRace): void;
  /** Calls `runSlice` once the worker has looked at its waiting messages. */
  requestSlice(): void;
  clock(): number;
  /** Builds a race (tests pass fakes). */
  createRace?: typeof createRace;
}

/**
 * The race worker's behaviour, without the Worker: it advances one race in short slices, yielding between
 * them so that a stop is handled promptly, and posts the lanes at most every PROGRESS_INTERVAL_MILLISECONDS
 * and once at the end. The race itself is in core/race.ts.
 */
export class RaceRunner {
  private readonly host: RaceRunnerHost;
  private readonly create: typeof createRace;
  private race: Race | null = null;
  private raceId = -1;
  private lastPost = Number.NEGATIVE_INFINITY;
  private sliceRequested = false;

  constructor(host: RaceRunnerHost) {
    this.host = host;
    this.create = host.createRace ?? createRace;
  }

  /** Answers one message from the page. */
  handle(message: ToRace): void {
    switch (message.type) {
      case 'startRace':
        this.raceId = message.raceId;
        try {
          this.race = this.create(message.base, message.miniBatchSize);
        } catch (error) {
          this.race = null;
          this.host.post({ type: 'raceError', raceId: this.raceId, message: describeError(error) });
          return;
        }
        // The starting points at once, so the chart has its axes before the first slice ends.
        this.postProgress(this.race);
        this.requestSlice();
        break;
      case 'stopRace':
        if (message.raceId === this.raceId) this.race = null;
        break;
      default:
        assertNever(message);
    }
  }

  /** Races for one slice, then posts progress when due and asks for the next slice. */
  runSlice(): void {
    this.sliceRequested = false;
    const current = this.race;
    if (current === null) return;
    try {
      current.advance(RACE_SLICE_MILLISECONDS, () => this.host.clock());
    } catch (error) {
      this.race = null;
      this.host.post({ type: 'raceError', raceId: this.raceId, message: describeError(error) });
      return;
    }
    if (current.finished) {
      this.postProgress(current);
      this.race = null;
      return;
    }
    if (this.host.clock() - this.lastPost >= PROGRESS_INTERVAL_MILLISECONDS) this.postProgress(current);
    this.requestSlice();
  }

  private requestSlice(): void {
    if (this.sliceRequested || this.race === null || this.race.finished) return;
    this.sliceRequested = true;
    this.host.requestSlice();
  }

  private postProgress(current: Race): void {
    const lanes: RaceLaneView[] = current.lanes.map((lane) => ({
      name: lane.name,
      label: lane.label,
      batchSize: lane.batchSize,
      points: lane.points,
      finished: lane.finished,
      diverged: lane.diverged,
    }));
    this.host.post({ type: 'raceProgress', raceId: this.raceId, lanes, finished: current.finished });
    this.lastPost = this.host.clock();
  }
}
