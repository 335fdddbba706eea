import { describeError } from '../../core/errors.ts';
import type { FromTraining, ToTraining } from './protocol.ts';

/** What the page knows of the training worker: send, listen, and restart it after a crash. */
export interface TrainingTransport {
  send(message: ToTraining): void;
  /** Calls `listener` for every message; returns the unsubscribe function. */
  subscribe(listener: (message: FromTraining) => void): () => void;
  /** Calls `listener` when the worker crashes or cannot be started. */
  onFault(listener: (description: string) => void): () => void;
  /** Ends the current worker and starts a fresh one. */
  restart(): void;
}

/** Creates the training worker and a typed transport to it. */
export function createTrainingClient(): TrainingTransport {
  const listeners = new Set<(message: FromTraining) => void>();
  const faultListeners = new Set<(description: string) => void>();
  let worker: Worker | null = null;

  const spawn = (): void => {
    try {
      const created = new Worker(new URL('./entry.ts', import.meta.url), {
        type: 'module',
        name: 'sgd-lab-training',
      });
      created.onmessage = (event: MessageEvent<FromTraining>) => {
        for (const listener of listeners) listener(event.data);
      };
      created.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        const description = event.message || 'the training worker stopped unexpectedly';
        for (const listener of faultListeners) listener(description);
      };
      created.onmessageerror = () => {
        for (const listener of faultListeners)
          listener('a message from the training worker could not be read');
      };
      worker = created;
    } catch (error) {
      worker = null;
      const description = describeError(error);
      queueMicrotask(() => {
        for (const listener of faultListeners)
          listener(`the training worker could not start: ${description}`);
      });
    }
  };

  spawn();
  return {
    send(message) {
      worker?.postMessage(message);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onFault(listener) {
      faultListeners.add(listener);
      return () => faultListeners.delete(listener);
    },
    restart() {
      worker?.terminate();
      spawn();
    },
  };
}
