/**
 * The training worker's entry: it only wires messages to the session, loads TensorFlow.js when a run asks
 * for it, schedules training ticks, and reports crashes. Everything else is in session.ts and its parts.
 */
import { describeError } from '../../core/errors.ts';
import type { EngineName } from '../../core/modelSpec.ts';
import { fastModelFactory, type ModelFactory } from '../../core/run.ts';
import type { TfjsModule } from '../../engine/tfjsModel.ts';
import type { FromTraining, ToTraining } from './protocol.ts';
import type { Reply } from './reply.ts';
import { TrainingSession } from './session.ts';
import { engineBackends, loadTfjs } from './tfjsBackends.ts';

declare const self: DedicatedWorkerGlobalScope;

type TfjsEngine = typeof import('../../engine/tfjsModel.ts');

let tfjs: { module: TfjsModule; createTfjsModel: TfjsEngine['createTfjsModel'] } | null = null;

/** Loads tfjs (chunks of their own, fetched only now) and switches it to the backend the engine names. */
async function prepareEngine(engine: EngineName): Promise<void> {
  const backend = engineBackends[engine];
  if (backend === null) return;
  const [module, { createTfjsModel }] = await Promise.all([
    loadTfjs(backend),
    import('../../engine/tfjsModel.ts'),
  ]);
  tfjs = { module, createTfjsModel };
}

const buildModel: ModelFactory = (spec, seed, engine) =>
  engineBackends[engine] !== null && tfjs
    ? tfjs.createTfjsModel(tfjs.module, spec, seed)
    : fastModelFactory(spec, seed, engine);

const session = new TrainingSession(buildModel, () => (tfjs ? tfjs.module.memory().numTensors : null));
let currentRunId = -1;
let tickScheduled = false;
// A MessageChannel yields to the event loop without setTimeout's 4 ms clamp, so pause is handled promptly.
const tickChannel = new MessageChannel();
// Messages are handled in order even while tfjs loads.
let pending: Promise<void> = Promise.resolve();

function post(replies: Reply[]): void {
  for (const { message, transfer } of replies) self.postMessage(message, transfer);
}

function reportError(error: unknown): void {
  const reply: FromTraining = { type: 'error', runId: currentRunId, message: describeError(error) };
  self.postMessage(reply);
}

function scheduleTick(): void {
  if (tickScheduled || !session.wantsTicks) return;
  tickScheduled = true;
  // At a limited speed the worker sleeps until the next batch is due instead of spinning (a spinning worker
  // takes a whole core from the page). At full speed it trains slice after slice; the page's
  // acknowledgements keep its messages to one per frame.
  const wait = session.millisecondsToNextBatch;
  if (wait > 0) setTimeout(runTick, Math.min(250, wait));
  else tickChannel.port2.postMessage(null);
}

function runTick(): void {
  tickScheduled = false;
  try {
    post(session.tick(performance.now(), () => performance.now()));
  } catch (error) {
    reportError(error);
    return;
  }
  scheduleTick();
}

tickChannel.port1.onmessage = runTick;

async function handleMessage(message: ToTraining): Promise<void> {
  if (message.type === 'start') {
    currentRunId = message.runId;
    await prepareEngine(message.settings.engine);
  }
  post(session.handle(message, performance.now()));
  scheduleTick();
}

self.onmessage = (event: MessageEvent<ToTraining>) => {
  const message = event.data;
  pending = pending.then(() => handleMessage(message)).catch(reportError);
};
