import { useEffect, useRef } from 'react';
import { useAppStoreApi, useAppStore } from '../../state/store.ts';
import type { AppState } from '../../state/store.ts';
import { NEGATIVE_COLOUR, POSITIVE_COLOUR } from './paint.ts';

const STRIP_HEIGHT = 28;

/**
 * This epoch's shuffled order as a strip: one cell per training point in the order SGD visits them, the
 * batches in alternating shades, the batch of the last step outlined. A new epoch redraws it.
 */
export function OrderStrip() {
  const store = useAppStoreApi();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const epochOrder = useAppStore((state) => state.epochOrder);
  const lastUpdate = useAppStore((state) => state.lastUpdate);

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const paint = (state: AppState) => {
      const ratio = window.devicePixelRatio || 1;
      const width = Math.max(100, Math.round(canvas.clientWidth * ratio));
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
      for (let position = 0; position < count; position++) {
        const batch = Math.floor(position / order.batchSize);
        const left = Math.floor(position * cell);
        const right = Math.max(left + 1, Math.floor((position + 1) * cell));
        context.fillStyle = batch % 2 === 0 ? '#cbd5e1' : '#64748b';
        context.fillRect(left, 0, right - left, height - band);
        const label = labels[order.order[position] as number] ?? 0;
        context.fillStyle = label > 0 ? POSITIVE_COLOUR : NEGATIVE_COLOUR;
        context.fillRect(left, height - band, right - left, band);
      }
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
    return store.subscribe((state, previous) => {
      if (state.epochOrder !== previous.epochOrder || state.lastUpdate !== previous.lastUpdate) paint(state);
    });
  }, [store]);

  const batches = epochOrder ? Math.ceil(epochOrder.order.length / epochOrder.batchSize) : 0;
  return (
    <figure className="order-strip" aria-label="This epoch's order">
      <figcaption>
        {epochOrder
          ? `Epoch ${epochOrder.epochIndex + 1}'s shuffled order: ${epochOrder.order.length.toLocaleString('en')} points in ${batches.toLocaleString('en')} batch${batches === 1 ? '' : 'es'}${
              lastUpdate && lastUpdate.epochIndex === epochOrder.epochIndex
                ? `, batch ${lastUpdate.batchIndex + 1} outlined`
                : ''
            }. A new epoch reshuffles.`
          : 'Each epoch visits the training points in a fresh random order, a batch at a time: step to see it.'}
      </figcaption>
      <canvas
        ref={canvasRef}
        className="order-canvas"
        role="img"
        aria-label="The shuffled order of this epoch, batch by batch"
      />
    </figure>
  );
}
