import type { TrainingTransport } from '../worker/training/client.ts';
import type { FromTraining } from '../worker/training/protocol.ts';
import type { AppStore } from './store.ts';

/** A training worker silent for this long while it should be training has died or hung. */
export const WATCHDOG_MILLISECONDS = 4000;
/** With prefers-reduced-motion, the page redraws at most this often. */
export const REDUCED_MOTION_FRAME_MILLISECONDS = 250;
/** How the bridge meets the browser; tests pass their own. */
export interface BridgeEnvironment {
  requestFrame(callback: () => void): void;
  now(): number;
  /** Calls `tick` every `milliseconds`; returns the stop function. */
  every(milliseconds: number, tick: () => void): () => void;
  prefersReducedMotion(): boolean;
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
};

/**
 * Connects the store to the worker: messages are queued and given to the store once per animation frame
 * (at most four times a second for people who asked for reduced motion), then the worker is told the frame
 * is drawn so it may send the next: the worker never runs more than a frame ahead of the page. A watchdog
 * reports a worker that stops answering while it trains. Returns disconnect.
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
  const queue: FromTraining[] = [];
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
    const state = store.getState();
    const drewProgress = messages.some(
      (message) => message.type === 'progress' && message.runId === state.runId,
    );
    state.receive(messages);
    state.receiveNoiseFloor(messages);
    if (drewProgress) transport.send({ type: 'frameDone', runId: state.runId });
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
