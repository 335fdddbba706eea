import { BoundaryView } from './boundary/BoundaryView.tsx';
import { Charts } from './charts/Charts.tsx';
import { DataControls } from './controls/DataControls.tsx';
import { Toolbar } from './controls/Toolbar.tsx';
import { TrainingControls } from './controls/TrainingControls.tsx';
import { Alerts } from './panels/Alerts.tsx';
import { UpdatePanel } from './panels/UpdatePanel.tsx';

/** The page layout: header and toolbar, controls | boundary | charts, and the last update underneath. */
export function App() {
  return (
    <div className="app">
      <header className="header">
        <h1>
          SGD Lab <span className="tagline">mini-batch stochastic gradient descent, live</span>
        </h1>
        <Toolbar />
        <Alerts />
      </header>
      <main className="main">
        <aside className="controls">
          <DataControls />
          <TrainingControls />
        </aside>
        <BoundaryView />
        <Charts />
      </main>
      <footer>
        <UpdatePanel />
      </footer>
    </div>
  );
}
