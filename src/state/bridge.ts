import type { TrainingTransport } from '../worker/client.ts';
import type { FromWorker } from '../worker/protocol.ts';
import type { AppStore } from './store.ts';

/** A training worker silent for this long while it should be training has died or hung. */
export const WATCHDOG_MILLISECONDS = 4000;
/** With prefers-reduced-motion, the page redraws at most this often. */
export const REDUCED_MOTION_FRAME_MILLISECONDS = 250;

/** How the bridge meets the browser; tests pass their own. */
export interface BridgeEnvironment {
  requestFrame(callback: () => void): void;
  now(): number;
  /** Calls `tick` every second; returns the stop function. */
  every(milliseconds: number, tick: () => void): () => void;
  prefersReducedMotion(): boolean;
}

/** The real browser. */
export const browserEnvironment: BridgeEnvironment = {
  requestFrame: (callback) => requestAnimationFrame(() => callback()),
  now: () => performance.now(),
  every: (milliseconds, tick) => {
    const timer = setInterval(tick, milliseconds);
    return () => clearInterval(timer);
  },
  prefersReducedMotion: () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false,
};

/**
 * Connects the store to the worker: messages are queued and applied once per animation frame (at most four
 * times a second for people who asked for reduced motion), then the worker is told the frame is drawn so it
 * may send the next. A watchdog reports a worker that stops answering while it trains. Returns disconnect.
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
        }
      : { ...browserEnvironment, ...environment };
  const queue: FromWorker[] = [];
  let frameRequested = false;
  let lastFlush = Number.NEGATIVE_INFINITY;
  let lastMessage = env.now();
  const flush = () => {
    if (env.prefersReducedMotion() && env.now() - lastFlush < REDUCED_MOTION_FRAME_MILLISECONDS) {
      env.requestFrame(flush);
      return;
    }
    frameRequested = false;
    lastFlush = env.now();
    const messages = queue.splice(0);
    store.getState().receive(messages);
    const runId = store.getState().runId;
    if (messages.some((message) => message.type === 'progress' && message.runId === runId)) {
      transport.send({ type: 'frameDone', runId });
    }
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
