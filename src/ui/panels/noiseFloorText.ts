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
  const dots = `Dots: the last ${formatWhole(cloudSize)} weights, one per update. At a constant rate SGD never settles on w* (✕): it keeps moving in a cloud around it, and the map zooms in on it.`;
  if (spread === null) return `${dots} Predicting its spread…`;
  if (spread.kind === 'none') return `${dots} No ellipse is predicted: ${spread.reason}.`;
  const ellipse = `Pink: where 95 % of them are predicted to be, from the data alone (E‖w − w*‖² = tr Σ = ${formatNumber(spread.trace)} at lr ${formatRate(spread.learningRate)}, batch ${spread.batchSize}).`;
  const rate = annealed ? ' It shrinks as the rate anneals.' : '';
  return `${dots} ${ellipse}${rate} ${describeSamplingAgainstEllipse(sampling)}`;
}

/** One line on why the cloud of a sampling scheme sits inside the ellipse, or fills it. */
export function describeSamplingAgainstEllipse(sampling: SamplingScheme): string {
  if (sampling === 'withReplacement') {
    return 'Batches are drawn with replacement, as the prediction assumes: the cloud fills the ellipse.';
  }
  return `"${samplingSchemes[sampling].label}": the batches of an epoch are not independent (each example once), so the cloud sits inside the ellipse, which assumes draws with replacement (measured ÷ predicted spread ≈ 0.11, 0.015 at epoch ends, at lr·λ_max·N = 0.8; 0.51 and 0.35 at 6.4).`;
}

/** What the predicted floor band is, with its value now, or why there is none. */
export function describeFloor(
  spread: SpreadView | null,
  annealed: boolean,
  sampling: SamplingScheme,
): string {
  if (spread === null) return 'Predicting the floor…';
  if (spread.kind === 'none') return `No floor is predicted: ${spread.reason}.`;
  const following = annealed ? ' It falls with the annealed rate, epoch by epoch.' : '';
  const below = sampling === 'withReplacement' ? '' : ' Reshuffled batches settle below it (see the cloud).';
  return `Pink band: where f(w) − f(w*) is predicted to level off, N·½tr(HΣ) = ${formatNumber(spread.summedFloor)} at the top, its small-rate law N·lr·tr S*/(4B) = ${formatNumber(spread.summedSmallRateFloor)} at the bottom. It is ∝ lr/B: doubling both leaves it, doubling lr alone doubles it.${following}${below}`;
}

/** What the averaged weights are, and how far along the tail average is. */
export function describeAverages(
  averages: AveragesView | null,
  kind: AveragedKind,
  tailStartEpoch: number,
): string {
  const where = 'dotted here and on the plane, ◆ on the landscape';
  const why = 'Averaging cures the floor: the noise of the iterates cancels in the mean.';
  if (kind === 'moving') {
    return `Averaged weights w̄ (${where}): a moving average of the iterates, half-life ${formatWhole(averages?.movingHalfLife ?? 0)} updates (one epoch). ${why}`;
  }
  const what = `Averaged weights w̄ (${where}): the mean of every iterate from epoch ${tailStartEpoch + 1} on`;
  if (averages === null || averages.tailStart === null) return `${what}, once that epoch starts. ${why}`;
  return `${what}, ${formatWhole(averages.tailCount)} so far. ${why}`;
}

/** A whole count with thousands separated, as a sentence reads it: 1,000 iterates. */
function formatWhole(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}
