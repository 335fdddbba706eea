/**
 * A run longer than the page keeps every epoch of, in real Chromium: the scrubber, the charts' cursor and
 * the planned learning rate all speak in the run's real epochs, and the per-batch objective stays evenly
 * thinned from the first epoch to the last.
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUi } from './actions.ts';
import { saveScreenshot, useAppPage } from './harness.ts';

const app = useAppPage();
const ui = createUi(app);

/** Where an epoch axis starts and ends on the screen, from the chart's x-axis line. */
async function epochAxis(chart: Locator): Promise<{ left: number; right: number }> {
  const line = chart.locator('.recharts-xAxis .recharts-cartesian-axis-line').first();
  const [x1, x2] = await Promise.all([line.getAttribute('x1'), line.getAttribute('x2')]);
  return { left: Number(x1), right: Number(x2) };
}

/** The screen x of every vertex of a series' line, in order. */
async function vertexXs(chart: Locator, series: string): Promise<number[]> {
  const d =
    (await chart.locator(`.series-${series} path.recharts-line-curve`).first().getAttribute('d')) ?? '';
  return [...d.matchAll(/[ML]\s*(-?[\d.]+)[ ,]/g)].map((match) => Number(match[1]));
}

describe('a 3,000-epoch run', () => {
  it('keeps real epoch numbers on the scrubber, the cursor and the planned schedule', async () => {
    await ui.pickDataset('Separable blobs');
    await ui.setEpochs(3000);
    await ui.trainToEnd();
    await expect.poll(() => ui.sliderValue('Epoch')).toBe('live (epoch 3,000)');
    await ui.text('live · 3,000').waitFor();

    // The grey per-batch objective is as dense at the start as at the end: as many vertices in each tenth
    // of the run (screen pixels are too coarse to compare single gaps).
    const objective = ui.figure('Objective per epoch');
    const batchXs = await vertexXs(objective, 'batchObjective');
    expect(batchXs.length).toBeGreaterThan(300);
    const first = batchXs[0]!;
    const span = batchXs.at(-1)! - first;
    const tenths = Array<number>(10).fill(0);
    for (const x of batchXs.slice(0, -1)) tenths[Math.min(9, Math.floor((10 * (x - first)) / span))]! += 1;
    expect(Math.max(...tenths)).toBeLessThanOrEqual(1.25 * Math.min(...tenths));

    // The middle of the scrubber is the middle of the run, on the slider and on the charts.
    await ui.dragSlider('Epoch', 0.99, 0.5);
    const reading = await ui.text(/^viewing epoch [\d,]+ of 3,000$/).textContent();
    const epoch = Number(/viewing epoch ([\d,]+)/.exec(reading ?? '')?.[1]?.replace(',', ''));
    expect(Math.abs(epoch - 1500)).toBeLessThanOrEqual(100);
    expect(await ui.sliderValue('Epoch')).toBe(`epoch ${epoch.toLocaleString('en')} of 3,000`);
    await ui.text(new RegExp(`^Weights after epoch ${epoch.toLocaleString('en')}:`)).waitFor();
    const cursor = objective.locator('.recharts-reference-line line').first();
    await objective.getByText(`epoch ${epoch}`, { exact: true }).waitFor();
    const axis = await epochAxis(objective);
    const cursorX = Number(await cursor.getAttribute('x1'));
    expect((cursorX - axis.left) / (axis.right - axis.left)).toBeCloseTo(epoch / 3000, 2);
    await saveScreenshot(ui.page, 'long-run-scrubbed');

    // Back to live, then more epochs: the planned rate runs on from epoch 3,000 to 4,000.
    await ui.click('back to live');
    await ui.setEpochs(4000);
    const rates = ui.figure('Learning rate per epoch');
    await expect.poll(async () => (await vertexXs(rates, 'plannedRate')).length).toBeGreaterThan(2);
    const rateAxis = await epochAxis(rates);
    const plannedStart = (await vertexXs(rates, 'plannedRate'))[0]!;
    expect((plannedStart - rateAxis.left) / (rateAxis.right - rateAxis.left)).toBeCloseTo(3000 / 4000, 2);
    expect(app.problems).toEqual([]);
  });
});
