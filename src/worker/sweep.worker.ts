/**
 * A sweep worker's entry: it runs one grid cell per job, to the end, and answers with its result. Stopping
 * a sweep terminates the worker, so a job needs no way to be interrupted.
 */
import { runSweepCell } from '../core/sweep.ts';
import { assertNever } from './protocol.ts';
import type { FromSweepWorker, ToSweepWorker } from './sweepProtocol.ts';

declare const self: DedicatedWorkerGlobalScope;

function post(message: FromSweepWorker): void {
  self.postMessage(message);
}

self.onmessage = (event: MessageEvent<ToSweepWorker>) => {
  const message = event.data;
  switch (message.type) {
    case 'sweepJob':
      try {
        post({
          type: 'sweepResult',
          sweepId: message.sweepId,
          result: runSweepCell(message.spec, message.cell),
        });
      } catch (error) {
        post({
          type: 'sweepError',
          sweepId: message.sweepId,
          cellIndex: message.cell.index,
          message: error instanceof Error ? error.message : String(error),
        });
      }
      break;
    default:
      assertNever(message.type);
  }
};
