import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useShallow } from 'zustand/react/shallow';
import { formatNumber, formatPercent } from '../../core/format.ts';
import type { RaceState } from '../../state/exploreSlice.ts';
import { useAppStore } from '../../state/store.ts';
import { LAB_HEADINGS } from './labHeadings.ts';

const LANE_COLOURS = { gd: '#1d3557', minibatch: '#0b6e4f', sgd: '#b45309' } as const;
const LANE_DASHES = { gd: '0', minibatch: '6 3', sgd: '2 3' } as const;

const AXES: Record<RaceState['axis'], { label: string; key: 'epochFraction' | 'samples' | 'wallMs' }> = {
  epochs: { label: 'epochs', key: 'epochFraction' },
  samples: { label: 'samples processed (gradient evaluations)', key: 'samples' },
  wall: { label: 'wall time of each lane (ms)', key: 'wallMs' },
};

/** Full-batch GD, mini-batch and SGD on the same data at once, against epochs, samples or time. */
export function RacePanel() {
  const race = useAppStore((state) => state.race);
  const actions = useAppStore(
    useShallow(({ startRace, stopRace, setRaceAxis, setRaceMiniBatch }) => ({
      startRace,
      stopRace,
      setRaceAxis,
      setRaceMiniBatch,
    })),
  );
  const axis = AXES[race.axis];
  const summary = useMemo(() => {
    // Samples each lane needed to come within 1 % of the best test accuracy any lane reached.
    const best = Math.max(0, ...race.lanes.flatMap((lane) => lane.points.map((point) => point.testAccuracy)));
    return race.lanes.map((lane) => {
      const reached = lane.points.find((point) => point.testAccuracy >= best - 0.01);
      return { label: lane.label, samples: reached?.samples ?? null, over: lane.finished || lane.diverged };
    });
  }, [race.lanes]);

  return (
    <section className="panel race-panel" aria-labelledby={LAB_HEADINGS.race.id}>
      <h2 id={LAB_HEADINGS.race.id}>{LAB_HEADINGS.race.text}</h2>
      <div className="button-row">
        <button type="button" className="primary" onClick={actions.startRace}>
          Start race
        </button>
        <button type="button" onClick={actions.stopRace} disabled={race.status !== 'running'}>
          Stop race
        </button>
        <label className="inline-number">
          mini-batch
          <input
            type="number"
            aria-label="Race mini-batch size"
            min={2}
            value={race.miniBatchSize}
            onChange={(event) => actions.setRaceMiniBatch(Number(event.currentTarget.value))}
          />
        </label>
        <label className="inline-number">
          x-axis
          <select
            aria-label="Race x-axis"
            value={race.axis}
            onChange={(event) => actions.setRaceAxis(event.currentTarget.value as RaceState['axis'])}
          >
            <option value="epochs">Epochs</option>
            <option value="samples">Samples processed</option>
            <option value="wall">Wall time</option>
          </select>
        </label>
      </div>
      {race.error && (
        <p className="note note-error" role="alert">
          The race stopped: {race.error}
        </p>
      )}
      {race.lanes.length > 0 ? (
        <>
          <figure className="chart" aria-label="Race: test accuracy">
            <figcaption>Test accuracy against {axis.label}</figcaption>
            <ResponsiveContainer width="100%" height={200}>
              <LineChart margin={{ top: 8, right: 16, bottom: 18, left: 8 }}>
                <CartesianGrid stroke="#eef0f2" />
                <XAxis
                  type="number"
                  dataKey={axis.key}
                  domain={[0, 'dataMax']}
                  tickFormatter={formatNumber}
                  tick={{ fontSize: 14 }}
                  label={{ value: axis.label, position: 'insideBottom', offset: -10, fontSize: 14 }}
                />
                <YAxis
                  domain={[0, 1]}
                  tickFormatter={(value: number) => `${Math.round(value * 100)}`}
                  tick={{ fontSize: 14 }}
                  width={48}
                  label={{ value: 'test %', angle: -90, position: 'insideLeft', fontSize: 14 }}
                />
                <Tooltip
                  formatter={(value) => formatPercent(Number(value))}
                  labelFormatter={(label) => `${axis.label}: ${formatNumber(Number(label))}`}
                />
                <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: 14 }} />
                {race.lanes.map((lane) => (
                  <Line
                    key={lane.name}
                    data={[...lane.points]}
                    dataKey="testAccuracy"
                    name={lane.label}
                    className={`race-${lane.name}`}
                    stroke={LANE_COLOURS[lane.name]}
                    strokeDasharray={LANE_DASHES[lane.name]}
                    strokeWidth={2.5}
                    dot={false}
                    isAnimationActive={false}
                    legendType="plainline"
                  />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </figure>
          <p className="race-summary" aria-live="polite">
            Samples needed to come within 1 % of the best accuracy:{' '}
            {summary
              .map(
                (lane) =>
                  `${lane.label} ${lane.samples !== null ? lane.samples.toLocaleString('en') : lane.over || race.status === 'done' ? 'never' : 'not yet'}`,
              )
              .join(' · ')}
            {race.status === 'done' ? ' (finished)' : ''}
          </p>
        </>
      ) : (
        <p className="hint">
          Starts three runs on the current data at once: full batch (one update per epoch), a mini-batch and
          batch 1. Switch the x-axis to samples processed to see why mini-batches win on large data — try the
          “Large N” preset.
        </p>
      )}
    </section>
  );
}
