/**
 * What the "close but not exact" views say in words: the iterate cloud and its ellipse, the predicted floor
 * and the averaged weights. Plain functions of what the store holds, so each sentence is tested as text.
 */
import { formatNumber, formatRate } from '../../core/format.ts';
import { samplingSchemes, type SamplingScheme } from '../../core/sampling.ts';
import type { AveragedKind, AveragesView, SpreadView } from '../../state/noiseFloorSlice.ts';

/** Colours of the views, shared by the canvases, the charts and their legends. */
export const CLOUD_COLOUR = 'rgba(29, 53, 87, 0.32)';
export const CLOUD_LEGEND_COLOUR = '#1d3557';
export const ELLIPSE_COLOUR = '#db2777';
export const AVERAGED_COLOUR = '#0f766e';
export const FLOOR_COLOUR = '#db2777';

/** What the iterate cloud shows, and why it sits where it does against the predicted ellipse. */
export function describeCloud(
  spread: SpreadView | null,
  sampling: SamplingScheme,
  annealed: boolean,
  cloudSize: number,
): string {
  const dots = `The dots are the last ${formatNumber(cloudSize)} weights, one per update: with a constant rate SGD does not stop at w*, it keeps moving in a cloud around it.`;
  if (spread === null) return `${dots} Predicting its spread…`;
  if (spread.kind === 'none') return `${dots} No ellipse is predicted: ${spread.reason}.`;
  const ellipse = `The pink ellipse is where 95 % of them are predicted to be (the stationary spread Σ at lr ${formatRate(spread.learningRate)}, batch ${spread.batchSize}; E‖w − w*‖² = tr Σ = ${formatNumber(spread.trace)}).`;
  const rate = annealed
    ? ' With annealing it is the spread the current rate would settle to, and it shrinks with the rate.'
    : '';
  return `${dots} ${ellipse}${rate} ${describeSamplingAgainstEllipse(sampling)}`;
}

/** One line on why the cloud of a sampling scheme sits inside the ellipse, or around it. */
export function describeSamplingAgainstEllipse(sampling: SamplingScheme): string {
  if (sampling === 'withReplacement') {
    return 'Batches are drawn with replacement, as the prediction assumes: the cloud fills the ellipse.';
  }
  return `With "${samplingSchemes[sampling].label}" the batches of an epoch are not independent (each example comes once), so the cloud sits inside the ellipse, which assumes batches drawn with replacement: measured ÷ predicted spread is about 0.11 (0.015 at epoch ends) at lr·λ_max·N = 0.8, and 0.51 (0.35) at 6.4.`;
}

/** What the predicted floor band is, with its value now, or why there is none. */
export function describeFloor(spread: SpreadView | null, annealed: boolean): string {
  if (spread === null) return 'Predicting the floor…';
  if (spread.kind === 'none') return `No floor is predicted: ${spread.reason}.`;
  const following = annealed ? ' It follows each epoch’s rate, falling as the rate anneals.' : '';
  return `Predicted floor: f(w) − f(w*) settles near N·½tr(HΣ) = ${formatNumber(spread.summedFloor)} (the band's top; its bottom is the small-rate law N·lr·tr S*/(4B) = ${formatNumber(spread.summedSmallRateFloor)}): ∝ lr/B, so doubling both leaves it, doubling lr alone doubles it.${following}`;
}

/** What the averaged weights are, and how far along the tail average is. */
export function describeAverages(
  averages: AveragesView | null,
  kind: AveragedKind,
  tailStartEpoch: number,
): string {
  const what =
    kind === 'tail'
      ? `w̄ is the mean of every iterate from epoch ${tailStartEpoch + 1} on (tail average)`
      : `w̄ is an exponential moving average of the iterates (half-life ${formatNumber(averages?.movingHalfLife ?? 0)} updates, one epoch)`;
  const why = 'the noise of the iterates cancels in the mean, so w̄ gets far closer to w* than any single w.';
  if (kind === 'tail' && (averages === null || averages.tailStart === null)) {
    return `${capitalise(what)}: it starts when epoch ${tailStartEpoch + 1} does. Averaging cures the floor: ${why}`;
  }
  const count =
    kind === 'tail' && averages !== null ? ` (${formatNumber(averages.tailCount)} iterates so far)` : '';
  return `${capitalise(what)}${count}. Averaging cures the floor: ${why}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
