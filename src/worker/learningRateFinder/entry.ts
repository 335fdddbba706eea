/**
 * The learning-rate finder's worker entry: it runs one ramp per job, to its end, and answers with the
 * result. Cancelling terminates the worker, so a job needs no way to be interrupted.
 */
import { assertNever, describeError } from '../../core/errors.ts';
import { findLearningRate } from '../../core/learningRateFinder.ts';
import type { FromFinder, ToFinder } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

function post(message: FromFinder): void {
  self.postMessage(message);
}

self.onmessage = (event: MessageEvent<ToFinder>) => {
  const message = event.data;
  switch (message.type) {
    case 'findLearningRate':
      try {
        post({ type: 'finderResult', finderId: message.finderId, result: findLearningRate(message.base) });
      } catch (error) {
        post({ type: 'finderError', finderId: message.finderId, message: describeError(error) });
      }
      break;
    default:
      assertNever(message.type);
  }
};
