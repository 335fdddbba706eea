import { describe, expect, it } from 'vitest';
import { separableRun } from '../../test/runSettings.ts';
import type { FromTraining, LandscapeView, ToTraining } from './protocol.ts';
import { TrainingSession } from './session.ts';

/** A session on separable data with the squared objective; every step is answered at once. */
function squaredSession() {
  const session = new TrainingSession();
  const settings = {
    ...separableRun({ learningRate: 0.01, annealingRate: 1, batchSize: 10, epochs: 50 }),
    objective: 'squared' as const,
  };
  let landscape: LandscapeView | null = null;
  /** The (w₁, w₂) of every sampled batch, with its position on the epoch axis; and the optimum. */
  const path: { position: number; w1: number; w2: number }[] = [];
  let optimum: readonly number[] = [];
  const send = (message: ToTraining) => {
    const messages: FromTraining[] = session.handle(message, 0).map((reply) => reply.message);
    for (const reply of messages) {
      if (reply.type === 'runInfo' && reply.info.optimum.kind === 'minimum')
        optimum = reply.info.optimum.weights;
      if (reply.type !== 'progress') continue;
      if (reply.landscape) landscape = reply.landscape;
      reply.batchPositions.forEach((position, k) =>
        path.push({ position, w1: reply.trajectory[2 * k]!, w2: reply.trajectory[2 * k + 1]! }),
      );
    }
    session.handle({ type: 'frameDone', runId: 1 }, 0);
    return messages;
  };
  send({ type: 'start', runId: 1, settings, speed: null });
  return { session, send, landscape: () => landscape!, path, optimum: () => optimum };
}

const span = (view: LandscapeView) => view.w1Range[1] - view.w1Range[0];
const inside = (view: LandscapeView, w1: number, w2: number) =>
  w1 >= view.w1Range[0] && w1 <= view.w1Range[1] && w2 >= view.w2Range[0] && w2 <= view.w2Range[1];

describe('the landscape window after a divergence', () => {
  it('is chosen again around the kept trajectory and the optimum once the run rewinds', () => {
    const { session, send, landscape, path, optimum } = squaredSession();
    for (let batch = 0; batch < 3 * 14; batch++) send({ type: 'stepBatch', runId: 1 });
    const before = landscape();
    expect(span(before)).toBeLessThan(5);
    send({ type: 'setHyperparameters', runId: 1, changes: { learningRate: 10 } });
    let steps = 0;
    while (!send({ type: 'stepBatch', runId: 1 }).some((m) => m.type === 'progress' && m.divergence)) steps++;
    expect(steps).toBeGreaterThan(3);
    // Widened to follow the weights as they blew up.
    expect(span(landscape())).toBeGreaterThan(1e6);
    send({ type: 'rewind', runId: 1, learningRate: 0.01 });
    const after = landscape();
    expect(session.wantsTicks).toBe(false);
    // Around the start, the three good epochs' path and the optimum again, as small as before the blow-up.
    expect(span(after)).toBeLessThan(5);
    const kept = path.filter((sample) => sample.position <= 3);
    expect(kept).toHaveLength(3 * 14);
    for (const sample of kept) expect(inside(after, sample.w1, sample.w2)).toBe(true);
    expect(inside(after, optimum()[0]!, optimum()[1]!)).toBe(true);
    expect(inside(after, 0, 0)).toBe(true);
  });
});
