/**
 * The "close but not exact" layer of the loss landscape: the iterate cloud, the predicted 95 % ellipse and
 * the averaged weights, drawn over the map in its (w₁, w₂) coordinates.
 */
import type { CovarianceEllipse } from '../../core/stationaryCovariance.ts';
import { selectAveragedWeights } from '../../state/noiseFloorSlice.ts';
import type { AppState } from '../../state/store.ts';
import { AVERAGED_COLOUR, CLOUD_COLOUR, ELLIPSE_COLOUR } from './noiseFloorText.ts';

/** Maps w₁ and w₂ to canvas pixels. */
export interface PlaneToPixels {
  readonly x: (w1: number) => number;
  readonly y: (w2: number) => number;
}

/** Segments the ellipse's outline is drawn with. */
const ELLIPSE_SEGMENTS = 96;

/** The outline of an ellipse as (w₁, w₂) points, the first repeated at the end. */
export function ellipseOutline(ellipse: CovarianceEllipse, segments = ELLIPSE_SEGMENTS): [number, number][] {
  const [major, minor] = ellipse.radii;
  const [c1, c2] = ellipse.center;
  const cos = Math.cos(ellipse.angle);
  const sin = Math.sin(ellipse.angle);
  const outline: [number, number][] = [];
  for (let k = 0; k <= segments; k++) {
    const t = (2 * Math.PI * k) / segments;
    const along = major * Math.cos(t);
    const across = minor * Math.sin(t);
    outline.push([c1 + along * cos - across * sin, c2 + along * sin + across * cos]);
  }
  return outline;
}

/** The cloud (small translucent dots) and the predicted ellipse, while the cloud is shown. */
export function paintCloud(
  context: CanvasRenderingContext2D,
  state: AppState,
  map: PlaneToPixels,
  ratio: number,
): void {
  if (!state.noiseFloorViews.cloud) return;
  const cloud = state.iterateCloud;
  if (cloud !== null) {
    context.fillStyle = CLOUD_COLOUR;
    const side = 2.5 * ratio;
    for (let k = 0; k + 1 < cloud.length; k += 2) {
      context.fillRect(
        map.x(cloud[k] as number) - side / 2,
        map.y(cloud[k + 1] as number) - side / 2,
        side,
        side,
      );
    }
  }
  const spread = state.spread;
  if (spread?.kind !== 'prediction') return;
  context.strokeStyle = ELLIPSE_COLOUR;
  context.lineWidth = 2.5 * ratio;
  context.beginPath();
  ellipseOutline(spread.ellipse).forEach(([w1, w2], index) => {
    if (index === 0) context.moveTo(map.x(w1), map.y(w2));
    else context.lineTo(map.x(w1), map.y(w2));
  });
  context.stroke();
}

/** The averaged weights w̄ as a diamond, while they are shown. */
export function paintAveragedMarker(
  context: CanvasRenderingContext2D,
  state: AppState,
  map: PlaneToPixels,
  ratio: number,
): void {
  const weights = selectAveragedWeights(state);
  if (weights === null) return;
  const [w1 = 0, w2 = 0] = weights;
  const px = map.x(w1);
  const py = map.y(w2);
  const r = 5 * ratio;
  context.beginPath();
  context.moveTo(px, py - r);
  context.lineTo(px + r, py);
  context.lineTo(px, py + r);
  context.lineTo(px - r, py);
  context.closePath();
  context.fillStyle = AVERAGED_COLOUR;
  context.strokeStyle = '#ffffff';
  context.lineWidth = 1.5 * ratio;
  context.fill();
  context.stroke();
}
