import { useEffect, useRef } from 'react';
import {
  countTrainingPoints,
  datasetNames,
  datasets,
  generateDataset,
  PLANE_EXTENT,
  type DatasetName,
} from '../../core/datasets.ts';
import { useAppStore } from '../../state/store.ts';
import { drawPoints } from '../boundary/paint.ts';
import { Slider } from './Slider.tsx';

/** The point counts the Points slider steps through. */
export const POINT_STOPS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];

function nearestStop(points: number): number {
  let best = 0;
  POINT_STOPS.forEach((stop, index) => {
    if (Math.abs(Math.log(stop / points)) < Math.abs(Math.log((POINT_STOPS[best] as number) / points)))
      best = index;
  });
  return best;
}

/** A small picture of a dataset, drawn once. */
function DatasetPreview({ kind }: { kind: DatasetName }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const size = 56 * 2;
    const { train } = generateDataset({ kind, points: 160, noise: 0.2, trainFraction: 0.9, seed: 7 });
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, size, size);
    drawPoints(context, train.x, train.y, true, size, PLANE_EXTENT, 3.2);
  }, [kind]);
  return <canvas ref={canvas} width={112} height={112} className="preview" aria-hidden="true" />;
}

/** The dataset picker and the controls of how the data are generated and split. */
export function DataControls() {
  const dataset = useAppStore((state) => state.dataset);
  const setDataset = useAppStore((state) => state.setDataset);
  const trainCount = countTrainingPoints(dataset.points, dataset.trainFraction);

  return (
    <section className="panel" aria-labelledby="data-heading">
      <h2 id="data-heading">Data</h2>
      <div className="dataset-picker" role="radiogroup" aria-label="Dataset">
        {datasetNames.map((kind) => (
          <button
            key={kind}
            type="button"
            role="radio"
            aria-checked={dataset.kind === kind}
            className="dataset-choice"
            title={datasets[kind].hint}
            onClick={() => setDataset({ kind })}
          >
            <DatasetPreview kind={kind} />
            <span>{datasets[kind].label}</span>
          </button>
        ))}
      </div>
      <p className="hint">{datasets[dataset.kind].hint}</p>
      <Slider
        label="Points"
        value={nearestStop(dataset.points)}
        min={0}
        max={POINT_STOPS.length - 1}
        step={1}
        display={`${dataset.points.toLocaleString('en')} (${trainCount.toLocaleString('en')} train)`}
        onChange={(index) => setDataset({ points: POINT_STOPS[index] ?? dataset.points })}
      />
      <Slider
        label="Noise"
        value={dataset.noise}
        min={0}
        max={1}
        step={0.05}
        display={`${Math.round(dataset.noise * 100)} %`}
        onChange={(noise) => setDataset({ noise })}
      />
      <Slider
        label="Train fraction"
        value={dataset.trainFraction}
        min={0.1}
        max={0.9}
        step={0.05}
        display={`${Math.round(dataset.trainFraction * 100)} % train`}
        onChange={(trainFraction) => setDataset({ trainFraction })}
      />
      <div className="field seed-field">
        <label htmlFor="seed">Seed</label>
        <input
          id="seed"
          type="number"
          min={0}
          value={dataset.seed}
          onChange={(event) => {
            const seed = Number(event.currentTarget.value);
            if (Number.isFinite(seed)) setDataset({ seed });
          }}
        />
        <button type="button" onClick={() => setDataset({ seed: Math.floor(Math.random() * 1_000_000) })}>
          New seed
        </button>
      </div>
    </section>
  );
}
