import { DistanceChart } from '../charts/DistanceChart.tsx';

/** The distance chart in its panel: a chunk of its own, with the noise-floor views it carries. */
export function DistancePanel() {
  return (
    <section className="panel distance-panel" aria-label="Distance to optimum">
      <DistanceChart />
    </section>
  );
}
