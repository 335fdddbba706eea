import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CSV_LIMITS } from '../../core/csvFormat.ts';
import type { DrawTool } from '../../state/dataSlice.ts';
import { selectTrainCount } from '../../state/configSlice.ts';
import {
  countTrainingPoints,
  datasetNames,
  datasets,
  generateDataset,
  PLANE_EXTENT,
  type DatasetName,
  type DatasetSpec,
} from '../../core/datasets.ts';
import { useAppStore } from '../../state/store.ts';
import { drawPoints } from '../boundary/paint.ts';
import { datasetControlId, keepsControl } from '../../state/lessonControls.ts';
import { useKeeps } from '../useKeeps.ts';
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

/** The dataset picker, the controls of how the data are generated and split, and the user's own points. */
export function DataControls() {
  const dataset = useAppStore((state) => state.config.dataset);
  const customCount = useAppStore((state) => state.config.customPoints?.y.length ?? null);
  const changeConfig = useAppStore((state) => state.changeConfig);
  const setDataset = (changes: Partial<DatasetSpec>) => changeConfig({ dataset: changes });
  const trainCount = useAppStore(selectTrainCount);
  const custom = customCount !== null;
  // The kept datasets as one string, so the selector's value compares equal while the view is the same.
  const keptKinds = useAppStore((state) =>
    datasetNames.filter((kind) => keepsControl(state.linkView.kept, datasetControlId(kind))).join(' '),
  );
  const kinds = datasetNames.filter((kind) => keptKinds.split(' ').includes(kind));
  const keeps = {
    points: useKeeps('points'),
    noise: useKeeps('noise'),
    train: useKeeps('train'),
    seed: useKeeps('seed'),
    ownpoints: useKeeps('ownpoints'),
  };

  return (
    <section className="panel" aria-labelledby="data-heading">
      <h2 id="data-heading">Data</h2>
      {kinds.length > 0 && (
        <div className="dataset-picker" role="radiogroup" aria-label="Dataset">
          {kinds.map((kind) => (
            <button
              key={kind}
              type="button"
              role="radio"
              aria-checked={!custom && dataset.kind === kind}
              className="dataset-choice"
              title={datasets[kind].hint}
              onClick={() => setDataset({ kind })}
            >
              <DatasetPreview kind={kind} />
              <span>{datasets[kind].label}</span>
            </button>
          ))}
        </div>
      )}
      <p className="hint">
        {custom
          ? `Your own points: ${customCount.toLocaleString('en')} (${trainCount.toLocaleString('en')} for training). Pick a dataset above to go back to generated data.`
          : `${kinds.includes(dataset.kind) ? '' : `${datasets[dataset.kind].label}: `}${datasets[dataset.kind].hint}`}
      </p>
      {keeps.points && (
        <Slider
          label="Points"
          value={nearestStop(dataset.points)}
          min={0}
          max={POINT_STOPS.length - 1}
          step={1}
          display={`${dataset.points.toLocaleString('en')} (${countTrainingPoints(dataset.points, dataset.trainFraction).toLocaleString('en')} train)`}
          onChange={(index) => setDataset({ points: POINT_STOPS[index] ?? dataset.points })}
          disabled={custom}
        />
      )}
      {keeps.noise && (
        <Slider
          label="Noise"
          value={dataset.noise}
          min={0}
          max={1}
          step={0.05}
          display={`${Math.round(dataset.noise * 100)} %`}
          onChange={(noise) => setDataset({ noise })}
          disabled={custom}
        />
      )}
      {keeps.train && (
        <Slider
          label="Train fraction"
          value={dataset.trainFraction}
          min={0.1}
          max={0.9}
          step={0.05}
          display={`${Math.round(dataset.trainFraction * 100)} % train`}
          onChange={(trainFraction) => setDataset({ trainFraction })}
        />
      )}
      {keeps.seed && (
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
      )}
      {keeps.ownpoints && <DataEditor />}
    </section>
  );
}

const TOOLS: readonly { tool: DrawTool; label: string }[] = [
  { tool: 'none', label: 'Off' },
  { tool: 'positive', label: 'Add +1' },
  { tool: 'negative', label: 'Add −1' },
  { tool: 'erase', label: 'Erase' },
];

/** Draw, erase, undo, clear, import and export the points. */
function DataEditor() {
  const drawTool = useAppStore((state) => state.drawTool);
  const canUndo = useAppStore((state) => state.pointHistory.length > 0);
  const message = useAppStore((state) => state.dataMessage);
  const actions = useAppStore(
    useShallow(
      ({ setDrawTool, undoPoints, clearPoints, importCsv, rejectImport, exportCsv, dismissDataMessage }) => ({
        setDrawTool,
        rejectImport,
        undoPoints,
        clearPoints,
        importCsv,
        exportCsv,
        dismissDataMessage,
      }),
    ),
  );
  const fileInput = useRef<HTMLInputElement>(null);

  const importFile = (file: File) => {
    // Too large a file is refused before it is read at all.
    if (file.size > CSV_LIMITS.bytes) {
      actions.rejectImport(
        `the file is ${(file.size / 1e6).toFixed(1)} MB; at most ${CSV_LIMITS.bytes / 1e6} MB are allowed`,
      );
      return;
    }
    file
      .text()
      .then(actions.importCsv)
      .catch((error: unknown) => actions.rejectImport(`the file could not be read (${String(error)})`));
  };

  const exportFile = () => {
    const blob = new Blob([actions.exportCsv()], { type: 'text/csv' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = 'sgd-lab-points.csv';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <div className="data-editor">
      <h3>Your own points</h3>
      <div className="segmented" role="radiogroup" aria-label="Drawing tool">
        {TOOLS.map(({ tool, label }) => (
          <button
            key={tool}
            type="button"
            role="radio"
            aria-checked={drawTool === tool}
            onClick={() => actions.setDrawTool(tool)}
          >
            {label}
          </button>
        ))}
      </div>
      <p className="hint">
        {drawTool === 'erase'
          ? 'Drag over points on the plane to erase them.'
          : drawTool === 'none'
            ? 'Choose Add +1 or Add −1, then click the plane to add points (shift-click adds the other class).'
            : 'Click the plane to add a point; shift-click adds the other class.'}
      </p>
      <div className="button-row">
        <button type="button" onClick={actions.undoPoints} disabled={!canUndo}>
          Undo
        </button>
        <button type="button" onClick={actions.clearPoints}>
          Clear
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import CSV…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,text/csv,text/plain"
          aria-label="Import CSV"
          className="visually-hidden"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) importFile(file);
            event.currentTarget.value = '';
          }}
        />
        <button type="button" onClick={exportFile}>
          Export CSV
        </button>
      </div>
      {message && (
        <p
          className={message.kind === 'error' ? 'note note-error' : 'note'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}{' '}
          <button type="button" className="link" onClick={actions.dismissDataMessage}>
            dismiss
          </button>
        </p>
      )}
    </div>
  );
}
