import { describe, expect, it } from 'vitest';
import { createFakeTransport } from '../test/fakeTransport.ts';
import { CONFIG_EFFECTS, defaultConfig, patchConfig, type AppConfig } from './config.ts';
import { describeDifferences, MAX_PINNED } from './compareSlice.ts';
import { selectTrainCount } from './configSlice.ts';
import { UNDO_DEPTH } from './dataSlice.ts';
import { presets } from './presets.ts';
import { createAppStore } from './store.ts';

/** A store on a fake worker, with a first run started (run 1, paused). */
function setup() {
  const fake = createFakeTransport();
  const store = createAppStore(fake.transport);
  store.getState().restartRun();
  fake.sent.length = 0;
  const sentTypes = () => fake.sent.map((message) => message.type);
  /** Pretends the worker reported some training, so that there is something to pin. */
  const trainSome = (state: 'training' | 'paused' = 'paused') =>
    store.setState((current) => ({ counters: { ...current.counters, state, updates: 5 } }));
  return { ...fake, store, sentTypes, trainSome };
}

const points = (...coordinates: number[]) => ({
  x: new Float64Array(coordinates.flatMap((value, index) => (index % 3 === 2 ? [] : [value]))),
  y: new Float64Array(coordinates.filter((_, index) => index % 3 === 2)),
});

describe('changeConfig decides in one place what a change does to the run', () => {
  it('restarts the run for data, model, objective, engine, L2 and sampling, training on if it was', () => {
    const restarting = Object.entries(CONFIG_EFFECTS)
      .filter(([, effect]) => effect === 'restart')
      .map(([key]) => key);
    expect(restarting).toEqual(['dataset', 'customPoints', 'model', 'engine', 'objective', 'l2', 'sampling']);
    const { store, sentTypes, trainSome } = setup();
    store.getState().changeConfig({ objective: 'hinge' });
    expect(sentTypes()).toEqual(['start']);
    expect(store.getState().runId).toBe(2);
    trainSome('training');
    store.getState().changeConfig({ l2: 0.01 });
    expect(sentTypes()).toEqual(['start', 'start', 'play']);
    expect(store.getState().config.l2).toBe(0.01);
  });

  it('starts a new run that samples as chosen, and reshuffles by default', () => {
    const { store, sent, sentTypes, trainSome } = setup();
    expect(store.getState().config.sampling).toBe('reshuffle');
    trainSome('training');
    store.getState().changeConfig({ sampling: 'withReplacement' });
    expect(sentTypes()).toEqual(['start', 'play']);
    expect(sent[0]).toMatchObject({ type: 'start', runId: 2, settings: { sampling: 'withReplacement' } });
    expect(store.getState().config.sampling).toBe('withReplacement');
  });

  it('hands hyperparameters to the running run, sends the speed, and leaves the run alone for the view', () => {
    const { store, sent, sentTypes } = setup();
    store.getState().changeConfig({ hyperparameters: { learningRate: 0.3 } });
    store.getState().changeConfig({ speed: null });
    store.getState().changeConfig({ presentation: true });
    expect(sentTypes()).toEqual(['setHyperparameters', 'setSpeed']);
    expect(sent[0]).toMatchObject({ runId: 1, changes: { learningRate: 0.3 } });
    expect(sent[1]).toMatchObject({ runId: 1, speed: null });
    expect(store.getState().config).toMatchObject({ speed: null, presentation: true });
  });

  it('sends a change that mixes a restart and a hyperparameter as one new run', () => {
    const { store, sent, sentTypes } = setup();
    store.getState().changeConfig({ dataset: { kind: 'moons' }, hyperparameters: { batchSize: 4 } });
    expect(sentTypes()).toEqual(['start']);
    expect(sent[0]).toMatchObject({
      runId: 2,
      settings: { dataset: { kind: 'moons' }, hyperparameters: { batchSize: 4 } },
    });
  });

  it('leaves the run alone when it already has the change (a rewind)', () => {
    const { store, sentTypes } = setup();
    store.getState().rewind(0.05);
    expect(sentTypes()).toEqual(['rewind']);
    expect(store.getState().config.hyperparameters.learningRate).toBe(0.05);
  });

  it('reports what it applied after clamping and fitting, as a pure function', () => {
    const patched = patchConfig(defaultConfig, { hyperparameters: { learningRate: 99, batchSize: 1000 } });
    expect(patched.restarts).toBe(false);
    expect(patched.appliedHyperparameters).toEqual({ learningRate: 10, batchSize: 140 });
    expect(patched.batchSizeNote).toBe(
      'Batch size 1000 is more than the 140 training points: using 140 (full batch).',
    );
    expect(patchConfig(defaultConfig, { presentation: true }).batchSizeNote).toBeUndefined();
  });
});

describe("the user's own points", () => {
  it('adds, erases within a radius, and undoes step by step', () => {
    const { store } = setup();
    store.getState().changeConfig({ customPoints: points(0, 0, 1, 3, 3, -1) });
    store.getState().addPoint(1, 1, -1);
    expect(Array.from(store.getState().config.customPoints?.y ?? [])).toEqual([1, -1, -1]);
    expect(store.getState().erasePoints([0.5, 0.5], 0.75)).toBe(2);
    expect(Array.from(store.getState().config.customPoints?.x ?? [])).toEqual([3, 3]);
    expect(store.getState().erasePoints([-5, -5], 0.1)).toBe(0);
    store.getState().undoPoints();
    expect(store.getState().config.customPoints?.y.length).toBe(3);
    store.getState().undoPoints();
    expect(store.getState().config.customPoints?.y.length).toBe(2);
  });

  it('counts no training point after Clear, and leaves the batch size for the next data', () => {
    const { store } = setup();
    store.getState().clearPoints();
    expect(selectTrainCount(store.getState())).toBe(0);
    expect(store.getState().config.hyperparameters.batchSize).toBe(10);
    expect(store.getState().batchSizeNote).toBeNull();
  });

  it('keeps them for Undo when a generated dataset is chosen', () => {
    const { store } = setup();
    const own = points(0, 0, 1, 3, 3, -1);
    store.getState().changeConfig({ customPoints: own });
    store.getState().changeConfig({ dataset: { kind: 'xor' } });
    expect(store.getState().config.customPoints).toBeNull();
    store.getState().undoPoints();
    expect(store.getState().config.customPoints).toBe(own);
  });

  it('remembers at most UNDO_DEPTH earlier sets', () => {
    const { store } = setup();
    for (let i = 0; i < UNDO_DEPTH + 5; i++) store.getState().addPoint(i / 100, 0, 1);
    expect(store.getState().pointHistory).toHaveLength(UNDO_DEPTH);
  });
});

describe('pin and twin', () => {
  it('says there is nothing to pin before any training', () => {
    const { store } = setup();
    store.getState().pinRun();
    expect(store.getState().pinned).toHaveLength(0);
    expect(store.getState().compareNote).toBe('Train or step first: there is nothing to pin yet.');
  });

  it('pins the run with its configuration, up to MAX_PINNED', () => {
    const { store, trainSome } = setup();
    const pinAfterTraining = () => {
      store.setState({ history: [], weights: [] });
      store.getState().pinRun();
    };
    trainSome();
    for (let i = 0; i < MAX_PINNED; i++) pinAfterTraining();
    expect(store.getState().pinned.map((run) => run.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(store.getState().pinned[0]?.config).toBe(store.getState().config);
    pinAfterTraining();
    expect(store.getState().compareNote).toBe(`At most ${MAX_PINNED} runs can be pinned: unpin one first.`);
    store.getState().unpinRun(2);
    expect(store.getState().pinned.map((run) => run.id)).toEqual([1, 3, 4, 5, 6]);
    expect(store.getState().pinned.map((run) => run.slot)).toEqual([0, 2, 3, 4, 5]);
    // The next pinned run takes the lowest free slot, so its colour is the one just freed.
    pinAfterTraining();
    expect(store.getState().pinned.at(-1)).toMatchObject({ id: 7, slot: 1 });
  });

  it('names the sampling scheme when pinned runs differ in it', () => {
    expect(describeDifferences([defaultConfig, { ...defaultConfig, sampling: 'withReplacement' }])).toEqual([
      'reshuffle every epoch',
      'with replacement',
    ]);
  });

  it('pins a run as it stands once, and twins a pinned run without pinning it again', () => {
    const { store, trainSome } = setup();
    trainSome();
    store.getState().pinRun();
    store.getState().pinRun();
    expect(store.getState().pinned).toHaveLength(1);
    expect(store.getState().compareNote).toBe(
      'This run is pinned already: train on or change a setting, then pin again.',
    );
    store.getState().twinRun({ learningRate: 1 });
    expect(store.getState().pinned).toHaveLength(1);
    expect(store.getState().config.hyperparameters.learningRate).toBe(1);
  });

  it('twins a run: pins it, then trains a new run with the one change and the same seed', () => {
    const { store, trainSome, sent, sentTypes } = setup();
    trainSome();
    store.getState().twinRun({ learningRate: 1 });
    expect(store.getState().pinned[0]?.config.hyperparameters.learningRate).toBe(0.1);
    expect(sentTypes().slice(-2)).toEqual(['start', 'play']);
    const start = sent.find((message) => message.type === 'start');
    expect(start).toMatchObject({
      settings: { hyperparameters: { learningRate: 1 }, dataset: { seed: defaultConfig.dataset.seed } },
    });
  });
});

describe('presets and whole configurations', () => {
  it('applies a preset as a configuration: its settings, the current engine, no own points, paused', () => {
    const { store, sent, sentTypes } = setup();
    store.getState().changeConfig({ engine: 'tfjs', customPoints: points(0, 0, 1, 3, 3, -1) });
    sent.length = 0;
    store.getState().applyPreset('diverge');
    const preset = presets.diverge;
    const expected: Partial<AppConfig> = {
      dataset: preset.dataset,
      customPoints: null,
      model: preset.model,
      objective: preset.objective,
      hyperparameters: preset.hyperparameters,
      speed: preset.speed,
      engine: 'tfjs',
    };
    expect(store.getState().config).toMatchObject(expected);
    expect(store.getState().presetId).toBe('diverge');
    expect(sentTypes()).toEqual(['start']);
  });

  it('fits the batch size of a whole configuration to its data, with a note', () => {
    const { store } = setup();
    const small = { ...defaultConfig.dataset, points: 20 };
    store.getState().replaceConfig({
      ...defaultConfig,
      dataset: small,
      hyperparameters: { ...defaultConfig.hyperparameters, batchSize: 50 },
    });
    expect(store.getState().config.hyperparameters.batchSize).toBe(14);
    expect(store.getState().batchSizeNote).toMatch(/50 is more than the 14 training points/);
  });
});
