import { describe, expect, it } from 'vitest';
import { generateDataset } from './datasets.ts';
import { createModel } from './models.ts';
import { objectives } from './objectives.ts';
import { createShuffler, deriveSeed } from './random.ts';
import { buildRun, loadRunData, type ModelFactory, type RunSettings } from './run.ts';
import { createSampler, samplingSchemeNames } from './sampling.ts';
import { SgdStepper } from './sgd.ts';

const settings: RunSettings = {
  dataset: { kind: 'overlapping', points: 120, noise: 0.3, trainFraction: 0.7, seed: 5 },
  customPoints: null,
  model: { kind: 'linear', features: [] },
  engine: 'fast',
  objective: 'logistic',
  l2: 0.01,
  hyperparameters: { learningRate: 0.1, annealingRate: 0.9, batchSize: 8, epochs: 6 },
};

describe('buildRun', () => {
  it('builds the reference run: model and shuffle seeded from the dataset seed, L2 and hyperparameters as set', () => {
    const { stepper } = buildRun(settings);
    const reference = new SgdStepper(
      createModel(settings.model, deriveSeed(5, 'model')),
      generateDataset(settings.dataset),
      objectives.logistic,
      settings.hyperparameters,
      createShuffler(deriveSeed(5, 'shuffle')),
      { l2: 0.01 },
    );
    stepper.runBatches(Number.POSITIVE_INFINITY);
    reference.runBatches(Number.POSITIVE_INFINITY);
    expect(stepper.history).toEqual(reference.history);
    expect(Array.from(stepper.model.weights)).toEqual(Array.from(reference.model.weights));
  });

  it("trains on the user's points, split by the spec's train fraction, when given", () => {
    const x = new Float64Array([-2, -2, -1, -2, 2, 2, 1, 2, -2, -1, 2, 1, 0.5, 0.5, -0.5, 1]);
    const y = new Float64Array([-1, -1, 1, 1, -1, 1, 1, -1]);
    const data = loadRunData({ ...settings, customPoints: { x, y } });
    expect(data.train.y.length + data.test.y.length).toBe(8);
    expect(buildRun({ ...settings, customPoints: { x, y } }).stepper.trainCount).toBe(data.train.y.length);
  });

  it("uses the engine's model factory with the derived seed, the data given, and the history limit", () => {
    const calls: [number, string][] = [];
    const factory: ModelFactory = (spec, seed, engine) => {
      calls.push([seed, engine]);
      return createModel(spec, seed);
    };
    const data = loadRunData(settings);
    const run = buildRun({ ...settings, engine: 'tfjs' }, { buildModel: factory, data, maxHistory: 2 });
    expect(calls).toEqual([[deriveSeed(5, 'model'), 'tfjs']]);
    expect(run.data).toBe(data);
    expect(run.objective).toBe(objectives.logistic);
    run.stepper.runBatches(Number.POSITIVE_INFINITY);
    // Two records at most: the first and the newest.
    expect(run.stepper.history.map((record) => record.epoch)).toEqual([1, 6]);
  });

  it('samples each epoch as its sampling scheme says, seeded as the reference shuffle; absent = reshuffle', () => {
    const trained = (run: ReturnType<typeof buildRun>) => {
      run.stepper.runBatches(Number.POSITIVE_INFINITY);
      return { history: run.stepper.history, weights: Array.from(run.stepper.model.weights) };
    };
    expect(trained(buildRun({ ...settings, sampling: 'reshuffle' }))).toEqual(trained(buildRun(settings)));
    const outcomes = samplingSchemeNames.map((scheme) => {
      const reference = new SgdStepper(
        createModel(settings.model, deriveSeed(5, 'model')),
        generateDataset(settings.dataset),
        objectives.logistic,
        settings.hyperparameters,
        createSampler(scheme, deriveSeed(5, 'shuffle')),
        { l2: 0.01 },
      );
      const outcome = trained(buildRun({ ...settings, sampling: scheme }));
      reference.runBatches(Number.POSITIVE_INFINITY);
      expect(outcome).toEqual({ history: reference.history, weights: Array.from(reference.model.weights) });
      return JSON.stringify(outcome.weights);
    });
    // Each scheme trains a different run from the same start.
    expect(new Set(outcomes).size).toBe(samplingSchemeNames.length);
  });

  it('visits the training points in their stored order under "fixed order"', () => {
    const { stepper } = buildRun({ ...settings, sampling: 'fixedOrder' });
    stepper.runBatches(1);
    expect(Array.from(stepper.epochOrder)).toEqual(Array.from({ length: stepper.trainCount }, (_, i) => i));
  });
});
