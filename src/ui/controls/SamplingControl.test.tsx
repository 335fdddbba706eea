// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import { SamplingControl } from './SamplingControl.tsx';
import { TrainingControls } from './TrainingControls.tsx';

afterEach(cleanup);

describe('SamplingControl', () => {
  it('offers the four schemes, the reference first and chosen, its caption as the description', () => {
    renderWithStore(<SamplingControl />);
    const select = screen.getByRole('combobox', { name: 'Sampling' }) as HTMLSelectElement;
    expect(Array.from(select.options, (option) => option.textContent)).toEqual([
      'Reshuffle every epoch',
      'Shuffle once',
      'Fixed order',
      'With replacement',
    ]);
    expect(select.value).toBe('reshuffle');
    expect(select.getAttribute('aria-describedby')).toBe('sampling-caption');
    expect(document.getElementById('sampling-caption')?.textContent).toBe(
      'A fresh random order every epoch, each example once (the reference).',
    );
  });

  it('starts a new run with the chosen scheme and says in one line what it does', () => {
    const { store, lastOfType } = renderWithStore(<SamplingControl />);
    const select = screen.getByRole('combobox', { name: 'Sampling' });
    fireEvent.change(select, { target: { value: 'withReplacement' } });
    expect(store.getState().config.sampling).toBe('withReplacement');
    expect(store.getState().runId).toBe(2);
    expect(lastOfType('start')?.settings.sampling).toBe('withReplacement');
    expect(screen.getByText(/^Each example of a batch drawn at random/)).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Sampling' }).getAttribute('aria-describedby')).toBe(
      'sampling-caption',
    );
  });

  it('sits among the training controls, right after the batch size', () => {
    renderWithStore(<TrainingControls />);
    const batchSize = screen.getByRole('slider', { name: 'Batch size' });
    const sampling = screen.getByRole('combobox', { name: 'Sampling' });
    const epochs = screen.getByRole('slider', { name: 'Epochs' });
    expect(batchSize.compareDocumentPosition(sampling) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(sampling.compareDocumentPosition(epochs) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });
});
