/**
 * The main loop in real Chromium, as a student would use it: pick data, train, step, reset, break it.
 */
import { describe, expect, it } from 'vitest';
import { createUi } from './actions.ts';
import { saveScreenshot, useAppPage } from './harness.ts';

const app = useAppPage();
const ui = createUi(app);

describe('main loop in Chromium', () => {
  it('loads with every control named, offline-clean, with the training in a worker', async () => {
    await expect(ui.page.title()).resolves.toContain('SGD Lab');
    for (const name of ['Train', 'Step batch', 'Step epoch', 'Reset']) {
      await expect(ui.button(name).isVisible()).resolves.toBe(true);
    }
    for (const name of ['Learning rate', 'Annealing rate', 'Batch size', 'Epochs']) {
      await expect(ui.slider(name).isVisible()).resolves.toBe(true);
    }
    await expect(ui.page.getByText('Train accuracy', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(ui.page.getByText('Test accuracy', { exact: true }).isVisible()).resolves.toBe(true);
    await expect.poll(() => ui.status(), { timeout: 30_000 }).toContain('ready');
    expect(ui.page.workers().length).toBeGreaterThanOrEqual(1);
    await saveScreenshot(ui.page, 'loaded');
    expect(app.problems).toEqual([]);
  });

  it('trains separable blobs to at least 95 % test accuracy, drawing charts and the canvas', async () => {
    await ui.pickDataset('Separable blobs');
    const before = await ui.snapshot('boundary');
    await ui.train();
    await expect.poll(() => ui.testAccuracy(), { timeout: 30_000 }).toBeGreaterThanOrEqual(95);
    await expect.poll(() => ui.vertexCount('objective'), { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
    expect(await ui.testAccuracy()).toBeGreaterThanOrEqual(95);
    await expect.poll(() => ui.vertexCount('testAccuracy')).toBeGreaterThanOrEqual(10);
    expect(await ui.snapshot('boundary')).not.toBe(before);
    await saveScreenshot(ui.page, 'training');
    expect(app.problems).toEqual([]);
  });

  it('Step batch rings one batch and shows its update; Step epoch completes an epoch', async () => {
    await ui.stepBatch();
    await ui.text(/Ringed: batch 1 of \d+ of epoch 1 \(10 points\)/).waitFor();
    // The update starts from zero weights, as the reference does.
    expect((await ui.updateRows())[0]?.cells[0]).toBe('0');
    await expect(ui.status()).resolves.toMatch(/update 1(?!\d)/);
    await saveScreenshot(ui.page, 'step-batch');
    await ui.stepEpoch();
    // Epoch 1 is done when the status shows its last batch.
    await expect.poll(() => ui.status()).toMatch(/epoch 1 of 100batch (\d+) of \1(?!\d)/);
    expect(await ui.trainAccuracy()).toBeGreaterThan(0);
  });

  it('Reset clears the charts and the counters', async () => {
    await ui.stepEpoch();
    await ui.stepEpoch();
    await expect.poll(() => ui.vertexCount('objective')).toBeGreaterThanOrEqual(2);
    await ui.reset();
    await expect.poll(() => ui.vertexCount('objective')).toBe(0);
    // Only epoch 0 is left: the new run's train and test objectives before any update, two dots.
    await expect
      .poll(() => ui.figure('Objective per epoch').locator('circle.recharts-line-dot').count())
      .toBe(2);
    await expect(ui.status()).resolves.toMatch(/epoch 1 of 100.*batch 0 of/);
    await expect(ui.labelled('Test accuracy').textContent()).resolves.toBe('—');
  });

  it('says where a learning rate of 10 with the squared objective diverged, and draws no NaN', async () => {
    await ui.pickObjective('squared');
    await ui.pressOnSlider('Learning rate', 'End');
    await expect(ui.sliderValue('Learning rate')).resolves.toBe('10');
    await ui.train();
    await ui
      .alert()
      .getByText(/Diverged at epoch \d+/)
      .waitFor();
    const suggestion = /Try a learning rate of ([\d.e-]+) or less/.exec(
      (await ui.alert().textContent()) ?? '',
    )?.[1];
    expect(Number(suggestion)).toBeLessThan(10);
    await expect(ui.status()).resolves.toContain('diverged');
    expect(await ui.nonFiniteReadings()).toEqual([]);
    await saveScreenshot(ui.page, 'diverged');
    // The way out works: the suggested rate starts a fresh run that does not diverge.
    await ui.click(`Use lr ${suggestion}`);
    await expect.poll(() => ui.alert().count()).toBe(0);
    expect(app.problems).toEqual([]);
  });

  it('clamps a batch size above the training count with a visible note', async () => {
    await ui.typeBatchSize(500);
    await ui.text(/Batch size 500 is more than the 140 training points: using 140 \(full batch\)/).waitFor();
    await expect(ui.sliderValue('Batch size')).resolves.toBe('140 (full batch)');
    await ui.stepBatch();
    await ui.text(/Ringed: batch 1 of 1 of epoch 1 \(140 points\)/).waitFor();
  });

  it('applies a learning-rate change from the next epoch and marks it on the charts', async () => {
    await ui.pressOnSlider('Speed', 'Home'); // one batch per second: slow enough to change mid-run
    await ui.stepEpoch();
    await ui.stepBatch();
    await ui.pressOnSlider('Learning rate', 'Home');
    // Marked at the end of epoch 1 on every chart, with what changed.
    await expect.poll(() => ui.page.locator('.recharts-reference-line').count()).toBe(3);
    await ui
      .figure(/Objective per epoch/)
      .getByText('lr 1e-4')
      .waitFor();
    // Epoch 2 finishes at the old rate; epoch 3 starts at the new one, then annealing carries on from it.
    await expect(ui.status()).resolves.toMatch(/lr 0\.098/);
    await ui.stepEpoch();
    await expect.poll(() => ui.status()).toMatch(/epoch 2 of 100.*lr 1e-4/);
    await ui.stepEpoch();
    await expect.poll(() => ui.status()).toMatch(/epoch 3 of 100.*lr 9\.8e-5/);
  });

  it('keeps requestAnimationFrame firing on the main thread while training at full speed', async () => {
    await ui.pressOnSlider('Speed', 'End');
    await ui.pressOnSlider('Epochs', 'End');
    await ui.pickDataset('Spiral');
    // The page does not move when training starts (a header that grew would push every view down, and
    // the browser would lay out and paint the whole page again under the running charts).
    await ui.page.evaluate(() => {
      const shifts: number[] = [];
      (window as unknown as { shifts: number[] }).shifts = shifts;
      // Chromium also reports a number's text replaced in place as a shift of its line (the same rect before
      // and after); only a shift in which something changed place or size is the page moving.
      type Rect = { x: number; y: number; width: number; height: number };
      const moved = (before: Rect, after: Rect) =>
        before.x !== after.x ||
        before.y !== after.y ||
        before.width !== after.width ||
        before.height !== after.height;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          const shift = entry as unknown as {
            value: number;
            sources: { previousRect: Rect; currentRect: Rect }[];
          };
          if (shift.sources.some((source) => moved(source.previousRect, source.currentRect))) {
            shifts.push(shift.value);
          }
        }
      }).observe({ type: 'layout-shift' });
    });
    await ui.train();
    // Every chart draws the live run, over axes that stay where they were (the objective's top is the
    // objective before any update, epoch 0), so the charts need not redraw while it trains.
    for (const series of ['objective', 'trainAccuracy', 'learningRate']) {
      await expect.poll(async () => (await ui.vertexCount(series)) - 1).toBeGreaterThanOrEqual(10);
    }
    const objectiveTicks = () =>
      ui
        .figure('Objective per epoch')
        .locator('text.recharts-yAxis.recharts-cartesian-axis-tick-value')
        .allTextContents();
    const ticks = await objectiveTicks();
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks[0]).toBe('0');
    await ui.page.waitForTimeout(300);
    await expect(objectiveTicks()).resolves.toEqual(ticks);
    const shifted = await ui.page.evaluate(() =>
      (window as unknown as { shifts: number[] }).shifts.reduce((sum, value) => sum + value, 0),
    );
    expect(shifted).toBeLessThan(0.01);
    const frames = await ui.page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const stamps: number[] = [];
          const start = performance.now();
          const frame = (time: number) => {
            stamps.push(time);
            if (time - start < 2000) requestAnimationFrame(frame);
            else resolve(stamps);
          };
          requestAnimationFrame(frame);
        }),
    );
    await expect(ui.status()).resolves.toMatch(/training|finished/);
    const gaps = frames.slice(1).map((time, k) => time - frames[k]!);
    expect(frames.length).toBeGreaterThanOrEqual(30);
    expect(Math.max(...gaps)).toBeLessThan(500);
    expect(app.problems).toEqual([]);
  });
});
