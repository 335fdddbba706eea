import { describe, expect, it } from 'vitest';
import { createFakeFinder, sampleFinderResult } from '../test/fakeFinder.ts';
import { createFakeTransport } from '../test/fakeTransport.ts';
import { createAppStore } from './store.ts';
import { selectFinderKey } from './finderSlice.ts';

function setup() {
  const fake = createFakeTransport();
  const finder = createFakeFinder();
  const store = createAppStore(fake.transport, undefined, finder.services);
  store.getState().restartRun();
  return { ...fake, ...finder, store };
}

describe('the learning-rate finder slice', () => {
  it('ramps the current data, model, objective and batch size, and leaves the current run alone', () => {
    const { store, jobs, sent } = setup();
    store.getState().changeConfig({ objective: 'squared', hyperparameters: { batchSize: 7 } });
    const messagesBefore = sent.length;
    store.getState().findLearningRate();
    expect(store.getState().finder.status).toBe('running');
    expect(jobs[0]?.base.objective).toBe('squared');
    expect(jobs[0]?.base.hyperparameters.batchSize).toBe(7);
    jobs[0]?.finish(sampleFinderResult);
    expect(store.getState().finder).toEqual({
      status: 'done',
      result: sampleFinderResult,
      error: null,
      key: selectFinderKey(store.getState()),
    });
    // The finder sent nothing to the training worker.
    expect(sent.length).toBe(messagesBefore);
  });

  it('sets the learning rate to the suggestion from the next epoch, without restarting the run', () => {
    const { store, jobs, sent, lastOfType } = setup();
    store.getState().findLearningRate();
    jobs[0]?.finish(sampleFinderResult);
    const starts = sent.filter((message) => message.type === 'start').length;
    store.getState().applySuggestedLearningRate();
    expect(store.getState().config.hyperparameters.learningRate).toBe(0.035);
    expect(lastOfType('setHyperparameters')?.changes).toEqual({ learningRate: 0.035 });
    expect(sent.filter((message) => message.type === 'start').length).toBe(starts);
    // A change of learning rate does not make the result out of date; a change of batch size does.
    expect(store.getState().finder.key).toBe(selectFinderKey(store.getState()));
    store.getState().changeConfig({ hyperparameters: { batchSize: 20 } });
    expect(store.getState().finder.key).not.toBe(selectFinderKey(store.getState()));
  });

  it('ramps with the current sampling scheme, and a change of scheme makes the result out of date', () => {
    const { store, jobs } = setup();
    store.getState().changeConfig({ sampling: 'fixedOrder' });
    store.getState().findLearningRate();
    expect(jobs[0]?.base.sampling).toBe('fixedOrder');
    jobs[0]?.finish(sampleFinderResult);
    expect(store.getState().finder.key).toBe(selectFinderKey(store.getState()));
    store.getState().changeConfig({ sampling: 'withReplacement' });
    expect(store.getState().finder.key).not.toBe(selectFinderKey(store.getState()));
  });

  it('is cancelled: the late answer is dropped and the last result stays', () => {
    const { store, jobs } = setup();
    store.getState().findLearningRate();
    jobs[0]?.finish(sampleFinderResult);
    store.getState().findLearningRate();
    store.getState().cancelLearningRateFinder();
    expect(jobs[1]?.cancelled).toBe(true);
    jobs[1]?.finish({ ...sampleFinderResult, suggestion: 9 });
    expect(store.getState().finder.status).toBe('cancelled');
    expect(store.getState().finder.result).toBe(sampleFinderResult);
  });

  it('shows the worker’s error, and clears it on the next try', () => {
    const { store, jobs } = setup();
    store.getState().findLearningRate();
    jobs[0]?.fail('the learning-rate finder’s worker stopped unexpectedly');
    expect(store.getState().finder.status).toBe('failed');
    expect(store.getState().finder.error).toBe('the learning-rate finder’s worker stopped unexpectedly');
    store.getState().findLearningRate();
    expect(store.getState().finder.error).toBeNull();
  });

  it('has nothing to apply without a suggestion', () => {
    const { store, jobs } = setup();
    store.getState().findLearningRate();
    jobs[0]?.finish({ ...sampleFinderResult, suggestion: null });
    store.getState().applySuggestedLearningRate();
    expect(store.getState().config.hyperparameters.learningRate).toBe(0.1);
  });
});
