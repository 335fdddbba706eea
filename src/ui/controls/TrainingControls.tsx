import { formatCount, formatNumber, formatRate } from '../../core/format.ts';
import { epochRateFallsBelow, type Hyperparameters } from '../../core/hyperparameters.ts';
import { hyperparameterLimits } from '../../state/config.ts';
import { selectTrainCount } from '../../state/configSlice.ts';
import { lambdaMaxOf } from '../../state/insightsSlice.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { useThrottledSelector } from '../pageClock.ts';
import { useKeeps } from '../useKeeps.ts';
import { NumberBox } from './NumberBox.tsx';
import { SamplingControl } from './SamplingControl.tsx';
import { Slider, type SliderMark } from './Slider.tsx';

const selectLatestInsights = (state: AppState) =>
  state.insightsRunId === state.runId ? state.insights : null;

/** The 2/λ mark of the learning-rate slider (in its log units) and the B_simple mark of the batch size's. */
function useInsightMarks(): { rate: SliderMark[]; batch: SliderMark[] } {
  const latest = useThrottledSelector(selectLatestInsights);
  const lambda = lambdaMaxOf(latest);
  const scale = latest?.noise.noiseScale ?? null;
  const rate =
    lambda !== null && lambda > 0
      ? [
          {
            value: Math.log10(2 / lambda),
            label: `2/λ ${formatRate(2 / lambda)}`,
            explanation: 'above it, full-batch gradient descent on this data diverges near these weights',
          },
        ]
      : [];
  const batch =
    scale !== null && Number.isFinite(scale)
      ? [
          {
            value: scale,
            label: `B_simple ${formatNumber(scale)}`,
            explanation:
              'below it a batch’s gradient is mostly noise, above it mostly the full gradient’s signal',
          },
        ]
      : [];
  return { rate, batch };
}

/** Rounds to two significant digits, so a log slider lands on readable rates. */
function roundRate(rate: number): number {
  return Number(rate.toPrecision(2));
}

/** Rounds an epoch count from the log slider to two significant digits (1,200, not 1,183). */
function roundEpochs(count: number): number {
  return Math.max(1, Number(Math.round(count).toPrecision(2)));
}

/**
 * Warns when annealing leaves the learning rate below 1 % of its start before the last epoch: the epochs
 * after that barely move the weights, so "train longer" would quietly do nothing.
 */
function describeFadedRate(annealingRate: number, epochs: number): string | null {
  const faded = epochRateFallsBelow(annealingRate, 0.01);
  if (faded === null || faded > epochs) return null;
  return `With annealing ×${annealingRate} the learning rate falls below 1 % of its start at epoch ${faded.toLocaleString('en')}: the last ${(epochs - faded + 1).toLocaleString('en')} epochs barely move the weights. Annealing 1 keeps the rate constant.`;
}

/** Learning rate, annealing, batch size and epochs, with what a change does to a running run. */
export function TrainingControls() {
  const hyperparameters = useAppStore((state) => state.config.hyperparameters);
  const trainCount = useAppStore(selectTrainCount);
  const batchSizeNote = useAppStore((state) => state.batchSizeNote);
  const changeConfig = useAppStore((state) => state.changeConfig);
  const showInsights = useAppStore((state) => state.showInsights);
  const insightMarks = useInsightMarks();
  const setHyperparameters = (changes: Partial<Hyperparameters>) =>
    changeConfig({ hyperparameters: changes });
  const { learningRate, annealingRate, batchSize, epochs } = hyperparameters;
  const fadeWarning = describeFadedRate(annealingRate, epochs);
  const keeps = {
    lr: useKeeps('lr'),
    anneal: useKeeps('anneal'),
    batch: useKeeps('batch'),
    sampling: useKeeps('sampling'),
    epochs: useKeeps('epochs'),
  };
  const batchLabel =
    batchSize === 1 ? '1 (SGD)' : batchSize === trainCount ? `${batchSize} (full batch)` : String(batchSize);

  if (!Object.values(keeps).some(Boolean)) return null;

  return (
    <section className="panel" aria-labelledby="training-heading">
      <h2 id="training-heading">Training</h2>
      {keeps.lr && (
        <Slider
          label="Learning rate"
          value={Math.log10(learningRate)}
          min={Math.log10(hyperparameterLimits.learningRate.min)}
          max={Math.log10(hyperparameterLimits.learningRate.max)}
          step={0.05}
          display={formatRate(learningRate)}
          onChange={(exponent) => setHyperparameters({ learningRate: roundRate(10 ** exponent) })}
          marks={insightMarks.rate}
        >
          <div className="marks">
            <span aria-hidden="true">1e-4</span>
            <button type="button" className="link" onClick={() => showInsights(true)}>
              Why this rate?
            </button>
            <span aria-hidden="true">10</span>
          </div>
          <NumberBox
            caption="exact rate"
            label="Learning rate value"
            value={learningRate}
            min={hyperparameterLimits.learningRate.min}
            max={hyperparameterLimits.learningRate.max}
            step="any"
            onCommit={(rate) => setHyperparameters({ learningRate: rate })}
          />
        </Slider>
      )}
      {keeps.anneal && (
        <Slider
          label="Annealing rate"
          value={annealingRate}
          min={hyperparameterLimits.annealingRate.min}
          max={hyperparameterLimits.annealingRate.max}
          step={0.001}
          display={annealingRate === 1 ? '1 (constant lr)' : `×${annealingRate} per epoch`}
          onChange={(rate) => setHyperparameters({ annealingRate: rate })}
        >
          <NumberBox
            caption="exact rate"
            label="Annealing rate value"
            value={annealingRate}
            min={hyperparameterLimits.annealingRate.min}
            max={hyperparameterLimits.annealingRate.max}
            step="any"
            onCommit={(rate) => setHyperparameters({ annealingRate: rate })}
          />
        </Slider>
      )}
      {keeps.batch && (
        <Slider
          label="Batch size"
          value={batchSize}
          min={1}
          max={Math.max(1, trainCount)}
          step={1}
          display={batchLabel}
          onChange={(size) => setHyperparameters({ batchSize: size })}
          marks={insightMarks.batch}
        >
          <div className="marks">
            <button type="button" className="link" onClick={() => setHyperparameters({ batchSize: 1 })}>
              1 = SGD
            </button>
            <button type="button" className="link" onClick={() => setHyperparameters({ batchSize: 32 })}>
              32
            </button>
            <button
              type="button"
              className="link"
              onClick={() => setHyperparameters({ batchSize: trainCount })}
            >
              all = full batch
            </button>
          </div>
          <label className="inline-number">
            exact size
            <input
              type="number"
              aria-label="Batch size value"
              min={1}
              value={batchSize}
              onChange={(event) => {
                const size = Number(event.currentTarget.value);
                if (Number.isFinite(size) && size >= 1) setHyperparameters({ batchSize: size });
              }}
            />
          </label>
          {batchSizeNote && (
            <p className="note" role="status">
              {batchSizeNote}
            </p>
          )}
        </Slider>
      )}
      {keeps.sampling && <SamplingControl />}
      {keeps.epochs && (
        <Slider
          label="Epochs"
          value={Math.log10(epochs)}
          min={Math.log10(hyperparameterLimits.epochs.min)}
          max={Math.log10(hyperparameterLimits.epochs.max)}
          step={0.01}
          display={formatCount(epochs)}
          onChange={(exponent) => setHyperparameters({ epochs: roundEpochs(10 ** exponent) })}
        >
          <div className="marks" aria-hidden="true">
            <span>1</span>
            <span>log scale</span>
            <span>100,000</span>
          </div>
          <NumberBox
            caption="exact count"
            label="Epochs value"
            value={epochs}
            min={hyperparameterLimits.epochs.min}
            max={hyperparameterLimits.epochs.max}
            step={1}
            onCommit={(count) => setHyperparameters({ epochs: count })}
          />
          {fadeWarning && (
            <p className="note" role="status">
              {fadeWarning}
            </p>
          )}
        </Slider>
      )}
      <p className="hint">
        While a run trains, learning rate, annealing and batch size apply from its <strong>next epoch</strong>
        , marked by a dotted line on the charts. Changing the data, the objective or the sampling starts a new
        run.
      </p>
    </section>
  );
}
