import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatNumber } from '../../core/format.ts';
import type { SweepTarget } from '../../state/exploreSlice.ts';
import { bracketsToRefine } from '../../core/reachRefinement.ts';
import { useAppStore } from '../../state/store.ts';
import { StepsExamplesChart } from '../charts/StepsExamplesChart.tsx';
import { NumberBox } from '../controls/NumberBox.tsx';
import {
  describeCriticalBatch,
  describeNoiseScale,
  describeResolution,
  describeTarget,
  stepsView,
  type StepsView,
} from './stepsVsExamples.ts';

const KINDS: Record<SweepTarget['kind'], string> = {
  objective: 'training objective per example ≤',
  accuracy: 'training accuracy (%) ≥',
};

/** How S is known, in a few words. */
const PRECISION: Record<StepsView['precision'], string> = {
  traced: 'S from the sweep’s evaluations; exact to one update once the sweep is done.',
  refining: 'Refining: replaying the fastest cells to find S exact to one update…',
  exact: 'S exact to one update.',
  failed: 'S from the sweep’s evaluations: the replay for the exact S failed.',
};

/** The target's value as the field shows it: the objective as is, the accuracy in percent. */
function shownValue(kind: SweepTarget['kind'], value: number): number {
  return kind === 'accuracy' ? Number((value * 100).toPrecision(4)) : Number(value.toPrecision(3));
}

/**
 * The sweep's "Steps vs examples" view: for a target the user sets, each batch size's fewest updates S
 * and examples E, the fitted trade-off, B_crit and B_simple measured where the target was reached.
 */
export function StepsVsExamplesView() {
  const sweep = useAppStore((state) => state.sweep);
  const chosen = useAppStore((state) => state.sweepTarget);
  const noise = useAppStore((state) => state.sweepNoise);
  const refinement = useAppStore((state) => state.sweepRefinement);
  const { setSweepTarget, measureSweepNoise, refineSweepReach } = useAppStore(
    useShallow(({ setSweepTarget, measureSweepNoise, refineSweepReach }) => ({
      setSweepTarget,
      measureSweepNoise,
      refineSweepReach,
    })),
  );
  const margin = useAppStore((state) => state.sweepSettings.targetMargin);
  const view = useMemo(
    () => stepsView(sweep, chosen, margin, refinement),
    [sweep, chosen, margin, refinement],
  );
  const cell = view.noiseCell;
  const finished = sweep.status === 'done';
  const target = view.target;
  useEffect(() => {
    if (finished && target !== null)
      refineSweepReach(target, bracketsToRefine(sweep.cells, sweep.results, target));
  }, [finished, target, refineSweepReach, sweep.cells, sweep.results]);
  // B_simple is measured where the target was reached: at the exact S, or the traced one if the replay failed.
  const settled = view.precision === 'exact' || view.precision === 'failed';
  useEffect(() => {
    if (finished && settled && cell !== null) measureSweepNoise(cell.cellIndex, cell.steps);
  }, [finished, settled, cell, measureSweepNoise]);

  if (sweep.status === 'idle') {
    return <p className="hint">Run a sweep first: this view compares its batch sizes on a target.</p>;
  }
  const { found } = view;
  return (
    <div className="steps-view">
      <div className="sweep-controls">
        <label className="inline-number">
          target
          <select
            aria-label="Target kind"
            value={chosen.kind}
            onChange={(event) =>
              setSweepTarget({ kind: event.currentTarget.value as SweepTarget['kind'], value: null })
            }
          >
            {(Object.keys(KINDS) as SweepTarget['kind'][]).map((kind) => (
              <option key={kind} value={kind}>
                {KINDS[kind]}
              </option>
            ))}
          </select>
        </label>
        {target !== null && (
          <NumberBox
            caption=""
            label="Target value"
            value={shownValue(target.kind, target.value)}
            min={0}
            max={target.kind === 'accuracy' ? 100 : 1e6}
            step="any"
            onCommit={(typed) =>
              setSweepTarget({ kind: chosen.kind, value: chosen.kind === 'accuracy' ? typed / 100 : typed })
            }
          />
        )}
        <button
          type="button"
          onClick={() => setSweepTarget({ kind: chosen.kind, value: null })}
          disabled={chosen.value === null}
        >
          Default target
        </button>
      </div>
      {!finished && <p className="hint">The points fill in as the sweep’s runs finish.</p>}
      {target === null ? (
        <p className="note">
          No run of the sweep improved on its starting weights: there is no target to reach.
        </p>
      ) : (
        <>
          <p className="chart-note">
            Target: {describeTarget(target)}
            {view.defaultBasis === null ? '' : ` (${view.defaultBasis})`}.
            {found.unreached.length > 0 && ` Not reached at batch size ${found.unreached.join(', ')}.`}
            {found.metAtStart.length > 0 &&
              ` Met before the first update at batch size ${found.metAtStart.join(', ')}: choose a tighter target.`}
          </p>
          {found.points.length > 0 && (
            <p className="hint" role="status" data-testid="steps-precision">
              {PRECISION[view.precision]}
            </p>
          )}
          <StepsExamplesChart view={view} />
          <dl className="steps-numbers">
            <dt>B_crit</dt>
            <dd data-testid="critical-batch">{describeCriticalBatch(view)}</dd>
            {view.fit.kind === 'fit' && (
              <>
                <dt>S_min, E_min</dt>
                <dd>
                  S_min = {formatNumber(view.fit.minSteps)} updates, the fewest any batch size can take (a
                  very large batch); E_min = {formatNumber(view.fit.minExamples)} examples, the fewest any can
                  see (a very small batch).
                </dd>
              </>
            )}
            <dt>B_simple</dt>
            <dd data-testid="sweep-noise-scale">{describeNoiseScale(view, noise, sweep.trainCount)}</dd>
          </dl>
          <p className="hint">{describeResolution(view, sweep.trainCount)}</p>
        </>
      )}
    </div>
  );
}
