import { describe, expect, it } from 'vitest';
import { sharpness } from '../core/curvature.ts';
import { gradientNoise } from '../core/gradientNoise.ts';
import { buildRun } from '../core/run.ts';
import { presets, type PresetId } from './presets.ts';

/** A preset's run, built as the worker builds it. */
function presetRun(id: PresetId) {
  const { dataset, model, objective, l2, hyperparameters } = presets[id];
  return buildRun({ dataset, customPoints: null, model, engine: 'fast', objective, l2, hyperparameters });
}

/** Trains `run` epoch by epoch to its end, calling `measure` at the start and after every epoch. */
function trainMeasuring(id: PresetId, measure: (epoch: number, run: ReturnType<typeof presetRun>) => void) {
  const run = presetRun(id);
  measure(0, run);
  while (!run.stepper.finished) {
    run.stepper.stepEpoch();
    measure(run.stepper.epoch, run);
  }
  expect(run.stepper.diverged).toBeNull();
  return run;
}

const objectiveAt = (run: ReturnType<typeof presetRun>, epoch: number) =>
  run.stepper.history.find((record) => record.epoch === epoch)?.objective ?? Number.NaN;

describe('the Curvature & noise presets say what happens on their data', () => {
  it('edgeOfStability: λ_max climbs past 2/lr = 20, the objective jumps, then λ_max stays just below 20', () => {
    const lambda = new Map<number, number>();
    const run = trainMeasuring('edgeOfStability', (epoch, { model, stepper, objective }) => {
      if (epoch % 10 !== 0) return;
      const result = sharpness(model, stepper.data.train, objective, 0);
      lambda.set(epoch, result.kind === 'none' ? Number.NaN : result.lambdaMax);
    });
    expect(2 / presets.edgeOfStability.hyperparameters.learningRate).toBe(20);
    expect(lambda.get(0)).toBeCloseTo(10, 0);
    expect(Math.round(lambda.get(140) as number)).toBe(33);
    expect(Math.round(objectiveAt(run, 140))).toBe(7);
    expect(Math.round(objectiveAt(run, 150) / 10) * 10).toBe(70);
    const late = [...lambda].filter(([epoch]) => epoch >= 300).map(([, value]) => value);
    expect(Math.min(...late)).toBeGreaterThanOrEqual(17);
    expect(Math.max(...late)).toBeLessThan(18.5);
    expect(objectiveAt(run, 600).toFixed(1)).toBe('3.9');
  });

  it('howLargeABatch: B_simple ≈ 2 at the start, past 140 by epoch 8, ≈ 1,100 by epoch 17', () => {
    const scale = new Map<number, number>();
    const run = trainMeasuring('howLargeABatch', (epoch, { model, stepper, objective }) => {
      scale.set(epoch, gradientNoise(model, stepper.data.train, objective, 0).noiseScale ?? Number.NaN);
    });
    expect(run.stepper.trainCount).toBe(140);
    expect(Math.round(scale.get(0) as number)).toBe(2);
    expect([...scale].find(([, value]) => value > 140)?.[0]).toBe(8);
    expect(Math.round((scale.get(17) as number) / 100) * 100).toBe(1100);
    expect(run.stepper.history.at(-1)?.objective.toFixed(1)).toBe('36.4');
  });
});
