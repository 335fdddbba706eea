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
    // The worker probed short runs from the last good weights; without a probe, ten times smaller.
    const suggestion = divergence.suggestedLearningRate ?? suggestSmallerRate(divergence.learningRate);
    return (
      <div className="alert alert-warning" role="alert">
        <strong>
          Diverged at epoch {divergence.epoch}, batch {divergence.batch}:
        </strong>{' '}
        {divergence.reason} with learning rate {formatRate(divergence.learningRate)}. Steps that large
        overshoot the minimum and grow each time
        {objective === 'squared' ? ' — the squared objective is the most sensitive' : ''}. Try a learning rate
        of {formatRate(suggestion)} or less. Nothing past the last good epoch was drawn.{' '}
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
