/**
 * The linear table: the app's engine (SgdStepper driving the linear model) against the plain loop of
 * src/core/plainLoop.ts, for every objective, two dataset sizes and four batch sizes.
 */
import { generateDataset, type Dataset } from '../src/core/datasets.ts';
import { createLinearModel } from '../src/core/linearModel.ts';
import { objectiveNames, objectives, type ObjectiveName } from '../src/core/objectives.ts';
import { PLAIN_RECORD_SIZE, runPlainLinearSgd, type PlainSgdOptions } from '../src/core/plainLoop.ts';
import { createShuffler } from '../src/core/random.ts';
import { SgdStepper } from '../src/core/sgd.ts';
import type { BatchSetting } from './options.ts';
import {
  formatRate,
  formatRatio,
  formatRow,
  median,
  printColumnTitles,
  printMethod,
  type Column,
} from './table.ts';

/** Which rows to run and how often. */
export interface LinearSettings {
  readonly objectives: readonly ObjectiveName[];
  readonly sizes: readonly number[];
  readonly batches: readonly BatchSetting[];
  readonly runs: number;
}

/** The full table. */
export const linearDefaults: LinearSettings = {
  objectives: objectiveNames,
  sizes: [1_000, 100_000],
  batches: [1, 32, 256, 'all'],
  runs: 5,
};

const TRAIN_FRACTION = 0.8;
/** Each timed run trains this many samples (whole epochs, rounded up), so small N is not lost in noise. */
const SAMPLES_PER_RUN = 3_000_000;
const LEARNING_RATE = 0.01;
const ANNEALING_RATE = 0.999;
const SEED = 7;

const columns: readonly Column[] = [
  { title: 'objective', width: 10, align: 'left' },
  { title: 'N', width: 7, align: 'right' },
  { title: 'train', width: 6, align: 'right' },
  { title: 'batch', width: 6, align: 'right' },
  { title: 'epochs', width: 6, align: 'right' },
  { title: 'engine samples/s', width: 16, align: 'right' },
  { title: 'plain samples/s', width: 15, align: 'right' },
  { title: 'ratio', width: 5, align: 'right' },
];

/** The engine as the worker drives it: a stepper over whole epochs, its per-epoch evaluation included. */
function runEngine(
  data: Dataset,
  name: ObjectiveName,
  options: PlainSgdOptions,
): { seconds: number; stepper: SgdStepper } {
  const stepper = new SgdStepper(
    createLinearModel(),
    data,
    objectives[name],
    options,
    createShuffler(options.seed),
  );
  const start = performance.now();
  stepper.runBatches(Number.POSITIVE_INFINITY);
  const seconds = (performance.now() - start) / 1000;
  if (stepper.diverged !== null || stepper.epoch !== options.epochs) {
    throw new Error(`engine run of ${name}, batch ${options.batchSize} stopped at epoch ${stepper.epoch}`);
  }
  return { seconds, stepper };
}

/** The plain loop, timed the same way. */
function runPlain(data: Dataset, name: ObjectiveName, options: PlainSgdOptions): number {
  const start = performance.now();
  runPlainLinearSgd(data, name, options);
  return (performance.now() - start) / 1000;
}

/** Throws unless both implementations computed the same run, bit for bit, as plainLoop.test.ts asserts. */
function checkSameRun(data: Dataset, name: ObjectiveName, options: PlainSgdOptions, points: number): void {
  const { stepper } = runEngine(data, name, options);
  const plain = runPlainLinearSgd(data, name, options);
  const where = `${name}, N ${points}, batch ${options.batchSize}`;
  plain.weights.forEach((weight, j) => {
    const engine = stepper.model.weights[j]!;
    if (!Object.is(weight, engine)) throw new Error(`${where}: engine w[${j}] = ${engine}, plain ${weight}`);
  });
  stepper.history.forEach((record, epoch) => {
    const engine = [record.objective, record.trainAccuracy, record.testObjective, record.testAccuracy];
    engine.forEach((value, k) => {
      const other = plain.records[PLAIN_RECORD_SIZE * epoch + k];
      if (!Object.is(value, other))
        throw new Error(`${where}: epoch ${epoch + 1} record ${k}: ${value} vs ${other}`);
    });
  });
}

/** Prints the method and the table. */
export function runLinearTable(settings: LinearSettings): void {
  const splits = settings.sizes.map((n) => `${Math.round(n * TRAIN_FRACTION)} of ${n}`).join(', ');
  console.log('Linear model: engine vs the plain loop (src/core/plainLoop.ts)');
  printMethod([
    `separable blobs, noise 0.2, train = ${splits}; lr ${LEARNING_RATE}, annealing ${ANNEALING_RATE}; each timed run`,
    `trains whole epochs, ≥ ${SAMPLES_PER_RUN.toExponential(0)} samples, with the per-epoch evaluation of train and test.`,
    `One warm-up run of each (checked bit-equal), then ${settings.runs} runs alternating engine and plain; samples/s`,
    'is the median; ratio = median of each run’s engine / plain (> 1: engine faster).',
  ]);
  printColumnTitles(columns);
  for (const name of settings.objectives) {
    for (const points of settings.sizes) {
      const data = generateDataset({
        kind: 'separable',
        points,
        noise: 0.2,
        trainFraction: TRAIN_FRACTION,
        seed: SEED,
      });
      const trainCount = data.train.y.length;
      const epochs = Math.max(2, Math.ceil(SAMPLES_PER_RUN / trainCount));
      const samples = epochs * trainCount;
      for (const batchSetting of settings.batches) {
        const batchSize = batchSetting === 'all' ? trainCount : Math.min(batchSetting, trainCount);
        const options = {
          learningRate: LEARNING_RATE,
          annealingRate: ANNEALING_RATE,
          batchSize,
          epochs,
          seed: SEED,
        };
        checkSameRun(data, name, options, points);
        const engineRates: number[] = [];
        const plainRates: number[] = [];
        const ratios: number[] = [];
        for (let run = 0; run < settings.runs; run++) {
          // Who goes first alternates too, so a slowdown that lasts a moment does not always hit the same one.
          const plainFirst = run % 2 === 1;
          const plainBefore = plainFirst ? runPlain(data, name, options) : 0;
          const engineSeconds = runEngine(data, name, options).seconds;
          const plainSeconds = plainFirst ? plainBefore : runPlain(data, name, options);
          engineRates.push(samples / engineSeconds);
          plainRates.push(samples / plainSeconds);
          ratios.push(plainSeconds / engineSeconds);
        }
        console.log(
          formatRow(columns, [
            name,
            points.toLocaleString('en-US'),
            String(trainCount),
            String(batchSetting),
            String(epochs),
            formatRate(median(engineRates)),
            formatRate(median(plainRates)),
            formatRatio(median(ratios)),
          ]),
        );
      }
    }
  }
  console.log('');
}
