import type { TrainingTransport } from '../worker/training/client.ts';
import type { FromTraining, ToTraining } from '../worker/training/protocol.ts';

/** A transport that records what the page sends and lets a test play the worker's part. */
export function createFakeTransport() {
  const sent: ToTraining[] = [];
  const listeners = new Set<(message: FromTraining) => void>();
  const faultListeners = new Set<(description: string) => void>();
  let restarts = 0;
  const transport: TrainingTransport = {
    send: (message) => sent.push(message),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onFault(listener) {
      faultListeners.add(listener);
      return () => faultListeners.delete(listener);
    },
    restart: () => {
      restarts++;
    },
  };
  return {
    transport,
    sent,
    restarts: () => restarts,
    emit: (message: FromTraining) => listeners.forEach((listener) => listener(message)),
    fault: (description: string) => faultListeners.forEach((listener) => listener(description)),
    lastOfType: <T extends ToTraining['type']>(type: T) =>
      sent.filter((message): message is Extract<ToTraining, { type: T }> => message.type === type).at(-1),
  };
}
