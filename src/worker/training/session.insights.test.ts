import { describe, expect, it } from 'vitest';
import { sharpness } from '../../core/curvature.ts';
import { buildRun } from '../../core/run.ts';
import { separableRun } from '../../test/runSettings.ts';
import { ladder, sampledSizes } from './insights.ts';
import type { FromTraining, ToTraining } from './protocol.ts';
import type { Reply } from './reply.ts';
import { TrainingSession } from './session.ts';

const settings = separableRun({ learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 100 });

type Progress = Extract<FromTraining, { type: 'progress' }>;

/** A session on a fake clock: each tick is 16 ms later, and the page acknowledges every frame. */
function drive() {
  const session = new TrainingSession();
  let now = 0;
  const progress: Progress[] = [];
  const receive = (replies: Reply[]) => {
    for (const { message } of replies) if (message.type === 'progress') progress.push(message);
    if (replies.some((reply) => reply.message.type === 'progress')) {
      receive(session.handle({ type: 'frameDone', runId: 1 }, now));
    }
  };
  const send = (message: ToTraining) => receive(session.handle(message, now));
  const tick = () => {
    now += 16;
    receive(session.tick(now, () => now));
  };
  return { session, progress, send, tick, at: () => now };
}

const withInsights = (messages: readonly Progress[]) => messages.filter((message) => message.insights);

describe('training session: curvature and noise insights', () => {
  it('measures once at the start (w = 0), then nothing while the views are hidden', () => {
    const { progress, send, tick } = drive();
    send({ type: 'start', runId: 1, settings, speed: 300 });
    const start = progress[0]?.insights;
    expect(start?.position).toBe(0);
    const expected = sharpness(
      buildRun(settings).model,
      buildRun(settings).stepper.data.train,
      buildRun(settings).objective,
      0,
    );
    expect(start?.sharpness).toEqual({
      kind: 'exact',
      lambdaMax: expected.kind === 'exact' ? expected.lambdaMax : NaN,
    });
    expect(start?.learningRate).toBe(0.1);
    expect(start?.sampled).toBeNull();
    send({ type: 'play', runId: 1 });
    for (let k = 0; k < 100; k++) tick();
    send({ type: 'stepBatch', runId: 1 });
    expect(progress.length).toBeGreaterThan(10);
    expect(withInsights(progress)).toHaveLength(1);
  });

  it('while shown, measures at steps and at most every 200 ms while training', () => {
    const { progress, send, tick } = drive();
    send({ type: 'start', runId: 1, settings, speed: 300 });
    send({ type: 'setInsights', runId: 1, shown: true });
    // Showing the views measures at once, with the Monte-Carlo points.
    expect(withInsights(progress)).toHaveLength(2);
    expect(progress.at(-1)?.insights?.sampled?.batchSizes).toEqual([1, 4, 16, 70]);
    // Saying so again (the page does at each new run) measures nothing more.
    send({ type: 'setInsights', runId: 1, shown: true });
    expect(withInsights(progress)).toHaveLength(2);
    send({ type: 'stepBatch', runId: 1 });
    const stepped = progress.at(-1)?.insights;
    expect(stepped?.position).toBeCloseTo(1 / 14, 12);
    // The weights did not move since the last draw less than a second ago: no new Monte-Carlo points.
    expect(stepped?.sampled).toBeNull();
    const before = withInsights(progress).length;
    send({ type: 'play', runId: 1 });
    // 992 ms of 16 ms ticks after the step's measurement at 0 ms: at 208, 416, 624 and 832 ms.
    for (let k = 0; k < 62; k++) tick();
    expect(withInsights(progress).length - before).toBe(4);
    send({ type: 'setInsights', runId: 1, shown: false });
    const hidden = withInsights(progress).length;
    for (let k = 0; k < 62; k++) tick();
    expect(withInsights(progress).length).toBe(hidden);
  });

  it('the exact ladder runs from 1 to N − 1, and the Monte-Carlo sizes stay below N', () => {
    const sizes = ladder(140);
    expect(sizes[0]).toBe(1);
    expect(sizes.at(-1)).toBe(139);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(sampledSizes(140)).toEqual([1, 4, 16, 70]);
    expect(sampledSizes(5)).toEqual([1, 2, 4]);
  });
});
