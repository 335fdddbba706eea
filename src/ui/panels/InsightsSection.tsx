/**
 * "Curvature & noise": the section opened by "Why this rate?" and by the presets about it. The worker measures
 * its views only while it is open, and its content is fetched when it first opens: until then a frame with
 * its heading holds its place.
 */
import { lazy, Suspense, useEffect } from 'react';
import { presets } from '../../state/presets.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { INSIGHTS_HEADING, INSIGHTS_LABEL, INSIGHTS_SECTION_ID } from './insightsSectionIds.ts';

export { INSIGHTS_SECTION_ID };

const InsightsContent = lazy(() =>
  import('./InsightsContent.tsx').then((module) => ({ default: module.InsightsContent })),
);

const selectShown = (state: AppState) => state.insightsShown;
const selectShow = (state: AppState) => state.showInsights;
const selectPresentation = (state: AppState) => state.config.presentation;
const selectOpenedByPreset = (state: AppState) => {
  const preset = state.presetId === null ? null : presets[state.presetId];
  return preset !== null && 'opens' in preset && preset.opens === 'curvatureAndNoise';
};

/** The section's frame while its content loads. */
function LoadingFrame() {
  return (
    <section
      className="panel insights insights-loading"
      id={INSIGHTS_SECTION_ID}
      aria-label={INSIGHTS_LABEL}
      aria-busy
    >
      <h2>{INSIGHTS_HEADING}</h2>
      <p className="hint">Loading…</p>
    </section>
  );
}

/**
 * Opens the section when a preset about it is applied, and again when presentation mode begins under such a
 * preset: the projector shows the views the preset's text names, though the user closed the section on the
 * page. Shows the section while it is open.
 */
export function InsightsSection() {
  const shown = useAppStore(selectShown);
  const show = useAppStore(selectShow);
  const openedByPreset = useAppStore(selectOpenedByPreset);
  const presentation = useAppStore(selectPresentation);
  useEffect(() => {
    if (openedByPreset) show(true);
  }, [openedByPreset, presentation, show]);
  if (!shown) return null;
  return (
    <Suspense fallback={<LoadingFrame />}>
      <InsightsContent />
    </Suspense>
  );
}
