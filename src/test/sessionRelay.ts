import { act } from '@testing-library/react';
import type { RunSettings } from '../core/run.ts';
import type { ToTraining } from '../worker/training/protocol.ts';
import { TrainingSession } from '../worker/training/session.ts';
import type { createFakeTransport } from './fakeTransport.ts';

/**
 * A real training session behind a fake transport: starts `settings` as run `runId` and returns `relay`,
 * which hands a page message to the session and its replies to the page, as the worker would.
 */
export function startSessionRelay(
  fake: Pick<ReturnType<typeof createFakeTransport>, 'emit'>,
  runId: number,
  settings: RunSettings,
) {
  const session = new TrainingSession();
  const relay = (message: ToTraining) =>
    act(() => {
      for (const reply of session.handle(message, 0)) fake.emit(reply.message);
    });
  relay({ type: 'start', runId, settings, speed: null });
  return relay;
}
