/**
 * The bench worker: it times the plain reference loop (core/plainLoop.ts), or the engine alone, inside a
 * worker of the app's own page, so `npm run bench:browser` compares the training worker with the same
 * loop under the same browser, flags and CPU.
 */
import { generateDataset, type Dataset } from '../../core/datasets.ts';
import { assertNever, describeError } from '../../core/errors.ts';
import { createLinearModel } from '../../core/linearModel.ts';
import { objectives } from '../../core/objectives.ts';
import { runPlainLinearSgdFor } from '../../core/plainLoop.ts';
import { createShuffler } from '../../core/random.ts';
import { SgdStepper } from '../../core/sgd.ts';
import type { BenchRequest, BenchResult, FromBench, ToBench } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

/** Enough epochs never to run out within the stretch, even at 50 M samples/s. */
function epochsFor(request: BenchRequest, data: Dataset): number {
  return Math.ceil((50e6 * request.seconds) / Math.max(1, data.train.y.length)) + 1;
}

function timePlain(request: BenchRequest, data: Dataset): BenchResult {
  const start = performance.now();
  const deadline = start + request.seconds * 1000;
  const result = runPlainLinearSgdFor(
    data,
    request.objective,
    {
      learningRate: request.learningRate,
      annealingRate: request.annealingRate,
      batchSize: request.batchSize,
      epochs: epochsFor(request, data),
      seed: request.dataset.seed,
    },
    () => performance.now() >= deadline,
  );
  const seconds = (performance.now() - start) / 1000;
  return {
    implementation: 'plain',
    samples: result.samples,
    epochs: result.epochs,
    seconds,
    samplesPerSecond: result.samples / seconds,
  };
}

function timeEngine(request: BenchRequest, data: Dataset): BenchResult {
  const stepper = new SgdStepper(
    createLinearModel(),
    data,
    objectives[request.objective],
    {
      learningRate: request.learningRate,
      annealingRate: request.annealingRate,
      batchSize: request.batchSize,
      epochs: epochsFor(request, data),
    },
    createShuffler(request.dataset.seed),
    { maxHistory: 4000 },
  );
  // Batches between two looks at the clock, as the training worker's slices take them.
  const chunk = Math.max(1, Math.floor(4096 / request.batchSize));
  const start = performance.now();
  const deadline = start + request.seconds * 1000;
  let updates = 0;
  while (performance.now() < deadline && !stepper.finished) updates += stepper.runBatches(chunk);
  const seconds = (performance.now() - start) / 1000;
  const trainCount = data.train.y.length;
  const samples = stepper.epoch * trainCount + Math.min(trainCount, stepper.batchInEpoch * stepper.batchSize);
  if (updates !== stepper.updates) throw new Error('the stepper lost count of its updates');
  return {
    implementation: 'engine',
    samples,
    epochs: stepper.epoch,
    seconds,
    samplesPerSecond: samples / seconds,
  };
}

/** Times one request and answers with its pace, or with what went wrong. */
function timeRequest(request: BenchRequest): FromBench {
  try {
    const data = generateDataset(request.dataset);
    const result = request.implementation === 'plain' ? timePlain(request, data) : timeEngine(request, data);
    return { type: 'benchResult', result };
  } catch (error) {
    return { type: 'benchError', message: describeError(error) };
  }
}

self.onmessage = (event: MessageEvent<ToBench>) => {
  const message = event.data;
  switch (message.type) {
    case 'benchJob':
      self.postMessage(timeRequest(message.request));
      break;
    default:
      assertNever(message.type);
  }
};
