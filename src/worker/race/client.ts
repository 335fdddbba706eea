/** The page's side of the race worker: a typed transport; `spawn` makes a real worker by default, tests pass fakes. */
import { describeError } from '../../core/errors.ts';
import type { WorkerPort } from '../port.ts';
import type { FromRace, ToRace } from './protocol.ts';

/** A race worker as the page sees it. */
export type RaceWorkerPort = WorkerPort<ToRace, FromRace>;

const spawnRaceWorker = (): RaceWorkerPort =>
  new Worker(new URL('./entry.ts', import.meta.url), { type: 'module', name: 'sgd-lab-race' });

/** The page's typed connection to a race worker. */
export interface RaceTransport {
  send(message: ToRace): void;
  /** Calls `listener` for every message; returns the unsubscribe function. */
  subscribe(listener: (message: FromRace) => void): () => void;
  terminate(): void;
}

/** Starts a race worker; a crash reaches the listeners as a `raceError` of the last race started. */
export function createRaceWorker(spawn: () => RaceWorkerPort = spawnRaceWorker): RaceTransport {
  const listeners = new Set<(message: FromRace) => void>();
  const emit = (message: FromRace): void => {
    for (const listener of listeners) listener(message);
  };
  let lastRaceId = -1;
  let worker: RaceWorkerPort | null = null;
  try {
    worker = spawn();
    worker.onmessage = (event) => emit(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      emit({ type: 'raceError', raceId: lastRaceId, message: event.message || 'the race worker stopped' });
    };
  } catch (error) {
    const message = `the race worker could not start: ${describeError(error)}`;
    queueMicrotask(() => emit({ type: 'raceError', raceId: lastRaceId, message }));
  }
  return {
    send(message) {
      if (message.type === 'startRace') lastRaceId = message.raceId;
      worker?.postMessage(message);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate() {
      worker?.terminate();
      worker = null;
    },
  };
}
