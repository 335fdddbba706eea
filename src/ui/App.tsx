import { presets, type PresetView } from '../state/presets.ts';
import { useAppStore, type AppState } from '../state/store.ts';
import { BoundaryView } from './boundary/BoundaryView.tsx';
import { OrderStrip } from './boundary/OrderStrip.tsx';
import { Scrubber } from './boundary/Scrubber.tsx';
import { Charts } from './charts/Charts.tsx';
import { DistanceChart } from './charts/DistanceChart.tsx';
import { DataControls } from './controls/DataControls.tsx';
import { HeaderActions } from './controls/HeaderActions.tsx';
import { ModelControls } from './controls/ModelControls.tsx';
import { Toolbar } from './controls/Toolbar.tsx';
import { TrainingControls } from './controls/TrainingControls.tsx';
import { Alerts } from './panels/Alerts.tsx';
import { Announcer } from './panels/Announcer.tsx';
import { GradientPanel } from './panels/GradientPanel.tsx';
import { InsightsSection } from './panels/InsightsSection.tsx';
import { LandscapePanel } from './panels/LandscapePanel.tsx';
import {
  LazyComparePanel,
  LazyLearningRateFinder,
  LazyRacePanel,
  LazySweepPanel,
} from './panels/LazyPanels.tsx';
import { LinkNotices } from './panels/LinkNotices.tsx';
import { PresetPanel, PresetPicker } from './panels/PresetPanel.tsx';
import { ShortcutsButton, ShortcutsDialog } from './panels/ShortcutsDialog.tsx';
import { UpdatePanel } from './panels/UpdatePanel.tsx';
import { useShortcuts } from './useShortcuts.ts';

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
  useShortcuts();
  return (
    <div className={presentation ? 'app presentation' : 'app'} data-views={presetViews.join(' ')}>
      <header className="header">
        <h1>
          SGD Lab <span className="tagline">mini-batch stochastic gradient descent, live</span>
        </h1>
        <div className="header-right">
          <PresetPicker />
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
      <main className="main">
        <div className="column column-data">
          <DataControls />
          <ModelControls />
        </div>
        <div className="column column-training">
          <TrainingControls />
        </div>
        <div className="column column-plane">
          <BoundaryView>
            <Scrubber />
            <OrderStrip />
          </BoundaryView>
          <div className="views">
            <GradientPanel />
            <LandscapePanel />
          </div>
        </div>
        <div className="column column-charts">
          <UpdatePanel />
          <Charts />
          <section className="panel distance-panel">
            <DistanceChart />
          </section>
          <LazyComparePanel />
        </div>
      </main>
      <InsightsSection />
      <section className="explore" aria-label="Explore hyperparameters">
        <LazySweepPanel />
        <LazyRacePanel />
        <LazyLearningRateFinder />
      </section>
    </div>
  );
}
