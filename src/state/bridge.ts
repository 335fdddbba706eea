import type { TrainingTransport } from '../worker/client.ts';
import type { FromWorker } from '../worker/protocol.ts';
import type { AppStore } from './store.ts';

/**
 * Connects the store to the worker: messages are queued and applied once per animation frame, then the
 * worker is told the frame is drawn so it may send the next. Returns the disconnect function.
 */
export function connectStore(
  store: AppStore,
  transport: TrainingTransport,
  requestFrame: (callback: () => void) => void = (callback) => requestAnimationFrame(callback),
): () => void {
  const queue: FromWorker[] = [];
  let frameRequested = false;
  const flush = () => {
    frameRequested = false;
    const messages = queue.splice(0);
    store.getState().receive(messages);
    const runId = store.getState().runId;
    if (messages.some((message) => message.type === 'progress' && message.runId === runId)) {
      transport.send({ type: 'frameDone', runId });
    }
  };
  const unsubscribe = transport.subscribe((message) => {
    queue.push(message);
    if (!frameRequested) {
      frameRequested = true;
      requestFrame(flush);
    }
  });
  const unsubscribeFault = transport.onFault((description) =>
    store.getState().reportWorkerFault(description),
  );
  return () => {
    unsubscribe();
    unsubscribeFault();
  };
}
