/**
 * The main loop in real Chromium, as a student would use it: pick data, train, step, reset, break it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, saveScreenshot, startPreview, watchPage } from './harness.ts';

let server: Awaited<ReturnType<typeof startPreview>>;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let context: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  server = await startPreview();
  ({ browser, close: closeBrowser } = await launchBrowser());
});

afterAll(async () => {
  await closeBrowser();
  server.stop();
});

beforeEach(async () => {
  await context?.close();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  problems = watchPage(page, server.url);
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Train' }).waitFor();
});

/** The percentage shown under a label such as "Test accuracy", or NaN while it shows a dash. */
async function readPercent(label: string): Promise<number> {
  const text = await page.getByLabel(label, { exact: true }).textContent();
  return Number.parseFloat(text ?? '');
}

/** How many vertices the line of a chart series has (Recharts draws one path per series). */
async function vertexCount(series: string): Promise<number> {
  const path = page.locator(`.series-${series} path.recharts-line-curve`);
  if ((await path.count()) === 0) return 0;
  const d = (await path.first().getAttribute('d')) ?? '';
  return (d.match(/[ML]/g) ?? []).length;
}

async function canvasSnapshot(): Promise<string> {
  return page
    .locator('canvas.boundary-canvas')
    .evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL());
}

async function setSlider(slider: Locator, key: 'Home' | 'End'): Promise<void> {
  await slider.focus();
  await page.keyboard.press(key);
}

describe('main loop in Chromium', () => {
  it('loads with every control named, offline-clean, with the training in a worker', async () => {
    await expect(page.title()).resolves.toContain('SGD Lab');
    for (const name of ['Train', 'Step batch', 'Step epoch', 'Reset']) {
      await expect(page.getByRole('button', { name, exact: true }).isVisible()).resolves.toBe(true);
    }
    for (const name of ['Learning rate', 'Annealing rate', 'Batch size', 'Epochs']) {
      await expect(page.getByRole('slider', { name, exact: true }).isVisible()).resolves.toBe(true);
    }
    await expect(page.getByText('Train accuracy', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('Test accuracy', { exact: true }).isVisible()).resolves.toBe(true);
    await page.waitForFunction(() => document.querySelector('.status')?.textContent?.includes('ready'));
    expect(page.workers().length).toBeGreaterThanOrEqual(1);
    await saveScreenshot(page, 'loaded');
    expect(problems).toEqual([]);
  });

  it('trains separable blobs to at least 95 % test accuracy, drawing charts and the canvas', async () => {
    await page.getByRole('radio', { name: 'Separable blobs' }).click();
    const before = await canvasSnapshot();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForFunction(
      () => {
        const text = document.querySelector('[aria-labelledby="test-accuracy-label"]')?.textContent ?? '';
        return Number.parseFloat(text) >= 95;
      },
      undefined,
      { timeout: 30_000 },
    );
    await expect.poll(() => vertexCount('objective'), { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
    expect(await readPercent('Test accuracy')).toBeGreaterThanOrEqual(95);
    expect(await vertexCount('testAccuracy')).toBeGreaterThanOrEqual(10);
    expect(await canvasSnapshot()).not.toBe(before);
    await saveScreenshot(page, 'training');
    expect(problems).toEqual([]);
  });

  it('Step batch rings one batch and shows its update; Step epoch completes an epoch', async () => {
    await page.getByRole('button', { name: 'Step batch' }).click();
    await page.getByText(/Ringed: batch 1 of \d+ of epoch 1 \(10 points\)/).waitFor();
    await page.getByText(/W\* = W − lr · \(Σ∇f\)\/\|batch\| = \(0, 0, 0\)/).waitFor();
    await expect(page.locator('.status').textContent()).resolves.toMatch(/update 1(?!\d)/);
    await saveScreenshot(page, 'step-batch');
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await expect.poll(() => page.locator('.status').textContent()).toMatch(/epoch 1\/100/);
    expect(await readPercent('Train accuracy')).toBeGreaterThan(0);
  });

  it('Reset clears the charts and the counters', async () => {
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await expect.poll(() => vertexCount('objective')).toBeGreaterThanOrEqual(2);
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => vertexCount('objective')).toBe(0);
    await expect(page.locator('.status').textContent()).resolves.toMatch(/epoch 0\/100/);
    await expect(page.getByLabel('Test accuracy', { exact: true }).textContent()).resolves.toBe('—');
  });

  it('says where a learning rate of 10 with the squared objective diverged, and draws no NaN', async () => {
    await page.getByLabel('Objective', { exact: true }).selectOption('squared');
    await setSlider(page.getByRole('slider', { name: 'Learning rate' }), 'End');
    await expect(
      page.getByRole('slider', { name: 'Learning rate' }).getAttribute('aria-valuetext'),
    ).resolves.toBe('10');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/Diverged at epoch \d+/).waitFor();
    await expect(alert.textContent()).resolves.toMatch(/Try a learning rate of 1 or less/);
    await expect(page.locator('.status').textContent()).resolves.toContain('diverged');
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(/NaN|Infinity/);
    const paths = await page
      .locator('path.recharts-line-curve')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('d') ?? ''));
    for (const d of paths) expect(d).not.toMatch(/NaN|Infinity/);
    await saveScreenshot(page, 'diverged');
    // The way out works: the suggested rate starts a fresh run that does not diverge.
    await page.getByRole('button', { name: 'Use lr 1' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('clamps a batch size above the training count with a visible note', async () => {
    await page.getByLabel('Batch size value').fill('500');
    await page
      .getByText(/Batch size 500 is more than the 140 training points: using 140 \(full batch\)/)
      .waitFor();
    await expect(
      page.getByRole('slider', { name: 'Batch size' }).getAttribute('aria-valuetext'),
    ).resolves.toBe('140 (full batch)');
    await page.getByRole('button', { name: 'Step batch' }).click();
    await page.getByText(/Ringed: batch 1 of 1 of epoch 1 \(140 points\)/).waitFor();
  });

  it('applies a learning-rate change from the next epoch and marks it on the charts', async () => {
    await page.getByRole('slider', { name: 'Speed' }).focus();
    await page.keyboard.press('Home'); // one batch per second: slow enough to change mid-run
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await page.getByRole('button', { name: 'Step batch' }).click();
    await setSlider(page.getByRole('slider', { name: 'Learning rate' }), 'Home');
    // Marked at the end of epoch 1 on every chart, with what changed.
    await expect.poll(() => page.locator('.recharts-reference-line').count()).toBe(3);
    await page
      .getByRole('figure', { name: /Objective per epoch/ })
      .getByText('lr 1e-4')
      .waitFor();
    // Epoch 2 finishes at the old rate; epoch 3 starts at the new one, then annealing carries on from it.
    await expect(page.locator('.status').textContent()).resolves.toMatch(/lr 0\.098/);
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await expect.poll(() => page.locator('.status').textContent()).toMatch(/epoch 2\/100.*lr 1e-4/);
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await expect.poll(() => page.locator('.status').textContent()).toMatch(/epoch 3\/100.*lr 9\.8e-5/);
  });

  it('keeps requestAnimationFrame firing on the main thread while training at full speed', async () => {
    await page.getByRole('slider', { name: 'Speed' }).focus();
    await page.keyboard.press('End');
    await setSlider(page.getByRole('slider', { name: 'Epochs' }), 'End');
    await page.getByRole('radio', { name: 'Spiral' }).click();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const frames = await page.evaluate(
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
    await expect(page.locator('.status').textContent()).resolves.toMatch(/training|finished/);
    const gaps = frames.slice(1).map((time, k) => time - frames[k]!);
    expect(frames.length).toBeGreaterThanOrEqual(30);
    expect(Math.max(...gaps)).toBeLessThan(500);
    expect(problems).toEqual([]);
  });
});
