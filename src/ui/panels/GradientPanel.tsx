import { formatNumber } from '../../core/format.ts';
import { useAppStore, type AppState } from '../../state/store.ts';
import { useThrottledSelector } from '../pageClock.ts';

const selectGradientData = (state: AppState) => [state.gradientView, state.lastUpdate] as const;

const SIZE = 220;

/** The arrows' colours: the batch's mean gradient, the full-data gradient, and the update's direction. */
const ARROW_COLOURS = { mean: '#0b6e4f', full: '#5b21b6', update: '#b45309' } as const;

/**
 * The last batch in weight space (w₁, w₂): each example's gradient as a thin arrow from the origin, their
 * mean and the full-data gradient, with the cosine between the two, and the update's direction: against
 * the mean gradient (W* = W − lr · mean).
 */
export function GradientPanel() {
  const [view, lastUpdate] = useThrottledSelector(selectGradientData);
  const batchSize = lastUpdate?.indices.length ?? 0;
  const linear = useAppStore((state) => state.config.model.kind === 'linear');
  if (!linear) return null;
  // Before the first step the panel keeps its shape (axes, legend) and explains itself, so that the page
  // does not grow and move when the first batch arrives.
  const vectors: [number, number][] = [];
  const perExample = view?.perExample ?? [];
  for (let k = 0; k + 1 < perExample.length; k += 2)
    vectors.push([perExample[k] ?? 0, perExample[k + 1] ?? 0]);
  const longest = Math.max(
    1e-12,
    ...vectors.map(([a, b]) => Math.hypot(a, b)),
    view ? Math.hypot(...view.mean) : 0,
    view ? Math.hypot(...view.full) : 0,
  );
  const scale = (SIZE / 2 - 14) / longest;
  const centre = SIZE / 2;
  const arrow = (vector: readonly [number, number]) => ({
    x2: centre + vector[0] * scale,
    y2: centre - vector[1] * scale,
  });
  return (
    <section className="panel gradient-panel" aria-labelledby="gradient-heading">
      <h2 id="gradient-heading">The batch&apos;s gradients</h2>
      <svg
        width={SIZE}
        height={SIZE}
        viewBox={`0 0 ${SIZE} ${SIZE}`}
        role="img"
        aria-label="Gradients of the batch in the (w1, w2) plane"
      >
        <defs>
          {(['mean', 'full', 'update'] as const).map((name) => (
            <marker
              key={name}
              id={`head-${name}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="6"
              markerHeight="6"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" fill={ARROW_COLOURS[name]} />
            </marker>
          ))}
        </defs>
        <line x1={0} y1={centre} x2={SIZE} y2={centre} stroke="#e2e8f0" />
        <line x1={centre} y1={0} x2={centre} y2={SIZE} stroke="#e2e8f0" />
        {vectors.map((vector, index) => (
          <line key={index} x1={centre} y1={centre} {...arrow(vector)} stroke="#94a3b8" strokeWidth={1} />
        ))}
        {view && (
          <>
            <line
              x1={centre}
              y1={centre}
              {...arrow(view.full)}
              stroke={ARROW_COLOURS.full}
              strokeWidth={2.5}
              strokeDasharray="5 3"
              markerEnd="url(#head-full)"
            />
            <line
              x1={centre}
              y1={centre}
              {...arrow(view.mean)}
              stroke={ARROW_COLOURS.mean}
              strokeWidth={3}
              markerEnd="url(#head-mean)"
            />
            <line
              className="update-arrow"
              x1={centre}
              y1={centre}
              {...arrow([-view.mean[0], -view.mean[1]])}
              stroke={ARROW_COLOURS.update}
              strokeWidth={2}
              strokeDasharray="2 3"
              markerEnd="url(#head-update)"
            />
          </>
        )}
        <text x={6} y={14} fontSize={14} fill="#52606d">
          ∂/∂w₂ ↑
        </text>
        <text x={SIZE - 64} y={centre - 6} fontSize={14} fill="#52606d">
          ∂/∂w₁ →
        </text>
      </svg>
      <ul className="legend">
        <li>
          <span className="swatch" style={{ background: '#94a3b8' }} />
          each example
          {view &&
            ` (${Math.min(batchSize, vectors.length)}${batchSize > vectors.length ? ` of ${batchSize}` : ''})`}
        </li>
        <li>
          <span className="swatch" style={{ background: ARROW_COLOURS.mean }} />
          batch mean gradient
        </li>
        <li>
          <span className="swatch" style={{ background: ARROW_COLOURS.update }} />
          the update’s direction (against the mean)
        </li>
        <li>
          <span className="swatch" style={{ background: ARROW_COLOURS.full }} />
          full-data gradient
        </li>
      </ul>
      {view ? (
        <p className="gradient-cosine">
          cosine(batch mean, full gradient) ={' '}
          <strong aria-label="Gradient cosine">{formatNumber(view.cosine)}</strong>
          <span className="hint"> — 1 means the batch points exactly the way all the data do.</span>
        </p>
      ) : (
        <p className="hint">
          Press Step batch: each example of the batch pulls the weights its own way; the update follows their
          mean.
        </p>
      )}
    </section>
  );
}
