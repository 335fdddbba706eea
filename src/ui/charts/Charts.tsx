import { useState } from 'react';
import { AccuracyChart } from './AccuracyChart.tsx';
import { epochRowsSource } from './epochRows.ts';
import { ObjectiveChart } from './ObjectiveChart.tsx';
import { RateChart } from './RateChart.tsx';

/** Objective, accuracy and learning rate per epoch, train solid and test dashed. */
export function Charts() {
  // One source of the live run's epoch rows for the three charts: built once per new epoch, not thrice.
  const [rows] = useState(epochRowsSource);
  return (
    <section className="charts panel" aria-labelledby="charts-heading">
      <h2 id="charts-heading" className="visually-hidden">
        Charts
      </h2>
      <ObjectiveChart rows={rows} />
      <AccuracyChart rows={rows} />
      <RateChart rows={rows} />
    </section>
  );
}
