import { describe, expect, it } from 'vitest';
import type { Model } from '../../core/model.ts';
import { buildRun } from '../../core/run.ts';
import { separableRun } from '../../test/runSettings.ts';
import { InsightsMeter } from './insights.ts';

const settings = separableRun({ learningRate: 0.1, annealingRate: 1, batchSize: 10, epochs: 5 });

/** A run trained for two epochs, so that its weights are away from zero. */
function trainedRun() {
  const run = buildRun(settings);
  run.stepper.runBatches(2 * run.stepper.batchesInEpoch);
  return run;
}

describe('insights meter', () => {
  it('measures a tfjs run on the fast engine with the same weights, never through the engine', () => {
    const fastRun = trainedRun();
    const expected = new InsightsMeter().measure(0, fastRun.stepper, settings, false);

    const tfjsRun = trainedRun();
    const engineModel = tfjsRun.stepper.model as Model & { batchGradient: Model['batchGradient'] };
    let engineCalls = 0;
    const gradientOf = engineModel.batchGradient.bind(engineModel);
    engineModel.batchGradient = (...args) => {
      engineCalls++;
      return gradientOf(...args);
    };
    const measured = new InsightsMeter().measure(0, tfjsRun.stepper, { ...settings, engine: 'tfjs' }, false);

    expect(engineCalls).toBe(0);
    expect(measured).toEqual(expected);
    expect(measured?.noise.noiseScale).toBeGreaterThan(0);
  });

  it('follows the weights of the run it measures from one measurement to the next', () => {
    const run = trainedRun();
    const meter = new InsightsMeter();
    const tfjs = { ...settings, engine: 'tfjs' } as const;
    const before = meter.measure(0, run.stepper, tfjs, false);
    run.stepper.runBatches(run.stepper.batchesInEpoch);
    meter.markDue();
    meter.setShown(true);
    const after = meter.measure(1000, run.stepper, tfjs, false);
    const reference = new InsightsMeter().measure(0, run.stepper, settings, false);
    expect(after?.noise).toEqual(reference?.noise);
    expect(after?.noise).not.toEqual(before?.noise);
  });
});
