/**
 * The page's side of the bench worker (bench.worker.ts), for `npm run bench:browser` only: each call
 * starts a fresh worker, times one stretch and ends it. Like pool.ts, it keeps its `new Worker` in the
 * worker layer, next to client.ts.
 */
import type { BenchRequest, BenchResult, FromBenchWorker } from './benchProtocol.ts';

/** Times the plain loop, or the bare engine, in a fresh worker of this page. */
export function timeInBenchWorker(request: BenchRequest): Promise<BenchResult> {
  const worker = new Worker(new URL('./bench.worker.ts', import.meta.url), {
    type: 'module',
    name: 'sgd-lab-bench',
  });
  return new Promise<BenchResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<FromBenchWorker>) => {
      const reply = event.data;
      worker.terminate();
      if (reply.type === 'benchResult') resolve(reply.result);
      else reject(new Error(reply.message));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'the bench worker failed'));
    };
    worker.postMessage(request);
  });
}
