/**
 * The race worker's entry: it advances one race in short slices, yielding between them so that a stop is
 * handled promptly, and posts the lanes at most every ~50 ms and once at the end. The race is in core/race.ts.
 */
import { createRace, type Race } from '../core/race.ts';
import { assertNever } from './protocol.ts';
import type { FromRaceWorker, RaceLaneView, ToRaceWorker } from './raceProtocol.ts';

declare const self: DedicatedWorkerGlobalScope;

/** Longest stretch of racing before messages are looked at again. */
const SLICE_MILLISECONDS = 10;
/** Shortest time between two progress messages: enough for a smooth chart, few enough to stay cheap. */
const PROGRESS_INTERVAL_MILLISECONDS = 50;

let race: Race | null = null;
let raceId = -1;
let lastPost = Number.NEGATIVE_INFINITY;
let sliceScheduled = false;
// A MessageChannel yields to the event loop without setTimeout's 4 ms clamp.
const sliceChannel = new MessageChannel();
const clock = () => performance.now();

function post(message: FromRaceWorker): void {
  self.postMessage(message);
}

function postProgress(current: Race): void {
  const lanes: RaceLaneView[] = current.lanes.map((lane) => ({
    name: lane.name,
    label: lane.label,
    batchSize: lane.batchSize,
    points: lane.points,
    finished: lane.finished,
    diverged: lane.diverged,
  }));
  post({ type: 'raceProgress', raceId, lanes, finished: current.finished });
  lastPost = clock();
}

function scheduleSlice(): void {
  if (sliceScheduled || race === null || race.finished) return;
  sliceScheduled = true;
  sliceChannel.port2.postMessage(null);
}

function runSlice(): void {
  sliceScheduled = false;
  const current = race;
  if (current === null) return;
  try {
    current.advance(SLICE_MILLISECONDS, clock);
  } catch (error) {
    race = null;
    post({ type: 'raceError', raceId, message: error instanceof Error ? error.message : String(error) });
    return;
  }
  if (current.finished) {
    postProgress(current);
    race = null;
    return;
  }
  if (clock() - lastPost >= PROGRESS_INTERVAL_MILLISECONDS) postProgress(current);
  scheduleSlice();
}

sliceChannel.port1.onmessage = runSlice;

self.onmessage = (event: MessageEvent<ToRaceWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'startRace':
      raceId = message.raceId;
      try {
        race = createRace(message.base, message.miniBatchSize);
      } catch (error) {
        race = null;
        post({ type: 'raceError', raceId, message: error instanceof Error ? error.message : String(error) });
        return;
      }
      // The starting points at once, so the chart has its axes before the first slice ends.
      postProgress(race);
      scheduleSlice();
      break;
    case 'stopRace':
      if (message.raceId === raceId) race = null;
      break;
    default:
      assertNever(message);
  }
};
