import { DIVERGENCE_RULE_TEXT } from '../../core/divergenceRule.ts';
import { formatRate, suggestSmallerRate } from '../../core/format.ts';
import { useAppStore } from '../../state/store.ts';

/** Divergence and worker faults, said plainly with the way out. */
export function Alerts() {
  const divergence = useAppStore((state) => state.divergence);
  const workerError = useAppStore((state) => state.workerError);
  const objective = useAppStore((state) => state.config.objective);
  const changeConfig = useAppStore((state) => state.changeConfig);
  const restartWorker = useAppStore((state) => state.restartWorker);
  const rewind = useAppStore((state) => state.rewind);

  if (workerError !== null) {
    return (
      <div className="alert alert-error" role="alert">
        <strong>The training worker stopped:</strong> {workerError}. Your settings are kept.{' '}
        <button type="button" onClick={restartWorker}>
          Restart
        </button>
      </div>
    );
  }
  if (divergence !== null) {
    // The worker probed runs from the last good weights for one that converges; without a probe, ten times smaller.
    const probed = divergence.suggestedLearningRate;
    const suggestion = probed ?? suggestSmallerRate(divergence.learningRate);
    // The epoch's end broke the objective rule, or one batch of it overflowed.
    const where = divergence.objectiveRise ? 'at its end' : `batch ${divergence.batch}`;
    return (
      <div className="alert alert-warning" role="alert">
        <strong>
          Diverged at epoch {divergence.epoch}, {where}:
        </strong>{' '}
        {divergence.reason}, with learning rate {formatRate(divergence.learningRate)}. Steps that large
        overshoot the minimum and grow each time
        {objective === 'squared' ? ' — the squared objective is the most sensitive' : ''}. Try a learning rate
        of {formatRate(suggestion)} or less
        {probed === null ? '' : ': a probe run from the last good epoch converges with it'}. Nothing past the
        last good epoch was drawn. <span className="where">{DIVERGENCE_RULE_TEXT}</span>{' '}
        <button type="button" onClick={() => rewind(suggestion)}>
          Rewind to the last good epoch
        </button>{' '}
        <span className="where">(continues with lr {formatRate(suggestion)})</span>{' '}
        <button type="button" onClick={() => changeConfig({ hyperparameters: { learningRate: suggestion } })}>
          Use lr {formatRate(suggestion)}
        </button>{' '}
        <span className="where">(starts over)</span>
      </div>
    );
  }
  return null;
}
