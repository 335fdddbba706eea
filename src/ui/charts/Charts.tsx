import { useState } from 'react';
import { useAppStore, type AppState } from '../../state/store.ts';
import { AccuracyChart } from './AccuracyChart.tsx';
import { epochRowsSource } from './epochRows.ts';
import { ObjectiveChart } from './ObjectiveChart.tsx';
import { RateChart } from './RateChart.tsx';

const selectPresentation = (state: AppState) => state.config.presentation;

/** Objective, accuracy and learning rate per epoch, train solid and test dashed. */
export function Charts() {
  // One source of the live run's epoch rows for the three charts: built once per new epoch, not thrice.
  const [rows] = useState(epochRowsSource);
  const presentation = useAppStore(selectPresentation);
  return (
    <section className="charts panel" aria-labelledby="charts-heading">
      <h2 id="charts-heading" className="visually-hidden">
        Charts
      </h2>
      <ObjectiveChart rows={rows} tall={presentation} />
      <AccuracyChart rows={rows} tall={presentation} />
      <RateChart rows={rows} />
    </section>
  );
}
