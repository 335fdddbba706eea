import type { TrainingTransport } from '../worker/training/client.ts';
import type { FromTraining } from '../worker/training/protocol.ts';
import { PAGE_TICK_MILLISECONDS } from './pageTicks.ts';
import type { AppStore } from './store.ts';

/** A training worker silent for this long while it should be training has died or hung. */
export const WATCHDOG_MILLISECONDS = 4000;
/** With prefers-reduced-motion, the page redraws at most this often. */
export const REDUCED_MOTION_FRAME_MILLISECONDS = 250;
/**
 * While a run trains, the store takes the worker's messages once per tick of the page's clock: at the
 * first frame after each multiple of this period of `performance.now()`, less `STORE_LEAD_MILLISECONDS`,
 * so that the views that tick on the same clock (`src/ui/pageClock.ts`, ten times a second) read it fresh.
 */
export const STORE_PERIOD_MILLISECONDS = PAGE_TICK_MILLISECONDS;
export const STORE_LEAD_MILLISECONDS = 20;

/** How the bridge meets the browser; tests pass their own. */
export interface BridgeEnvironment {
  requestFrame(callback: () => void): void;
  now(): number;
  /** Calls `tick` every `milliseconds`; returns the stop function. */
  every(milliseconds: number, tick: () => void): () => void;
  prefersReducedMotion(): boolean;
  /** How often the store takes a training run's messages (0: every frame). */
  storePeriod: number;
}

/** The reduced-motion query, asked once: `matchMedia` costs a little on every frame. */
let reducedMotion: MediaQueryList | null | undefined;

/** The real browser. */
export const browserEnvironment: BridgeEnvironment = {
  requestFrame: (callback) => requestAnimationFrame(() => callback()),
  now: () => performance.now(),
  every: (milliseconds, tick) => {
    const timer = setInterval(tick, milliseconds);
    return () => clearInterval(timer);
  },
  prefersReducedMotion: () => {
    reducedMotion ??= window.matchMedia?.('(prefers-reduced-motion: reduce)') ?? null;
    return reducedMotion?.matches ?? false;
  },
  storePeriod: STORE_PERIOD_MILLISECONDS,
};

/**
 * Connects the store to the worker: messages are queued and taken once per animation frame (at most four
 * times a second for people who asked for reduced motion), then the worker is told the frame is drawn so it
 * may send the next. While a run trains, each frame's model goes to the store's `liveModel` (the boundary
 * view follows every frame), but the store itself takes the messages only once per tick of the page's clock:
 * every store update runs every view's selectors, and the views that show the rest follow the run ten times
 * a second anyway. A start, a stop, a step or any other message is taken at once. A watchdog reports a
 * worker that stops answering while it trains. Returns disconnect.
 */
export function connectStore(
  store: AppStore,
  transport: TrainingTransport,
  environment: Partial<BridgeEnvironment> | ((callback: () => void) => void) = {},
): () => void {
  const env: BridgeEnvironment =
    typeof environment === 'function'
      ? {
          ...browserEnvironment,
          requestFrame: environment,
          every: () => () => {},
          prefersReducedMotion: () => false,
          storePeriod: 0,
        }
      : { ...browserEnvironment, ...environment };
  const queue: FromTraining[] = [];
  /** Messages taken from the queue but not yet given to the store. */
  const held: FromTraining[] = [];
  let frameRequested = false;
  let lastFlush = Number.NEGATIVE_INFINITY;
  let lastStored = Number.NEGATIVE_INFINITY;
  const tickOf = (time: number) => Math.floor((time + STORE_LEAD_MILLISECONDS) / env.storePeriod);
  let lastMessage = env.now();
  const flush = () => {
    if (env.prefersReducedMotion() && env.now() - lastFlush < REDUCED_MOTION_FRAME_MILLISECONDS) {
      env.requestFrame(flush);
      return;
    }
    frameRequested = false;
    lastFlush = env.now();
    const messages = queue.splice(0);
    held.push(...messages);
    const state = store.getState();
    const { runId } = state;
    let latest: Extract<FromTraining, { type: 'progress' }> | null = null;
    for (const message of messages) {
      if (message.type === 'progress' && message.runId === runId) latest = message;
    }
    if (latest) state.liveModel.publish({ runId, grid: latest.grid, boundary: latest.boundary });
    const following =
      env.storePeriod > 0 &&
      state.counters.state === 'training' &&
      held.every(
        (message) =>
          message.type === 'progress' && message.runId === runId && message.counters.state === 'training',
      );
    if (!following || tickOf(lastFlush) !== tickOf(lastStored)) {
      state.receive(held.splice(0));
      lastStored = lastFlush;
    }
    if (latest) transport.send({ type: 'frameDone', runId });
  };
  const unsubscribe = transport.subscribe((message) => {
    lastMessage = env.now();
    queue.push(message);
    if (!frameRequested) {
      frameRequested = true;
      env.requestFrame(flush);
    }
  });
  const unsubscribeFault = transport.onFault((description) =>
    store.getState().reportWorkerFault(description),
  );
  // A start or a play resets the clock: the worker answers both at once.
  const unsubscribeStore = store.subscribe((state, previous) => {
    if (state.runId !== previous.runId) lastMessage = env.now();
  });
  const stopWatchdog = env.every(1000, () => {
    const state = store.getState();
    if (
      state.counters.state === 'training' &&
      state.workerError === null &&
      env.now() - lastMessage > WATCHDOG_MILLISECONDS
    ) {
      state.reportWorkerFault('the training worker stopped responding');
    }
  });
  return () => {
    unsubscribe();
    unsubscribeFault();
    unsubscribeStore();
    stopWatchdog();
  };
}
