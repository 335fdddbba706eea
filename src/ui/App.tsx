import { useAppStore } from '../state/store.ts';
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
import { ComparePanel } from './panels/ComparePanel.tsx';
import { GradientPanel } from './panels/GradientPanel.tsx';
import { LandscapePanel } from './panels/LandscapePanel.tsx';
import { LinkNotices } from './panels/LinkNotices.tsx';
import { PresetPanel, PresetPicker } from './panels/PresetPanel.tsx';
import { RacePanel } from './panels/RacePanel.tsx';
import { ShortcutsButton, ShortcutsDialog } from './panels/ShortcutsDialog.tsx';
import { SweepPanel } from './panels/SweepPanel.tsx';
import { UpdatePanel } from './panels/UpdatePanel.tsx';
import { useShortcuts } from './useShortcuts.ts';

/** The page layout: header and toolbar, controls | boundary and views | charts, and the last update. */
export function App() {
  const presentation = useAppStore((state) => state.config.presentation);
  useShortcuts();
  return (
    <div className={presentation ? 'app presentation' : 'app'}>
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
        <aside className="controls">
          <DataControls />
          <ModelControls />
          <TrainingControls />
        </aside>
        <div className="centre">
          <BoundaryView>
            <Scrubber />
            <OrderStrip />
          </BoundaryView>
          <div className="views">
            <GradientPanel />
            <LandscapePanel />
          </div>
        </div>
        <div className="charts-column">
          <ComparePanel />
          <Charts />
          <section className="panel distance-panel">
            <DistanceChart />
          </section>
        </div>
      </main>
      <section className="explore" aria-label="Explore hyperparameters">
        <SweepPanel />
        <RacePanel />
      </section>
      <footer>
        <UpdatePanel />
      </footer>
    </div>
  );
}
