// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpreadView } from '../../state/noiseFloorSlice.ts';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { CloudToggle, FloorControls } from './NoiseFloorControls.tsx';
import { describeCloud, describeFloor } from './noiseFloorText.ts';

afterEach(cleanup);

const SPREAD: SpreadView = {
  kind: 'prediction',
  learningRate: 0.1,
  batchSize: 10,
  ellipse: {
    center: [0.2, 0.3],
    variances: [1, 1],
    covariance: 0,
    radii: [0.17, 0.14],
    angle: 0,
    probability: 0.95,
  },
  trace: 0.0123,
  summedFloor: 3.73,
  summedSmallRateFloor: 2.77,
};

const views = (sent: readonly { type: string }[]) =>
  sent.flatMap((message) =>
    message.type === 'setNoiseFloorViews' && 'views' in message ? [message.views] : [],
  );

describe('the Iterate cloud toggle', () => {
  it('shows the cloud on the worker’s word, with its legend and the ellipse’s numbers', () => {
    const { store, sent } = renderWithStore(<CloudToggle />);
    expect(screen.queryByText('predicted 95 % ellipse')).toBeNull();
    fireEvent.click(screen.getByLabelText('Iterate cloud'));
    expect(views(sent)).toEqual([{ cloud: true, floor: false, averages: false, tailStartEpoch: 0 }]);
    act(() => store.setState({ spread: SPREAD, noiseFloorRunId: 1, iterateCloud: new Float64Array(1000) }));
    expect(screen.getByText('predicted 95 % ellipse')).toBeTruthy();
    const caption = screen.getByText(/Dots: the last 500 weights/);
    expect(caption.textContent).toContain('(E‖w − w*‖² = tr Σ = 0.0123 at lr 0.1, batch 10)');
    expect(caption.textContent).toContain(
      '"Reshuffle every epoch": the batches of an epoch are not independent',
    );
    fireEvent.click(screen.getByLabelText('Iterate cloud'));
    expect(screen.queryByText('predicted 95 % ellipse')).toBeNull();
    expect(store.getState().iterateCloud).toBeNull();
  });

  it('says why no ellipse is predicted', () => {
    const { store } = renderWithStore(<CloudToggle />);
    fireEvent.click(screen.getByLabelText('Iterate cloud'));
    act(() =>
      store.setState({
        noiseFloorRunId: 1,
        spread: { kind: 'none', reason: 'lr·λ_max = 4.03 ≥ 2: the iterates do not settle' },
      }),
    );
    expect(
      screen.getByText(/No ellipse is predicted: lr·λ_max = 4.03 ≥ 2: the iterates do not settle\./),
    ).toBeTruthy();
  });
});

describe('the floor and averaged-weights toggles', () => {
  it('open the band and the averages, move the tail start, and choose the moving average', () => {
    const { store, sent } = renderWithStore(<FloorControls />);
    fireEvent.click(screen.getByLabelText('Predicted floor'));
    act(() => store.setState({ spread: SPREAD, noiseFloorRunId: 1 }));
    expect(screen.getByText(/level off, N·½tr\(HΣ\) = 3.73 at the top/)).toBeTruthy();
    expect(screen.queryByLabelText('Tail average from epoch')).toBeNull();
    fireEvent.click(screen.getByLabelText('Averaged weights'));
    fireEvent.change(screen.getByLabelText('Tail average from epoch'), { target: { value: '20' } });
    expect(views(sent).at(-1)).toEqual({ cloud: false, floor: true, averages: true, tailStartEpoch: 19 });
    expect(
      screen.getByText(/the mean of every iterate from epoch 20 on, once that epoch starts\./),
    ).toBeTruthy();
    fireEvent.change(screen.getByLabelText('average'), { target: { value: 'moving' } });
    expect(store.getState().averagedKind).toBe('moving');
    expect(screen.queryByLabelText('Tail average from epoch')).toBeNull();
  });

  it('starts a twin run with the learning rate and the batch size both doubled, in one click', () => {
    const { store, sent } = renderWithStore(<FloorControls />);
    act(() => store.setState({ counters: { ...store.getState().counters, updates: 14 } }));
    fireEvent.click(screen.getByRole('button', { name: 'Twin run: 2× lr and 2× B' }));
    expect(store.getState().pinned).toHaveLength(1);
    expect(store.getState().config.hyperparameters).toMatchObject({ learningRate: 0.2, batchSize: 20 });
    expect(sent.filter((message) => message.type === 'start')).toHaveLength(2);
  });
});

describe('the noise-floor presets', () => {
  it('open the views they promise and set their sampling scheme', () => {
    const { store } = renderWithStore(<FloorControls />);
    act(() => store.getState().applyPreset('floorTwins'));
    expect(store.getState().noiseFloorViews).toEqual({
      cloud: false,
      floor: true,
      averages: false,
      tailStartEpoch: 0,
    });
    expect(store.getState().config.sampling).toBe('withReplacement');
    act(() => store.getState().applyPreset('closeButNotExact'));
    expect(store.getState().noiseFloorViews).toEqual({
      cloud: true,
      floor: true,
      averages: true,
      tailStartEpoch: 0,
    });
    expect(store.getState().config.sampling).toBe('reshuffle');
  });
});

describe('the captions', () => {
  it('follow the rate when annealing, and name sampling with replacement as the prediction’s case', () => {
    expect(describeFloor(SPREAD, true, 'reshuffle')).toContain(
      'It falls with the annealed rate, epoch by epoch. Reshuffled batches settle below it (see the cloud).',
    );
    expect(describeFloor(SPREAD, false, 'withReplacement')).not.toContain('Reshuffled');
    expect(describeCloud(SPREAD, 'withReplacement', false, 1000)).toContain(
      'Batches are drawn with replacement, as the prediction assumes: the cloud fills the ellipse.',
    );
    expect(describeCloud(SPREAD, 'reshuffle', true, 1000)).toContain('It shrinks as the rate anneals.');
  });
});
