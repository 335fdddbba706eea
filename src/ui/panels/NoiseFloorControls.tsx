import { useEffect, useId } from 'react';
import { countConfigTrainingPoints } from '../../state/config.ts';
import type { AveragedKind } from '../../state/noiseFloorSlice.ts';
import { presets, type Preset } from '../../state/presets.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { useThrottledSelector } from '../pageClock.ts';
import {
  AVERAGED_COLOUR,
  CLOUD_LEGEND_COLOUR,
  describeAverages,
  describeCloud,
  describeFloor,
  ELLIPSE_COLOUR,
  FLOOR_COLOUR,
} from './noiseFloorText.ts';
import '../styles/noiseFloor.css';

const selectViews = (state: AppState) => state.noiseFloorViews;
const selectShow = (state: AppState) => state.showNoiseFloorViews;
const selectSpread = (state: AppState) => (state.noiseFloorRunId === state.runId ? state.spread : null);
const selectAverages = (state: AppState) => (state.noiseFloorRunId === state.runId ? state.averages : null);
const selectAnnealed = (state: AppState) => state.config.hyperparameters.annealingRate < 1;
const selectPresetShows = (state: AppState) => {
  const preset: Preset | null = state.presetId === null ? null : presets[state.presetId];
  return preset?.shows ?? null;
};

/**
 * Opens the views a guided preset promises when it is applied, as the "Curvature & noise" section opens
 * for its presets.
 */
export function useViewsOfPreset(): void {
  const shows = useAppStore(selectPresetShows);
  const show = useAppStore(selectShow);
  useEffect(() => {
    if (shows === null) return;
    show({
      cloud: shows.includes('cloud'),
      floor: shows.includes('floor'),
      averages: shows.includes('averages'),
    });
  }, [shows, show]);
}

/** A checkbox inside its label, for one of the views: the label is the target a finger hits. */
function ViewToggle(props: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="check noise-floor-toggle">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      {props.label}
    </label>
  );
}

/** The landscape's "Iterate cloud" toggle, its legend and its caption. */
export function CloudToggle() {
  const views = useAppStore(selectViews);
  const show = useAppStore(selectShow);
  const spread = useAppStore(selectSpread);
  const sampling = useAppStore((state) => state.config.sampling);
  const annealed = useAppStore(selectAnnealed);
  const cloudSize = useAppStore((state) => (state.iterateCloud?.length ?? 0) / 2);
  return (
    <div className="noise-floor-views">
      <ViewToggle label="Iterate cloud" checked={views.cloud} onChange={(cloud) => show({ cloud })} />
      {views.cloud && (
        <>
          <ul className="legend" aria-label="Iterate cloud legend">
            <li>
              <svg width="14" height="14" aria-hidden="true">
                <rect x="3" y="3" width="3" height="3" fill={CLOUD_LEGEND_COLOUR} />
                <rect x="8" y="7" width="3" height="3" fill={CLOUD_LEGEND_COLOUR} />
              </svg>
              last iterates
            </li>
            <li>
              <svg width="22" height="14" aria-hidden="true">
                <ellipse cx="11" cy="7" rx="9" ry="5" fill="none" stroke={ELLIPSE_COLOUR} strokeWidth="2" />
              </svg>
              predicted 95 % ellipse
            </li>
            {views.averages && (
              <li>
                <svg width="14" height="14" aria-hidden="true">
                  <polygon points="7,1 13,7 7,13 1,7" fill={AVERAGED_COLOUR} />
                </svg>
                averaged weights w̄
              </li>
            )}
          </ul>
          <p className="hint noise-floor-caption">{describeCloud(spread, sampling, annealed, cloudSize)}</p>
        </>
      )}
    </div>
  );
}

/** The distance chart's toggles: the predicted floor band, the averaged weights, and the twin runs. */
export function FloorControls() {
  useViewsOfPreset();
  const views = useAppStore(selectViews);
  const show = useAppStore(selectShow);
  const spread = useThrottledSelector(selectSpread);
  const averages = useThrottledSelector(selectAverages);
  const annealed = useAppStore(selectAnnealed);
  const kind = useAppStore((state) => state.averagedKind);
  const sampling = useAppStore((state) => state.config.sampling);
  const chooseKind = useAppStore((state) => state.chooseAveragedKind);
  const epochs = useAppStore((state) => state.config.hyperparameters.epochs);
  const startId = useId();
  const kindId = useId();
  return (
    <div className="noise-floor-views">
      <div className="noise-floor-row">
        <ViewToggle label="Predicted floor" checked={views.floor} onChange={(floor) => show({ floor })} />
        <ViewToggle
          label="Averaged weights"
          checked={views.averages}
          onChange={(averaged) => show({ averages: averaged })}
        />
        {views.averages && (
          <>
            <label htmlFor={kindId}>average</label>
            <select
              id={kindId}
              value={kind}
              onChange={(event) => chooseKind(event.currentTarget.value as AveragedKind)}
            >
              <option value="tail">tail, from epoch</option>
              <option value="moving">moving (EMA)</option>
            </select>
            {kind === 'tail' && (
              <input
                id={startId}
                className="noise-floor-start"
                type="number"
                min={1}
                max={epochs}
                step={1}
                aria-label="Tail average from epoch"
                value={views.tailStartEpoch + 1}
                onChange={(event) => {
                  const epoch = event.currentTarget.valueAsNumber;
                  if (Number.isFinite(epoch) && epoch >= 1) show({ tailStartEpoch: epoch - 1 });
                }}
              />
            )}
          </>
        )}
      </div>
      {views.floor && (
        <p className="hint noise-floor-caption">
          <svg width="22" height="14" aria-hidden="true">
            <rect
              x="1"
              y="3"
              width="20"
              height="8"
              fill={FLOOR_COLOUR}
              fillOpacity="0.18"
              stroke={FLOOR_COLOUR}
            />
          </svg>{' '}
          {describeFloor(spread, annealed, sampling)}
        </p>
      )}
      {views.averages && (
        <p className="hint noise-floor-caption">
          <svg width="22" height="14" aria-hidden="true">
            <line
              x1="1"
              y1="7"
              x2="21"
              y2="7"
              stroke={AVERAGED_COLOUR}
              strokeWidth="2.5"
              strokeDasharray="2 3"
            />
          </svg>{' '}
          {describeAverages(averages, kind, views.tailStartEpoch)}
        </p>
      )}
      <TwinButtons />
    </div>
  );
}

/** One click for the classroom test of the floor's law: the same run with lr and B doubled, or lr alone. */
function TwinButtons() {
  const twinRun = useAppStore((state) => state.twinRun);
  const hyperparameters = useAppStore((state) => state.config.hyperparameters);
  const trainCount = useAppStore((state) => countConfigTrainingPoints(state.config));
  const doubledBatch = hyperparameters.batchSize * 2;
  return (
    <div className="noise-floor-row">
      <button
        type="button"
        disabled={doubledBatch > trainCount}
        onClick={() => twinRun({ learningRate: hyperparameters.learningRate * 2, batchSize: doubledBatch })}
      >
        Twin run: 2× lr and 2× B
      </button>
      <button type="button" onClick={() => twinRun({ learningRate: hyperparameters.learningRate * 2 })}>
        Twin run: 2× lr
      </button>
      <span className="hint">
        The floor is ∝ lr/B: the first twin levels off with this run, the second higher.
      </span>
    </div>
  );
}
