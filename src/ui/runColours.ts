import type { PinnedRun } from '../state/compareSlice.ts';

/** One colour per pinned run's slot: Okabe–Ito hues other than the two class colours. */
export const RUN_COLOURS = ['#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#7c3aed', '#6b7280'] as const;

/** The colour of the live run on every chart. */
export const LIVE_RUN_COLOUR = '#1d3557';

/** The colour a pinned run keeps on every chart and in the legend. */
export function colourOf(run: Pick<PinnedRun, 'slot'>): string {
  return RUN_COLOURS[run.slot % RUN_COLOURS.length] ?? RUN_COLOURS[0];
}
