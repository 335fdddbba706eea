/**
 * The page's side of the bench worker (entry.ts), for `npm run bench:browser` only: each call starts a
 * fresh worker, times one stretch and ends it.
 */
import { assertNever } from '../../core/errors.ts';
import type { WorkerPort } from '../port.ts';
import type { BenchRequest, BenchResult, FromBench, ToBench } from './protocol.ts';

/** A bench worker as the page sees it. */
export type BenchWorkerPort = WorkerPort<ToBench, FromBench>;

const spawnBenchWorker = (): BenchWorkerPort =>
  new Worker(new URL('./entry.ts', import.meta.url), { type: 'module', name: 'sgd-lab-bench' });

/** Times the plain loop, or the bare engine, in a fresh worker of this page. */
export function timeInBenchWorker(
  request: BenchRequest,
  spawn: () => BenchWorkerPort = spawnBenchWorker,
): Promise<BenchResult> {
  const worker = spawn();
  return new Promise<BenchResult>((resolve, reject) => {
    worker.onmessage = (event) => {
      const reply = event.data;
      worker.terminate();
      switch (reply.type) {
        case 'benchResult':
          resolve(reply.result);
          break;
        case 'benchError':
          reject(new Error(reply.message));
          break;
        default:
          assertNever(reply);
      }
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'the bench worker failed'));
    };
    worker.postMessage({ type: 'benchJob', request });
  });
}
