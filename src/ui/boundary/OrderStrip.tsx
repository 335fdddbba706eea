import { useEffect, useRef } from 'react';
import type { EpochOrder } from '../../core/run.ts';
import type { SamplingScheme } from '../../core/sampling.ts';
import { useAppStore, useAppStoreApi } from '../../state/store.ts';
import { useThrottledSelector } from '../pageClock.ts';
import type { AppState } from '../../state/store.ts';
import { followOnTicks } from '../pageClock.ts';
import { trackWidth } from '../trackWidth.ts';
import { NEGATIVE_COLOUR, POSITIVE_COLOUR } from './paint.ts';

const selectOrderCaption = (state: AppState) => [state.epochOrder, state.lastUpdate] as const;

const STRIP_HEIGHT = 28;

/** A colour as one RGBA pixel of an ImageData read as a Uint32Array (little-endian, as every browser is). */
function pixel(hex: string): number {
  const value = Number.parseInt(hex.slice(1), 16);
  return ((255 << 24) | ((value & 0xff) << 16) | (value & 0xff00) | (value >> 16)) >>> 0;
}

const LIGHT_BATCH = pixel('#cbd5e1');
const DARK_BATCH = pixel('#64748b');
const REPEAT_MARK = pixel('#0f172a');
const POSITIVE_PIXEL = pixel(POSITIVE_COLOUR);
const NEGATIVE_PIXEL = pixel(NEGATIVE_COLOUR);

/** How many draws of an epoch repeat a point drawn earlier in it (as many points are then left out). */
export function countRepeats(order: ArrayLike<number>): number {
  return order.length - new Set(Array.from(order)).size;
}

/** What the strip's caption says before the first step, by scheme. */
const FIRST_CAPTIONS: Record<SamplingScheme, string> = {
  reshuffle:
    'Each epoch visits the training points in a fresh random order, a batch at a time: step to see it.',
  shuffleOnce:
    'Each epoch visits the training points in one random order, shuffled once, a batch at a time: step to see it.',
  fixedOrder:
    'Each epoch visits the training points in their stored order, a batch at a time: step to see it.',
  withReplacement:
    'Each epoch draws as many points as there are, at random with repeats, a batch at a time: step to see it.',
};

/** The strip's caption: the epoch's order as the scheme makes it, its batches and the batch outlined. */
export function describeEpochOrder(
  scheme: SamplingScheme,
  epochOrder: EpochOrder | null,
  lastUpdate: { readonly epochIndex: number; readonly batchIndex: number } | null,
): string {
  if (epochOrder === null) return FIRST_CAPTIONS[scheme];
  const count = epochOrder.order.length.toLocaleString('en');
  const batches = Math.ceil(epochOrder.order.length / epochOrder.batchSize);
  const outlined =
    lastUpdate && lastUpdate.epochIndex === epochOrder.epochIndex
      ? `, batch ${lastUpdate.batchIndex + 1} outlined`
      : '';
  const split = `${batches.toLocaleString('en')} batch${batches === 1 ? '' : 'es'}${outlined}`;
  const epoch = `Epoch ${epochOrder.epochIndex + 1}'s`;
  switch (scheme) {
    case 'reshuffle':
      return `${epoch} shuffled order: ${count} points in ${split}. A new epoch reshuffles.`;
    case 'shuffleOnce':
      return `${epoch} order: ${count} points in ${split}. Shuffled once: the same order every epoch.`;
    case 'fixedOrder':
      return `${epoch} order: ${count} points in ${split}. Fixed: the stored order every epoch.`;
    case 'withReplacement': {
      const repeats = countRepeats(epochOrder.order);
      const repeated = repeats.toLocaleString('en');
      const plural = repeats === 1 ? '' : 's';
      return `${epoch} draws: ${count} in ${split}; ${repeated} repeat${plural} ticked, ${repeated} point${plural} missed.`;
    }
  }
}

/**
 * This epoch's order as a strip: one cell per draw in the order SGD visits them, the batches in alternating
 * shades, a dark tick over each draw that repeats a point of the epoch, the batch of the last step outlined.
 * A new epoch redraws it; under "Shuffle once" and "Fixed order" it draws the same strip every epoch.
 */
export function OrderStrip() {
  const store = useAppStoreApi();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [epochOrder, lastUpdate] = useThrottledSelector(selectOrderCaption);
  const sampling = useAppStore((state) => state.config.sampling);

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    let image: ImageData | null = null;
    const canvasWidth = trackWidth(canvas, () => paint(store.getState()));
    const paint = (state: AppState) => {
      const ratio = window.devicePixelRatio || 1;
      const width = Math.max(100, Math.round(canvasWidth.width * ratio));
      const height = Math.round(STRIP_HEIGHT * ratio);
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      context.clearRect(0, 0, width, height);
      const order = state.epochOrder;
      const labels = state.points?.trainY;
      if (!order || !labels || order.order.length === 0) {
        context.fillStyle = '#eef0f2';
        context.fillRect(0, 0, width, height);
        return;
      }
      const count = order.order.length;
      const cell = width / count;
      const band = Math.round(height * 0.3);
      const tick = Math.round(height * 0.3);
      // One colour per pixel column for the batch shade and one for the label, then whole rows copied:
      // with thousands of points a column holds many cells, and this costs the same as one fillRect each.
      if (image === null || image.width !== width || image.height !== height) {
        image = context.createImageData(width, height);
      }
      const shades = new Uint32Array(width);
      const ticks = new Uint32Array(width);
      const classes = new Uint32Array(width);
      // Only draws with replacement repeat a point; a permutation never marks anything.
      const seen = new Uint8Array(labels.length);
      for (let position = 0; position < count; position++) {
        const left = Math.floor(position * cell);
        const right = Math.min(width, Math.max(left + 1, Math.floor((position + 1) * cell)));
        const shade = Math.floor(position / order.batchSize) % 2 === 0 ? LIGHT_BATCH : DARK_BATCH;
        const index = order.order[position] as number;
        const label = labels[index] ?? 0;
        shades.fill(shade, left, right);
        ticks.fill(seen[index] === 1 ? REPEAT_MARK : shade, left, right);
        classes.fill(label > 0 ? POSITIVE_PIXEL : NEGATIVE_PIXEL, left, right);
        seen[index] = 1;
      }
      const pixels = new Uint32Array(image.data.buffer);
      for (let row = 0; row < height; row++) {
        pixels.set(row < tick ? ticks : row < height - band ? shades : classes, row * width);
      }
      context.putImageData(image, 0, 0);
      const update = state.lastUpdate;
      if (update && update.epochIndex === order.epochIndex) {
        const start = update.batchIndex * order.batchSize;
        const end = Math.min(count, start + order.batchSize);
        context.lineWidth = 2 * ratio;
        context.strokeStyle = '#111111';
        const left = Math.floor(start * cell);
        context.strokeRect(
          left + ratio,
          ratio,
          Math.max(2 * ratio, (end - start) * cell - 2 * ratio),
          height - 2 * ratio,
        );
      }
    };
    paint(store.getState());
    // While training, the strip follows the run at the readouts' pace, as its caption does.
    const unsubscribe = followOnTicks(
      store,
      (state, previous) =>
        state.epochOrder !== previous.epochOrder || state.lastUpdate !== previous.lastUpdate,
      paint,
    );
    return () => {
      unsubscribe();
      canvasWidth.dispose();
    };
  }, [store]);

  return (
    <figure className="order-strip" aria-label="This epoch's order">
      <figcaption>{describeEpochOrder(sampling, epochOrder, lastUpdate)}</figcaption>
      <canvas
        ref={canvasRef}
        className="order-canvas"
        role="img"
        aria-label={
          sampling === 'withReplacement'
            ? "This epoch's random draws, batch by batch, repeats marked"
            : "The order of this epoch's training points, batch by batch"
        }
      />
    </figure>
  );
}
