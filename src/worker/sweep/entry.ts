/**
 * A sweep worker's entry: it runs one grid cell per job, to the end, and answers with its result; replays a
 * cell to a given update and measures its gradient noise there; or replays cells to find exactly when they
 * first met a target. Stopping a sweep terminates the worker, so a job needs no way to be interrupted.
 */
import { assertNever, describeError } from '../../core/errors.ts';
import { refineFirstReaches } from '../../core/reachRefinement.ts';
import { measureCellNoise, runSweepCell } from '../../core/sweep.ts';
import type { FromSweep, ToSweep } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

function post(message: FromSweep): void {
  self.postMessage(message);
}

self.onmessage = (event: MessageEvent<ToSweep>) => {
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
          message: describeError(error),
        });
      }
      break;
    case 'noiseJob':
      try {
        post({
          type: 'noiseResult',
          sweepId: message.sweepId,
          noise: measureCellNoise(message.spec, message.cell, message.updates),
        });
      } catch (error) {
        post({
          type: 'sweepError',
          sweepId: message.sweepId,
          cellIndex: message.cell.index,
          message: describeError(error),
        });
      }
      break;
    case 'refineJob':
      try {
        post({
          type: 'refineResult',
          sweepId: message.sweepId,
          reaches: refineFirstReaches(message.spec, message.target, message.brackets),
        });
      } catch (error) {
        post({
          type: 'sweepError',
          sweepId: message.sweepId,
          cellIndex: message.brackets[0]?.cellIndex ?? -1,
          message: describeError(error),
        });
      }
      break;
    default:
      assertNever(message);
  }
};
