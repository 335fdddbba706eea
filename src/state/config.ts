import type { DatasetSpec } from '../core/datasets.ts';
import type { EngineName, ModelSpec } from '../core/modelSpec.ts';
import type { ObjectiveName } from '../core/objectives.ts';
import type { Hyperparameters } from '../core/sgd.ts';
import type { CustomPoints, Speed } from '../worker/protocol.ts';
import type { AppState } from './store.ts';

/** Everything a link or the saved last session carries: the settings and the view toggles. */
export interface AppConfig {
  readonly dataset: DatasetSpec;
  /** The user's own points (a link carries them only when there are few). */
  readonly customPoints: CustomPoints | null;
  readonly model: ModelSpec;
  readonly engine: EngineName;
  readonly objective: ObjectiveName;
  readonly l2: number;
  readonly hyperparameters: Hyperparameters;
  readonly speed: Speed;
  /** Presentation mode (large type, essentials only). */
  readonly presentation: boolean;
}

/** The configuration of the current state. */
export function selectConfig(state: AppState): AppConfig {
  return {
    dataset: state.dataset,
    customPoints: state.customPoints,
    model: state.model,
    engine: state.engine,
    objective: state.objective,
    l2: state.l2,
    hyperparameters: state.hyperparameters,
    speed: state.speed,
    presentation: state.presentation,
  };
}
