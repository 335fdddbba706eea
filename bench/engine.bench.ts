/**
 * Throughput of the app's SGD engine (SgdStepper driving the linear model) against a plain Float64Array
 * loop of the same algorithm written inline here. Run with `npm run bench`; prints text tables.
 */
import os from 'node:os';
import { generateDataset, type Dataset, type PointSet } from '../src/core/datasets.ts';
import { createLinearModel } from '../src/core/linearModel.ts';
import { objectiveNames, objectives, type ObjectiveName } from '../src/core/objectives.ts';
import { createRandom } from '../src/core/random.ts';
import { SgdStepper, createShuffler } from '../src/core/sgd.ts';

const SIZES = [1_000, 100_000];
const BATCH_SIZES = [1, 32, 256, 'all'] as const;
const TRAIN_FRACTION = 0.8;
const RUNS = 5;
/** Each timed run trains this many samples (whole epochs, rounded up), so small N is not lost in noise. */
const SAMPLES_PER_RUN = 3_000_000;
const LEARNING_RATE = 0.01;
const ANNEALING_RATE = 0.999;
const SEED = 7;

type BatchSize = (typeof BATCH_SIZES)[number];

interface Timing {
  readonly seconds: number;
  readonly weights: readonly number[];
}

function resolveBatchSize(batchSize: BatchSize, trainCount: number): number {
  return batchSize === 'all' ? trainCount : batchSize;
}

/** The engine as the worker drives it: a stepper over whole epochs, its per-epoch evaluation included. */
function runEngine(data: Dataset, name: ObjectiveName, batchSize: number, epochs: number): Timing {
  const stepper = new SgdStepper(
    createLinearModel(),
    data,
    objectives[name],
    { learningRate: LEARNING_RATE, annealingRate: ANNEALING_RATE, batchSize, epochs },
    createShuffler(SEED),
  );
  const start = performance.now();
  stepper.runBatches(Number.POSITIVE_INFINITY);
  const seconds = (performance.now() - start) / 1000;
  if (stepper.diverged !== null || stepper.epoch !== epochs) {
    throw new Error(`engine run of ${name}, batch ${batchSize} stopped at epoch ${stepper.epoch}`);
  }
  return { seconds, weights: Array.from(stepper.model.weights) };
}

const LOGISTIC = 0;
const HINGE = 1;
const SQUARED = 2;
const PERCEPTRON = 3;
const objectiveCodes: Record<ObjectiveName, number> = {
  logistic: LOGISTIC,
  hinge: HINGE,
  squared: SQUARED,
  perceptron: PERCEPTRON,
};

/** Σ loss over a point set at (w0, w1, w2); writes the number classified right (s·y > 0) to counts[0]. */
function evaluatePlain(
  points: PointSet,
  kind: number,
  w0: number,
  w1: number,
  w2: number,
  counts: Float64Array,
): number {
  const { x, y } = points;
  let total = 0;
  let correct = 0;
  for (let i = 0; i < y.length; i++) {
    const label = y[i]!;
    const score = w0 * x[2 * i]! + w1 * x[2 * i + 1]! + w2;
    if (kind === LOGISTIC) {
      const z = -label * score;
      total += z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    } else if (kind === HINGE) {
      total += Math.max(0, 1 - label * score);
    } else if (kind === PERCEPTRON) {
      total += Math.max(0, -label * score);
    } else {
      total += (score - label) * (score - label);
    }
    if (score * label > 0) correct++;
  }
  counts[0] = correct;
  return total;
}

/**
 * The reference algorithm as one plain loop: zero weights, a Fisher–Yates shuffle each epoch (the same
 * random stream as the engine's, so the two runs can be checked against each other), consecutive batches,
 * the mean gradient update, then the objective and accuracy on train and test, then lr *= annealing.
 */
function runPlain(data: Dataset, name: ObjectiveName, batchSize: number, epochs: number): Timing {
  const start = performance.now();
  const kind = objectiveCodes[name];
  const { x, y } = data.train;
  const count = y.length;
  const order = new Uint32Array(count);
  const records = new Float64Array(4 * epochs);
  const counts = new Float64Array(1);
  const random = createRandom(SEED);
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let rate = LEARNING_RATE;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = 0; i < count; i++) order[i] = i;
    for (let i = count - 1; i > 0; i--) {
      const j = random.integer(i + 1);
      const swap = order[i]!;
      order[i] = order[j]!;
      order[j] = swap;
    }
    for (let first = 0; first < count; first += batchSize) {
      const end = Math.min(count, first + batchSize);
      let g0 = 0;
      let g1 = 0;
      let g2 = 0;
      for (let k = first; k < end; k++) {
        const i = order[k]!;
        const x1 = x[2 * i]!;
        const x2 = x[2 * i + 1]!;
        const label = y[i]!;
        const score = w0 * x1 + w1 * x2 + w2;
        let slope: number;
        if (kind === LOGISTIC) {
          const margin = label * score;
          if (margin >= 0) {
            const e = Math.exp(-margin);
            slope = (-label * e) / (1 + e);
          } else {
            slope = -label / (1 + Math.exp(margin));
          }
        } else if (kind === HINGE) {
          slope = label * score < 1 ? -label : 0;
        } else if (kind === PERCEPTRON) {
          slope = label * score <= 0 ? -label : 0;
        } else {
          slope = 2 * (score - label);
        }
        g0 += slope * x1;
        g1 += slope * x2;
        g2 += slope;
      }
      const size = end - first;
      w0 -= (rate * g0) / size;
      w1 -= (rate * g1) / size;
      w2 -= (rate * g2) / size;
    }
    records[4 * epoch] = evaluatePlain(data.train, kind, w0, w1, w2, counts);
    records[4 * epoch + 1] = counts[0]! / count;
    records[4 * epoch + 2] = evaluatePlain(data.test, kind, w0, w1, w2, counts);
    records[4 * epoch + 3] = counts[0]! / data.test.y.length;
    rate *= ANNEALING_RATE;
  }
  const seconds = (performance.now() - start) / 1000;
  return { seconds, weights: [w0, w1, w2] };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function formatRate(samplesPerSecond: number): string {
  return `${(samplesPerSecond / 1e6).toFixed(2)} M`;
}

const columns = [
  { title: 'objective', width: 10, align: 'left' },
  { title: 'N', width: 7, align: 'right' },
  { title: 'train', width: 6, align: 'right' },
  { title: 'batch', width: 6, align: 'right' },
  { title: 'epochs', width: 6, align: 'right' },
  { title: 'engine samples/s', width: 16, align: 'right' },
  { title: 'plain samples/s', width: 15, align: 'right' },
  { title: 'ratio', width: 5, align: 'right' },
] as const;

function formatRow(cells: readonly string[]): string {
  return cells
    .map((cell, k) => {
      const column = columns[k]!;
      return column.align === 'left' ? cell.padEnd(column.width) : cell.padStart(column.width);
    })
    .join(' | ');
}

function printHeader(): void {
  const cpus = os.cpus();
  console.log('SGD Lab engine benchmark');
  console.log(`date     ${new Date().toISOString()}`);
  console.log(`node     ${process.version} (V8 ${process.versions.v8}), ${process.platform}/${process.arch}`);
  console.log(`cpu      ${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`);
  console.log(
    `data     separable blobs, noise 0.2, trainFraction ${TRAIN_FRACTION}: train = ${SIZES.map(
      (n) => `${Math.round(n * TRAIN_FRACTION)} of ${n}`,
    ).join(', ')}`,
  );
  console.log(
    `method   linear model, lr ${LEARNING_RATE}, annealing ${ANNEALING_RATE}; each timed run trains whole epochs,` +
      ` ≥ ${SAMPLES_PER_RUN.toExponential(0)} samples,`,
  );
  console.log(
    `         with the per-epoch evaluation of train and test; one warm-up, then the median of ${RUNS}` +
      ' runs, engine and plain alternating.',
  );
  console.log(
    '         samples/s = training examples used by updates per second; ratio = engine / plain (> 1: engine faster).',
  );
  console.log(
    '         The engine also sums each batch’s loss (for the per-batch chart) and checks for divergence;',
  );
  console.log('         the plain loop does neither.');
  console.log('');
}

function main(): void {
  printHeader();
  const header = formatRow(columns.map((column) => column.title));
  console.log(header);
  console.log(header.replace(/[^|]/g, '-').replace(/\|/g, '+'));
  const datasets = SIZES.map((points) =>
    generateDataset({ kind: 'separable', points, noise: 0.2, trainFraction: TRAIN_FRACTION, seed: SEED }),
  );
  const started = performance.now();
  for (const name of objectiveNames) {
    SIZES.forEach((points, s) => {
      const data = datasets[s]!;
      const trainCount = data.train.y.length;
      const epochs = Math.max(2, Math.ceil(SAMPLES_PER_RUN / trainCount));
      const samples = epochs * trainCount;
      for (const batchSetting of BATCH_SIZES) {
        const batchSize = resolveBatchSize(batchSetting, trainCount);
        // Warm-up, and a check that both implementations compute the same run.
        const engineWarm = runEngine(data, name, batchSize, epochs);
        const plainWarm = runPlain(data, name, batchSize, epochs);
        engineWarm.weights.forEach((w, j) => {
          const other = plainWarm.weights[j]!;
          if (!(Math.abs(w - other) <= 1e-9 * Math.max(1, Math.abs(w)))) {
            throw new Error(`${name} N ${points} batch ${batchSize}: engine w[${j}] = ${w}, plain ${other}`);
          }
        });
        const engineRates: number[] = [];
        const plainRates: number[] = [];
        for (let run = 0; run < RUNS; run++) {
          engineRates.push(samples / runEngine(data, name, batchSize, epochs).seconds);
          plainRates.push(samples / runPlain(data, name, batchSize, epochs).seconds);
        }
        const engineRate = median(engineRates);
        const plainRate = median(plainRates);
        console.log(
          formatRow([
            name,
            points.toLocaleString('en-US'),
            String(trainCount),
            String(batchSetting),
            String(epochs),
            formatRate(engineRate),
            formatRate(plainRate),
            (engineRate / plainRate).toFixed(2),
          ]),
        );
      }
    });
  }
  console.log('');
  console.log(`total time ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main();
