/**
 * The main loop in real Chromium, as a student would use it: pick data, train, step, reset, break it.
 */
import { describe, expect, it } from 'vitest';
import { canvasSnapshot, pressOnSlider, readPercent, vertexCount } from './actions.ts';
import { saveScreenshot, useAppPage } from './harness.ts';

const app = useAppPage();

describe('main loop in Chromium', () => {
  it('loads with every control named, offline-clean, with the training in a worker', async () => {
    await expect(app.page.title()).resolves.toContain('SGD Lab');
    for (const name of ['Train', 'Step batch', 'Step epoch', 'Reset']) {
      await expect(app.page.getByRole('button', { name, exact: true }).isVisible()).resolves.toBe(true);
    }
    for (const name of ['Learning rate', 'Annealing rate', 'Batch size', 'Epochs']) {
      await expect(app.page.getByRole('slider', { name, exact: true }).isVisible()).resolves.toBe(true);
    }
    await expect(app.page.getByText('Train accuracy', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(app.page.getByText('Test accuracy', { exact: true }).isVisible()).resolves.toBe(true);
    await app.page.waitForFunction(() => document.querySelector('.status')?.textContent?.includes('ready'));
    expect(app.page.workers().length).toBeGreaterThanOrEqual(1);
    await saveScreenshot(app.page, 'loaded');
    expect(app.problems).toEqual([]);
  });

  it('trains separable blobs to at least 95 % test accuracy, drawing charts and the canvas', async () => {
    await app.page.getByRole('radio', { name: 'Separable blobs' }).click();
    const before = await canvasSnapshot(app.page, 'canvas.boundary-canvas');
    await app.page.getByRole('button', { name: 'Train', exact: true }).click();
    await app.page.waitForFunction(
      () => {
        const text = document.querySelector('[aria-labelledby="test-accuracy-label"]')?.textContent ?? '';
        return Number.parseFloat(text) >= 95;
      },
      undefined,
      { timeout: 30_000 },
    );
    await expect
      .poll(() => vertexCount(app.page, 'objective'), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(10);
    expect(await readPercent(app.page, 'Test accuracy')).toBeGreaterThanOrEqual(95);
    await expect.poll(() => vertexCount(app.page, 'testAccuracy')).toBeGreaterThanOrEqual(10);
    expect(await canvasSnapshot(app.page, 'canvas.boundary-canvas')).not.toBe(before);
    await saveScreenshot(app.page, 'training');
    expect(app.problems).toEqual([]);
  });

  it('Step batch rings one batch and shows its update; Step epoch completes an epoch', async () => {
    await app.page.getByRole('button', { name: 'Step batch' }).click();
    await app.page.getByText(/Ringed: batch 1 of \d+ of epoch 1 \(10 points\)/).waitFor();
    // The update starts from zero weights, as the reference does.
    const firstRow = app.page.locator('.update-table tbody tr').first();
    await expect(firstRow.locator('td').first().textContent()).resolves.toBe('0');
    await expect(app.page.locator('.status').textContent()).resolves.toMatch(/update 1(?!\d)/);
    await saveScreenshot(app.page, 'step-batch');
    await app.page.getByRole('button', { name: 'Step epoch' }).click();
    await expect.poll(() => app.page.locator('.status').textContent()).toMatch(/epoch 1\/100/);
    expect(await readPercent(app.page, 'Train accuracy')).toBeGreaterThan(0);
  });

  it('Reset clears the charts and the counters', async () => {
    await app.page.getByRole('button', { name: 'Step epoch' }).click();
    await app.page.getByRole('button', { name: 'Step epoch' }).click();
    await expect.poll(() => vertexCount(app.page, 'objective')).toBeGreaterThanOrEqual(2);
    await app.page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => vertexCount(app.page, 'objective')).toBe(0);
    // Only epoch 0 is left: the new run's train and test objectives before any update, two dots.
    await expect
      .poll(() =>
        app.page
          .getByRole('figure', { name: 'Objective per epoch (sum over the training set)' })
          .locator('circle.recharts-line-dot')
          .count(),
      )
      .toBe(2);
    await expect(app.page.locator('.status').textContent()).resolves.toMatch(/epoch 0\/100/);
    await expect(app.page.getByLabel('Test accuracy', { exact: true }).textContent()).resolves.toBe('—');
  });

  it('says where a learning rate of 10 with the squared objective diverged, and draws no NaN', async () => {
    await app.page.getByLabel('Objective', { exact: true }).selectOption('squared');
    await pressOnSlider(app.page, app.page.getByRole('slider', { name: 'Learning rate' }), 'End');
    await expect(
      app.page.getByRole('slider', { name: 'Learning rate' }).getAttribute('aria-valuetext'),
    ).resolves.toBe('10');
    await app.page.getByRole('button', { name: 'Train', exact: true }).click();
    const alert = app.page.getByRole('alert');
    await alert.getByText(/Diverged at epoch \d+/).waitFor();
    const suggestion = /Try a learning rate of ([\d.e-]+) or less/.exec(
      (await alert.textContent()) ?? '',
    )?.[1];
    expect(Number(suggestion)).toBeLessThan(10);
    await expect(app.page.locator('.status').textContent()).resolves.toContain('diverged');
    const text = await app.page.locator('body').innerText();
    expect(text).not.toMatch(/NaN|Infinity/);
    const paths = await app.page
      .locator('path.recharts-line-curve')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('d') ?? ''));
    for (const d of paths) expect(d).not.toMatch(/NaN|Infinity/);
    await saveScreenshot(app.page, 'diverged');
    // The way out works: the suggested rate starts a fresh run that does not diverge.
    await app.page.getByRole('button', { name: `Use lr ${suggestion}` }).click();
    await expect.poll(() => app.page.getByRole('alert').count()).toBe(0);
    expect(app.problems).toEqual([]);
  });

  it('clamps a batch size above the training count with a visible note', async () => {
    await app.page.getByLabel('Batch size value').fill('500');
    await app.page
      .getByText(/Batch size 500 is more than the 140 training points: using 140 \(full batch\)/)
      .waitFor();
    await expect(
      app.page.getByRole('slider', { name: 'Batch size' }).getAttribute('aria-valuetext'),
    ).resolves.toBe('140 (full batch)');
    await app.page.getByRole('button', { name: 'Step batch' }).click();
    await app.page.getByText(/Ringed: batch 1 of 1 of epoch 1 \(140 points\)/).waitFor();
  });

  it('applies a learning-rate change from the next epoch and marks it on the charts', async () => {
    await app.page.getByRole('slider', { name: 'Speed' }).focus();
    await app.page.keyboard.press('Home'); // one batch per second: slow enough to change mid-run
    await app.page.getByRole('button', { name: 'Step epoch' }).click();
    await app.page.getByRole('button', { name: 'Step batch' }).click();
    await pressOnSlider(app.page, app.page.getByRole('slider', { name: 'Learning rate' }), 'Home');
    // Marked at the end of epoch 1 on every chart, with what changed.
    await expect.poll(() => app.page.locator('.recharts-reference-line').count()).toBe(3);
    await app.page
      .getByRole('figure', { name: /Objective per epoch/ })
      .getByText('lr 1e-4')
      .waitFor();
    // Epoch 2 finishes at the old rate; epoch 3 starts at the new one, then annealing carries on from it.
    await expect(app.page.locator('.status').textContent()).resolves.toMatch(/lr 0\.098/);
    await app.page.getByRole('button', { name: 'Step epoch' }).click();
    await expect.poll(() => app.page.locator('.status').textContent()).toMatch(/epoch 2\/100.*lr 1e-4/);
    await app.page.getByRole('button', { name: 'Step epoch' }).click();
    await expect.poll(() => app.page.locator('.status').textContent()).toMatch(/epoch 3\/100.*lr 9\.8e-5/);
  });

  it('keeps requestAnimationFrame firing on the main thread while training at full speed', async () => {
    await app.page.getByRole('slider', { name: 'Speed' }).focus();
    await app.page.keyboard.press('End');
    await pressOnSlider(app.page, app.page.getByRole('slider', { name: 'Epochs' }), 'End');
    await app.page.getByRole('radio', { name: 'Spiral' }).click();
    // The page does not move when training starts (a header that grew would push every view down, and
    // the browser would lay out and paint the whole page again under the running charts).
    await app.page.evaluate(() => {
      const shifts: number[] = [];
      (window as unknown as { shifts: number[] }).shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) shifts.push((entry as unknown as { value: number }).value);
      }).observe({ type: 'layout-shift' });
    });
    await app.page.getByRole('button', { name: 'Train', exact: true }).click();
    // Every chart draws the live run, over axes that stay where they were (the objective's top is the
    // objective before any update, epoch 0), so the charts need not redraw while it trains.
    const segments = async (key: string) => (await vertexCount(app.page, key)) - 1;
    for (const key of ['objective', 'trainAccuracy', 'learningRate']) {
      await expect.poll(() => segments(key)).toBeGreaterThanOrEqual(10);
    }
    const objectiveTicks = () =>
      app.page
        .getByRole('figure', { name: 'Objective per epoch (sum over the training set)' })
        .locator('text.recharts-yAxis.recharts-cartesian-axis-tick-value')
        .allTextContents();
    const ticks = await objectiveTicks();
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(ticks[0]).toBe('0');
    await app.page.waitForTimeout(300);
    await expect(objectiveTicks()).resolves.toEqual(ticks);
    const shifted = await app.page.evaluate(() =>
      (window as unknown as { shifts: number[] }).shifts.reduce((sum, value) => sum + value, 0),
    );
    expect(shifted).toBeLessThan(0.01);
    const frames = await app.page.evaluate(
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
    await expect(app.page.locator('.status').textContent()).resolves.toMatch(/training|finished/);
    const gaps = frames.slice(1).map((time, k) => time - frames[k]!);
    expect(frames.length).toBeGreaterThanOrEqual(30);
    expect(Math.max(...gaps)).toBeLessThan(500);
    expect(app.problems).toEqual([]);
  });
});
