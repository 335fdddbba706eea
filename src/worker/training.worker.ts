/**
 * The training worker's entry: it only wires messages to the session, schedules training ticks, and
 * reports crashes. Everything it does is in session.ts.
 */
import type { ToWorker } from './protocol.ts';
import { TrainingSession, type Reply } from './session.ts';

declare const self: DedicatedWorkerGlobalScope;

const session = new TrainingSession();
let currentRunId = -1;
let tickScheduled = false;
// A MessageChannel yields to the event loop without setTimeout's 4 ms clamp, so pause is handled promptly.
const tickChannel = new MessageChannel();

function post(replies: Reply[]): void {
  for (const { message, transfer } of replies) self.postMessage(message, transfer);
}

function reportError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  self.postMessage({ type: 'error', runId: currentRunId, message });
}

function scheduleTick(): void {
  if (tickScheduled || !session.wantsTicks) return;
  tickScheduled = true;
  const speed = session.currentSpeed;
  // Slow motion sleeps between batches instead of spinning.
  if (speed !== null && speed < 200) setTimeout(runTick, Math.max(4, Math.min(250, 1000 / speed / 2)));
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

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'start') currentRunId = message.runId;
  try {
    post(session.handle(message, performance.now()));
  } catch (error) {
    reportError(error);
    return;
  }
  scheduleTick();
};
