/**
 * The training worker's entry: it only wires messages to the session, loads TensorFlow.js when a run asks
 * for it, schedules training ticks, and reports crashes. Everything else is in session.ts and its parts.
 */
import { describeError } from '../../core/errors.ts';
import type { EngineName } from '../../core/modelSpec.ts';
import { fastModelFactory, type ModelFactory } from '../../core/run.ts';
import type { TfjsModule } from '../../engine/tfjsModel.ts';
import type { FromTraining, PageTicks, ToTraining } from './protocol.ts';
import type { Reply } from './reply.ts';
import { TrainingSession } from './session.ts';
import { nextSlice } from './stepAside.ts';
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
/** The worker's rest between slices while the page is behind. */
const PAGE_REST_MILLISECONDS = 4;
let playedAt = Number.NEGATIVE_INFINITY;
/**
 * The page's clock, from the last 'start': at full speed the worker steps aside around its ticks, and more
 * so just after Play (stepAside.ts).
 */
let pageTicks: PageTicks | null = null;

/**
 * Where `now` falls on the page's clock: a rest to take, or how long a slice may train. Only at full
 * speed: at a limited speed the worker sleeps between batches anyway, and resting at the ticks would
 * bunch the batches (slow motion would show three at once, then none).
 */
const sliceAt = (now: number) =>
  pageTicks && session.currentSpeed === null
    ? nextSlice(pageTicks, performance.timeOrigin, now, now - playedAt)
    : { budget: Number.POSITIVE_INFINITY };
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
  // takes a whole core from the page). At full speed it trains slice after slice, but on two cores the
  // page's threads need the worker's core at times: it rests around each tick of the page's clock (when
  // every view renders), and for a few milliseconds between slices while the page is behind with its
  // frames.
  const wait = session.millisecondsToNextBatch;
  const now = performance.now();
  const slice = sliceAt(now);
  if (wait > 0) setTimeout(runTick, Math.min(250, wait));
  else if ('rest' in slice) setTimeout(runTick, slice.rest);
  else if (session.pageIsBehind) setTimeout(runTick, PAGE_REST_MILLISECONDS);
  else tickChannel.port2.postMessage(null);
}

function runTick(): void {
  tickScheduled = false;
  const now = performance.now();
  const slice = sliceAt(now);
  try {
    // A slice that would begin inside a quiet window (after a rest between slices) trains one chunk.
    post(session.tick(now, () => performance.now(), 'budget' in slice ? slice.budget : 0));
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
    pageTicks = message.pageTicks ?? null;
    await prepareEngine(message.settings.engine);
  }
  if (message.type === 'play') playedAt = performance.now();
  post(session.handle(message, performance.now()));
  scheduleTick();
}

self.onmessage = (event: MessageEvent<ToTraining>) => {
  const message = event.data;
  pending = pending.then(() => handleMessage(message)).catch(reportError);
};
