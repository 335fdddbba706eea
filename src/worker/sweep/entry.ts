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

/** Posts the answer `compute` builds, or the error it throws, named by the sweep and the cell it concerns. */
function answer(sweepId: number, cellIndex: number, compute: () => FromSweep): void {
  try {
    post(compute());
  } catch (error) {
    post({ type: 'sweepError', sweepId, cellIndex, message: describeError(error) });
  }
}

self.onmessage = (event: MessageEvent<ToSweep>) => {
  const message = event.data;
  const { sweepId } = message;
  switch (message.type) {
    case 'sweepJob':
      answer(sweepId, message.cell.index, () => ({
        type: 'sweepResult',
        sweepId,
        result: runSweepCell(message.spec, message.cell),
      }));
      break;
    case 'noiseJob':
      answer(sweepId, message.cell.index, () => ({
        type: 'noiseResult',
        sweepId,
        noise: measureCellNoise(message.spec, message.cell, message.updates),
      }));
      break;
    case 'refineJob':
      answer(sweepId, message.brackets[0]?.cellIndex ?? -1, () => ({
        type: 'refineResult',
        sweepId,
        reaches: refineFirstReaches(message.spec, message.target, message.brackets),
      }));
      break;
    default:
      assertNever(message);
  }
};
