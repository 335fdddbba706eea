// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { connectStore } from '../../state/bridge.ts';
import { createAppStore, StoreProvider } from '../../state/store.ts';
import { createFakeFinder, sampleFinderResult } from '../../test/fakeFinder.ts';
import { createFakeTransport } from '../../test/fakeTransport.ts';
import { LearningRateFinder } from './LearningRateFinder.tsx';

afterEach(cleanup);

/** The panel against a fresh store whose training worker and finder are fakes the test controls. */
function renderFinder() {
  const fake = createFakeTransport();
  const finder = createFakeFinder();
  const store = createAppStore(fake.transport, undefined, finder.services);
  connectStore(store, fake.transport, (callback) => callback());
  store.getState().restartRun();
  render(
    <StoreProvider store={store}>
      <LearningRateFinder />
    </StoreProvider>,
  );
  return { ...fake, ...finder, store };
}

const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('LearningRateFinder', () => {
  it('runs the finder, names the suggestion and its rule, and applies it', async () => {
    const user = userEvent.setup();
    const { store, jobs } = renderFinder();
    expect(screen.queryByRole('button', { name: 'Use this rate' })).toBeNull();
    await user.click(button('Find learning rate'));
    expect(button('Find learning rate').disabled).toBe(true);
    expect(button('Cancel finder').disabled).toBe(false);
    expect(screen.getByRole('status', { name: 'Learning-rate finder status' }).textContent).toBe(
      'Finding a learning rate…',
    );
    act(() => jobs[0]?.finish(sampleFinderResult));
    expect(screen.getByLabelText('Suggested learning rate').textContent).toBe(
      'Suggested learning rate 0.035: the learning rate at the lowest point of the smoothed curve, divided by 10.',
    );
    expect(screen.getByRole('figure', { name: /objective against learning rate/ })).toBeTruthy();
    expect(
      screen.getByText(
        /After 7 batches of 10 the smoothed objective passed 4 × its lowest value at learning rate 3, and the ramp stopped/,
      ),
    ).toBeTruthy();
    await user.click(button('Use this rate'));
    expect(store.getState().config.hyperparameters.learningRate).toBe(0.035);
  });

  it('can be cancelled, and says so', async () => {
    const user = userEvent.setup();
    const { jobs } = renderFinder();
    await user.click(button('Find learning rate'));
    await user.click(button('Cancel finder'));
    expect(jobs[0]?.cancelled).toBe(true);
    expect(screen.getByRole('status', { name: 'Learning-rate finder status' }).textContent).toBe(
      'The finder was cancelled.',
    );
    expect(button('Find learning rate').disabled).toBe(false);
  });

  it('shows an error clearly', async () => {
    const user = userEvent.setup();
    const { jobs } = renderFinder();
    await user.click(button('Find learning rate'));
    act(() => jobs[0]?.fail('the worker stopped unexpectedly'));
    expect(screen.getByRole('alert').textContent).toBe(
      'The learning-rate finder failed: the worker stopped unexpectedly',
    );
  });

  it('says why there is no suggestion, and offers none to apply', async () => {
    const user = userEvent.setup();
    const { jobs } = renderFinder();
    await user.click(button('Find learning rate'));
    act(() =>
      jobs[0]?.finish({
        ...sampleFinderResult,
        suggestion: null,
        rule: 'the objective is 0',
        stop: 'reachedEnd',
      }),
    );
    expect(screen.getByLabelText('Suggested learning rate').textContent).toBe(
      'No suggestion: the objective is 0.',
    );
    expect(screen.queryByRole('button', { name: 'Use this rate' })).toBeNull();
  });

  it('marks a curve found for other settings as out of date', async () => {
    const user = userEvent.setup();
    const { store, jobs } = renderFinder();
    await user.click(button('Find learning rate'));
    act(() => jobs[0]?.finish(sampleFinderResult));
    expect(screen.queryByText(/changed since this curve was found/)).toBeNull();
    act(() => store.getState().changeConfig({ hyperparameters: { batchSize: 20 } }));
    expect(screen.getByText(/changed since this curve was found/)).toBeTruthy();
  });
});
