/**
 * The network table: a 2-8-8-1 tanh network trained on the logistic objective by the fast engine (typed
 * arrays, hand-written gradients) and by tfjs autodiff on its cpu and wasm backends, all three driven by
 * the same SgdStepper from the same seeded start.
 */
import { generateDataset, type Dataset } from '../src/core/datasets.ts';
import { describeError } from '../src/core/errors.ts';
import type { Model } from '../src/core/model.ts';
import type { ModelSpec } from '../src/core/modelSpec.ts';
import { createModel, describeModel } from '../src/core/models.ts';
import { objectives } from '../src/core/objectives.ts';
import { createShuffler } from '../src/core/random.ts';
import { SgdStepper } from '../src/core/sgd.ts';
import { createTfjsModel, type TfjsModule } from '../src/engine/tfjsModel.ts';
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

/** Which rows to run and how long. */
export interface NetworkSettings {
  readonly sizes: readonly number[];
  readonly batches: readonly BatchSetting[];
  readonly runs: number;
  /** How long one timed run of each engine lasts, roughly (its update count is fixed by the warm-up). */
  readonly secondsPerRun: number;
}

/** The full table. */
export const networkDefaults: NetworkSettings = {
  sizes: [1_000],
  batches: [1, 10, 32, 256],
  runs: 5,
  secondsPerRun: 0.5,
};

const SPEC: ModelSpec = { kind: 'network', hiddenLayers: [8, 8], activation: 'tanh' };
const DATASET = 'moons';
const NOISE = 0.2;
const TRAIN_FRACTION = 0.8;
const LEARNING_RATE = 0.1;
const SEED = 7;
/** The training worker's MAX_CHECKPOINTS (src/worker/training/activeRun.ts, not imported: it pulls in the worker's build-time imports). */
const MAX_HISTORY = 4000;
/** The warm-up doubles its chunk of updates until one chunk takes this long, then times the update rate. */
const WARM_UP_CHUNK_SECONDS = 0.1;
/** The batch size the issue sets its target at, and the target: fast ≥ 15 × tfjs cpu. */
const TARGET_BATCH = 10;
const TARGET_RATIO = 15;

type EngineKey = 'fast' | 'cpu' | 'wasm';
const engineKeys: readonly EngineKey[] = ['fast', 'cpu', 'wasm'];

/** One engine of the table and how to build its model; `unavailable` says why it cannot run here. */
interface BenchEngine {
  readonly key: EngineKey;
  readonly backend: 'cpu' | 'wasm' | null;
  readonly unavailable: string | null;
  create(): Model;
}

/** One timed run. */
interface Timing {
  readonly seconds: number;
  readonly updates: number;
  readonly samples: number;
  readonly tensorsBefore: number;
  readonly tensorsAfter: number;
}

const columns: readonly Column[] = [
  { title: 'N', width: 6, align: 'right' },
  { title: 'batch', width: 5, align: 'right' },
  { title: 'fast samples/s', width: 14, align: 'right' },
  { title: 'cpu samples/s', width: 13, align: 'right' },
  { title: 'wasm samples/s', width: 14, align: 'right' },
  { title: 'fast÷cpu', width: 8, align: 'right' },
  { title: 'fast÷wasm', width: 9, align: 'right' },
  { title: 'cpu µs/step', width: 11, align: 'right' },
  { title: 'wasm µs/step', width: 12, align: 'right' },
  { title: 'tensors cpu, wasm', width: 17, align: 'left' },
];

/** Registers and starts the wasm backend; returns why it cannot run, or null when it runs. */
export async function startWasm(tf: TfjsModule): Promise<string | null> {
  try {
    // In Node the package's "main" build finds its .wasm files next to itself, so no setWasmPaths is needed.
    await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend('wasm'))) return 'tf.setBackend("wasm") failed';
    await tf.ready();
    return null;
  } catch (error) {
    return describeError(error);
  }
}

/** Switches tfjs to a backend (and waits until it is ready) unless it is the active one. */
export async function useBackend(tf: TfjsModule, backend: 'cpu' | 'wasm'): Promise<void> {
  if (tf.getBackend() === backend) return;
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs could not switch to its ${backend} backend`);
  await tf.ready();
}

/** A stepper that will not finish within any run of the bench. */
function createStepper(model: Model, data: Dataset, batchSize: number): SgdStepper {
  return new SgdStepper(
    model,
    data,
    objectives.logistic,
    { learningRate: LEARNING_RATE, annealingRate: 1, batchSize, epochs: Number.MAX_SAFE_INTEGER },
    createShuffler(SEED),
    { maxHistory: MAX_HISTORY },
  );
}

/** Training examples a stepper has used: whole epochs, then the batches of the current one. */
function samplesTrained(stepper: SgdStepper): number {
  return stepper.epoch * stepper.trainCount + stepper.batchInEpoch * stepper.batchSize;
}

/** Runs `updates` updates on a fresh stepper, timing only the training, and counts tfjs tensors around it. */
function timeRun(
  tf: TfjsModule,
  engine: BenchEngine,
  data: Dataset,
  batchSize: number,
  updates: number,
): Timing {
  const stepper = createStepper(engine.create(), data, batchSize);
  const tensorsBefore = tf.memory().numTensors;
  const start = performance.now();
  const made = stepper.runBatches(updates);
  const seconds = (performance.now() - start) / 1000;
  const tensorsAfter = tf.memory().numTensors;
  if (made !== updates || stepper.diverged !== null) {
    throw new Error(`${engine.key} engine, batch ${batchSize}: ${made} of ${updates} updates made`);
  }
  return { seconds, updates, samples: samplesTrained(stepper), tensorsBefore, tensorsAfter };
}

/**
 * Warms an engine up and returns the update count that fills about `secondsPerRun`: chunks of updates that
 * double until one takes WARM_UP_CHUNK_SECONDS, the last one giving the rate.
 */
function calibrate(engine: BenchEngine, data: Dataset, batchSize: number, secondsPerRun: number): number {
  const stepper = createStepper(engine.create(), data, batchSize);
  // Untimed: a backend's first batch sets up its kernels, which would make the first chunk look slow.
  stepper.runBatches(2);
  for (let chunk = 1; ; chunk *= 2) {
    const start = performance.now();
    stepper.runBatches(chunk);
    const seconds = (performance.now() - start) / 1000;
    if (seconds >= WARM_UP_CHUNK_SECONDS) return Math.max(1, Math.round((secondsPerRun * chunk) / seconds));
  }
}

/** One engine's figures over the runs of a row. */
interface EngineFigures {
  readonly rates: number[];
  readonly microsecondsPerStep: number[];
  readonly tensors: string;
  readonly leaked: boolean;
}

/** Prints the method, the table and the target line; sets a failing exit code if tfjs leaked tensors. */
export async function runNetworkTable(settings: NetworkSettings): Promise<void> {
  const tf: TfjsModule = await import('@tensorflow/tfjs');
  const wasmProblem = await startWasm(tf);
  const wasmFeatures =
    wasmProblem === null
      ? `SIMD ${(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'yes' : 'no'}, threads ${
          (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) ? 'yes' : 'no'
        }`
      : `n/a (${wasmProblem})`;
  const engines: readonly BenchEngine[] = [
    { key: 'fast', backend: null, unavailable: null, create: () => createModel(SPEC, SEED) },
    { key: 'cpu', backend: 'cpu', unavailable: null, create: () => createTfjsModel(tf, SPEC, SEED) },
    { key: 'wasm', backend: 'wasm', unavailable: wasmProblem, create: () => createTfjsModel(tf, SPEC, SEED) },
  ];
  const parameters = createModel(SPEC, SEED).weights.length;
  const splits = settings.sizes.map((n) => `${Math.round(n * TRAIN_FRACTION)} of ${n}`).join(', ');
  console.log(`${describeModel(SPEC)}: fast engine vs tfjs ${tf.version.tfjs} (cpu, wasm: ${wasmFeatures})`);
  printMethod([
    `${DATASET}, noise ${NOISE}, train = ${splits}; ${parameters} parameters, logistic, lr ${LEARNING_RATE}, constant; all`,
    'engines start from the same seeded weights and run SgdStepper (tfjs: createTfjsModel, tf.valueAndGrad, float32).',
    `Per engine a warm-up fixes the update count that fills ≈ ${settings.secondsPerRun} s; then ${settings.runs} timed run${settings.runs === 1 ? '' : 's'}, engines`,
    'alternating; medians shown; fast ÷ x = median of each run’s ratio; tensors = tf numTensors before→after a run.',
  ]);
  printColumnTitles(columns);
  let leaked = false;
  let targetRatio: number | null = null;
  for (const points of settings.sizes) {
    const data = generateDataset({
      kind: DATASET,
      points,
      noise: NOISE,
      trainFraction: TRAIN_FRACTION,
      seed: SEED,
    });
    const trainCount = data.train.y.length;
    for (const batchSetting of settings.batches) {
      const batchSize = batchSetting === 'all' ? trainCount : Math.min(batchSetting, trainCount);
      const running = engines.filter((engine) => engine.unavailable === null);
      const updates = new Map<EngineKey, number>();
      for (const engine of running) {
        if (engine.backend !== null) await useBackend(tf, engine.backend);
        updates.set(engine.key, calibrate(engine, data, batchSize, settings.secondsPerRun));
      }
      const timings = new Map<EngineKey, Timing[]>(running.map((engine) => [engine.key, []]));
      for (let run = 0; run < settings.runs; run++) {
        // Each run starts with the next engine, so none always runs first, just after a backend switch.
        for (let k = 0; k < running.length; k++) {
          const engine = running[(run + k) % running.length]!;
          if (engine.backend !== null) await useBackend(tf, engine.backend);
          timings.get(engine.key)!.push(timeRun(tf, engine, data, batchSize, updates.get(engine.key)!));
        }
      }
      const figures = new Map<EngineKey, EngineFigures>();
      for (const [key, list] of timings) {
        const changed = list.find((timing) => timing.tensorsAfter !== timing.tensorsBefore);
        const shown = changed ?? list[list.length - 1]!;
        figures.set(key, {
          rates: list.map((timing) => timing.samples / timing.seconds),
          microsecondsPerStep: list.map((timing) => (1e6 * timing.seconds) / timing.updates),
          tensors: `${shown.tensorsBefore}→${shown.tensorsAfter}${changed ? ' !' : ''}`,
          leaked: changed !== undefined,
        });
      }
      leaked ||= [...figures.values()].some((figure) => figure.leaked);
      const fast = figures.get('fast')!;
      const rateOf = (key: EngineKey): string => {
        const figure = figures.get(key);
        return figure ? formatRate(median(figure.rates)) : 'n/a';
      };
      const ratioTo = (key: EngineKey): number | null => {
        const figure = figures.get(key);
        return figure ? median(fast.rates.map((rate, run) => rate / figure.rates[run]!)) : null;
      };
      const stepOf = (key: EngineKey): string => {
        const figure = figures.get(key);
        return figure ? median(figure.microsecondsPerStep).toFixed(1) : 'n/a';
      };
      const toCpu = ratioTo('cpu');
      const toWasm = ratioTo('wasm');
      if (batchSize === TARGET_BATCH && toCpu !== null) targetRatio = Math.min(targetRatio ?? toCpu, toCpu);
      const tfjsTensors = engineKeys
        .filter((key) => key !== 'fast')
        .map((key) => figures.get(key)?.tensors ?? 'n/a')
        .join(', ');
      console.log(
        formatRow(columns, [
          points.toLocaleString('en-US'),
          String(batchSetting),
          rateOf('fast'),
          rateOf('cpu'),
          rateOf('wasm'),
          toCpu === null ? 'n/a' : `${formatRatio(toCpu)}×`,
          toWasm === null ? 'n/a' : `${formatRatio(toWasm)}×`,
          stepOf('cpu'),
          stepOf('wasm'),
          tfjsTensors,
        ]),
      );
    }
  }
  console.log('');
  if (wasmProblem !== null) console.log(`tfjs wasm: n/a (${wasmProblem})`);
  const measured =
    targetRatio === null
      ? `batch ${TARGET_BATCH} was not run`
      : `measured ${formatRatio(targetRatio)}×: ${targetRatio >= TARGET_RATIO ? 'met' : 'NOT met'}`;
  console.log(`target (the issue): fast ≥ ${TARGET_RATIO}× tfjs cpu at batch ${TARGET_BATCH}; ${measured}`);
  console.log(
    leaked
      ? 'tensors: a tfjs run ended with a different tensor count than it began with (marked !): a leak'
      : 'tensors: every tfjs run ended with the tensor count it began with',
  );
  console.log(
    '(the "install our node backend" notice on stderr is tfjs-backend-cpu’s; tfjs-node has no place in a browser)',
  );
  if (leaked) process.exitCode = 1;
  console.log('');
}
