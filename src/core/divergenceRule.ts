/**
 * When a run counts as diverged. An overflow is caught at the update that causes it (sgd.ts); this rule
 * catches the slow blow-up, where the weights grow by a factor each epoch and nothing overflows for a long
 * time. It watches the training objective recorded at each epoch's end rather than the per-batch objective:
 * the epoch's objective is a sum over the whole training set, free of the batch-to-batch noise that makes a
 * healthy batch-size-1 run's per-batch objective jump by orders of magnitude, and every epoch's end is
 * already evaluated, so the rule costs nothing. A blow-up inside one long epoch still meets the overflow test.
 */
import { formatNumber } from './format.ts';
import type { Divergence, EpochRecord, ObjectiveRise } from './runRecords.ts';

/** Where a run diverged: the 1-based epoch and batch, and the learning rate of that epoch. */
export type DivergencePlace = Pick<Divergence, 'epoch' | 'batch' | 'learningRate'>;

/** A divergence of an update whose weights passed EXPLODING_WEIGHT (`finite`) or overflowed. */
export function overflowDivergence(place: DivergencePlace, finite: boolean): Divergence {
  const reason = finite ? 'the weights exploded' : 'the objective overflowed';
  return { ...place, reason };
}

/** An epoch's training objective above this many times the lowest it has been stops the run. */
export const OBJECTIVE_RISE_FACTOR = 100;

/** The rule in words, for the page: what stops a run as diverged. */
export const DIVERGENCE_RULE_TEXT =
  `A run stops as diverged when a weight passes 1e8, a value overflows, or the training objective at ` +
  `the end of an epoch is above ${OBJECTIVE_RISE_FACTOR} × the lowest it has been (counting the start) ` +
  `and above its value at the start.`;

/**
 * The slow blow-up rule for one run: an epoch whose training objective is above OBJECTIVE_RISE_FACTOR × the
 * lowest objective so far (the start counts) and above the start's objective diverged. The second condition
 * keeps a run whose objective has fallen almost to 0 (separable data) from being stopped by a harmless
 * wobble: a healthy run does not end an epoch worse than the model it started from.
 */
export class ObjectiveWatch {
  private readonly start: number;
  private lowest: number;

  /** `startObjective`: the training objective at the weights the run starts from. */
  constructor(startObjective: number) {
    this.start = startObjective;
    this.lowest = startObjective;
  }

  /** The objective an epoch's end must stay at or below. */
  get limit(): number {
    return Math.max(OBJECTIVE_RISE_FACTOR * this.lowest, this.start);
  }

  /**
   * Checks the training objective of an epoch's end: what it broke when it is above the limit, else null
   * (and it counts towards the lowest). A run whose objective has been exactly 0 (the perceptron criterion
   * at zero weights) has no scale to rise against, so the rule leaves it alone.
   */
  check(objective: number): ObjectiveRise | null {
    const limit = this.limit;
    if (limit > 0 && objective > limit) return { objective, limit, lowest: this.lowest, start: this.start };
    this.lowest = Math.min(this.lowest, objective);
    return null;
  }

  /**
   * Judges the evaluation of an epoch's end (null: an objective was not finite): the divergence it shows,
   * or null when the epoch is good (its objective then counts towards the lowest).
   */
  judgeEpoch(record: EpochRecord | null, place: DivergencePlace): Divergence | null {
    if (record === null) return overflowDivergence(place, false);
    const rise = this.check(record.objective);
    return rise === null ? null : { ...place, reason: describeObjectiveRise(rise), objectiveRise: rise };
  }

  /** After a rewind: the lowest among the start and the objectives of the epochs still kept. */
  restart(kept: readonly { readonly objective: number }[]): void {
    this.lowest = kept.reduce((lowest, record) => Math.min(lowest, record.objective), this.start);
  }
}

/** What a broken rule says on the page: the objective reached and the limit it passed. */
export function describeObjectiveRise(rise: ObjectiveRise): string {
  const reference =
    rise.limit === rise.start
      ? `its value at the start`
      : `${OBJECTIVE_RISE_FACTOR} × its lowest so far, ${formatNumber(rise.lowest)}${rise.lowest === rise.start ? ' at the start' : ''}`;
  return `the training objective rose to ${formatNumber(rise.objective)}, above the limit of ${formatNumber(rise.limit)} (${reference})`;
}
