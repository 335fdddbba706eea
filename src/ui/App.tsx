import { lazy, Suspense } from 'react';
import { datasetNames } from '../core/datasets.ts';
import { datasetControlId, hidesAnyControl, type ControlId } from '../state/lessonControls.ts';
import { presets, type PresetView } from '../state/presets.ts';
import { useAppStore, type AppState } from '../state/store.ts';
import { BoundaryView } from './boundary/BoundaryView.tsx';
import { OrderStrip } from './boundary/OrderStrip.tsx';
import { Scrubber } from './boundary/Scrubber.tsx';
import { Charts } from './charts/Charts.tsx';
import { DataControls } from './controls/DataControls.tsx';
import { HeaderActions } from './controls/HeaderActions.tsx';
import { ModelControls } from './controls/ModelControls.tsx';
import { Toolbar } from './controls/Toolbar.tsx';
import { TrainingControls } from './controls/TrainingControls.tsx';
import { Alerts } from './panels/Alerts.tsx';
import { Announcer } from './panels/Announcer.tsx';
import { InsightsSection } from './panels/InsightsSection.tsx';
import {
  LazyComparePanel,
  LazyDistancePanel,
  LazyGradientPanel,
  LazyLandscapePanel,
  LazyLearningRateFinder,
  LazyRacePanel,
  LazySweepPanel,
} from './panels/LazyPanels.tsx';
import { LinkNotices } from './panels/LinkNotices.tsx';
import { PresetPanel, PresetPicker } from './panels/PresetPanel.tsx';
import { ShortcutsButton, ShortcutsDialog } from './panels/ShortcutsDialog.tsx';
import { UpdatePanel } from './panels/UpdatePanel.tsx';
import { useEmbedMessages } from './useEmbedMessages.ts';
import { useKeeps, useKeepsAny } from './useKeeps.ts';
import { useShortcuts } from './useShortcuts.ts';

/** The controls of the Data and the Model panels: an embedded page leaves out a panel that keeps none. */
const DATA_CONTROLS = [
  ...datasetNames.map(datasetControlId),
  'points',
  'noise',
  'train',
  'seed',
  'ownpoints',
] as const satisfies readonly ControlId[];
const MODEL_CONTROLS = ['model', 'objective', 'l2', 'engine'] as const satisfies readonly ControlId[];

// Only a lesson or an embedded page shows the lesson panel: its code loads for those alone.
const LessonPanel = lazy(() => import('./panels/LessonPanel.tsx'));

const NO_VIEWS: readonly PresetView[] = [];
const selectPresetViews = (state: AppState) =>
  state.presetId === null ? NO_VIEWS : presets[state.presetId].views;

/**
 * The page layout: header and toolbar; then data, training, the plane and, beside it, the last update
 * and the charts; the deeper views and the explorations below. The stylesheets arrange the columns per
 * screen size. In presentation mode only the main loop and the views the preset's text names are shown
 * (`data-views`).
 */
export function App() {
  const presentation = useAppStore((state) => state.config.presentation);
  const presetViews = useAppStore(selectPresetViews);
  // A lesson or an embedded page leaves out the controls and views its link does not keep (useKeeps.ts);
  // embedded, the page is the main loop only, fitted to a small frame (styles/lesson.css).
  const embed = useAppStore((state) => state.linkView.embed);
  const linear = useAppStore((state) => state.config.model.kind === 'linear');
  const showsLesson = useAppStore(
    ({ linkView }) => linkView.lesson !== null || linkView.embed || hidesAnyControl(linkView.kept),
  );
  const keeps = {
    presets: useKeeps('presets'),
    insights: useKeeps('insights'),
    compare: useKeeps('compare'),
    sweep: useKeeps('sweep'),
    race: useKeeps('race'),
    finder: useKeeps('finder'),
    data: useKeepsAny(DATA_CONTROLS),
    model: useKeepsAny(MODEL_CONTROLS),
  };
  useShortcuts();
  useEmbedMessages(embed);
  const className = ['app', presentation && 'presentation', embed && 'embed'].filter(Boolean).join(' ');
  return (
    <div className={className} data-views={presetViews.join(' ')}>
      <header className="header">
        <h1>
          SGD Lab <span className="tagline">mini-batch stochastic gradient descent, live</span>
        </h1>
        <div className="header-right">
          {keeps.presets && <PresetPicker />}
          <HeaderActions />
          <ShortcutsButton />
        </div>
        <Toolbar />
        <Alerts />
        <LinkNotices />
        <Announcer />
        <ShortcutsDialog />
      </header>
      <PresetPanel />
      {showsLesson && (
        <Suspense fallback={null}>
          <LessonPanel />
        </Suspense>
      )}
      <main className="main">
        <div className="column column-data">
          {(!embed || keeps.data) && <DataControls />}
          {(!embed || keeps.model) && <ModelControls />}
        </div>
        <div className="column column-training">
          <TrainingControls />
        </div>
        <div className="column column-plane">
          <BoundaryView>
            <Scrubber />
            <OrderStrip />
          </BoundaryView>
          {!embed && (
            <div className="views">
              {linear && <LazyGradientPanel />}
              {linear && <LazyLandscapePanel />}
            </div>
          )}
        </div>
        <div className="column column-charts">
          {!embed && <UpdatePanel />}
          <Charts />
          {!embed && <LazyDistancePanel />}
          {keeps.compare && <LazyComparePanel />}
        </div>
      </main>
      {keeps.insights && <InsightsSection />}
      {(keeps.sweep || keeps.race || keeps.finder) && (
        <section className="explore" aria-label="Explore hyperparameters">
          {keeps.sweep && <LazySweepPanel />}
          {keeps.race && <LazyRacePanel />}
          {keeps.finder && <LazyLearningRateFinder />}
        </section>
      )}
    </div>
  );
}
