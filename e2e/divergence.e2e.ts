/**
 * The divergence lesson in real Chromium, as its preset's text tells it: the objective climbs for several
 * epochs before the slow blow-up rule stops the run and the alert states the rule; the suggested rate then
 * converges; the views refit after a rewind; the distance panel's words follow its numbers. And a run a
 * little above the stable learning rate, which nothing overflows in, is stopped by the rule.
 */
import { describe, expect, it } from 'vitest';
import { presets } from '../src/state/presets.ts';
import { createUi } from './actions.ts';
import { saveScreenshot, useAppPage } from './harness.ts';

const app = useAppPage();
const ui = createUi(app);

const OBJECTIVE_CHART = 'Objective per epoch';
const RULE =
  'A run stops as diverged when a weight passes 1e8, a value overflows, or the training objective at the end of an epoch is above 100 × the lowest it has been (counting the start) and above its value at the start.';

/** The screen heights of the train objective's points, left to right (smaller is higher on the screen). */
async function objectivePointHeights(): Promise<number[]> {
  const path = ui.figure(OBJECTIVE_CHART).locator('.series-objective path.recharts-line-curve');
  if ((await path.count()) === 0) return [];
  const d = (await path.first().getAttribute('d')) ?? '';
  return [...d.matchAll(/[ML]\s*[-\d.e]+[ ,]\s*([-\d.e]+)/g)].map((match) => Number(match[1]));
}

/** How many of the last points each rose above the one before. */
async function risingAtTheEnd(): Promise<number> {
  const heights = await objectivePointHeights();
  let rising = 0;
  for (let k = heights.length - 1; k > 0 && heights[k]! < heights[k - 1]!; k--) rising++;
  return rising;
}

/** The highest tick of the objective chart's y-axis. */
async function objectiveAxisTop(): Promise<number> {
  const ticks = await ui
    .figure(OBJECTIVE_CHART)
    .locator('text.recharts-yAxis.recharts-cartesian-axis-tick-value')
    .allTextContents();
  return Math.max(...ticks.map(Number));
}

/** The largest objective, train or test, of the epochs the objective chart's table lists. */
async function keptObjectiveMaximum(): Promise<number> {
  await ui.showTable('Objective per epoch');
  const cells = await ui
    .figure(OBJECTIVE_CHART)
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.flatMap((row) => [...row.querySelectorAll('td')].slice(1).map((cell) => cell.textContent ?? '')),
    );
  await ui.showTable('Objective per epoch');
  return Math.max(...cells.map(Number).filter(Number.isFinite));
}

/** The distance panel's words. */
const distanceWords = async () =>
  (await ui.figure('Distance to optimum').locator('.chart-note').textContent()) ?? '';

describe('the divergence lesson in Chromium', () => {
  it('climbs for epochs, stops by the stated rule, rewinds to a fitted axis, and the suggestion converges', async () => {
    await ui.applyPreset(presets.diverge.title);
    await expect(ui.sliderValue('Speed')).resolves.toBe('10 batches/s');
    const started = Date.now();
    await ui.train();
    // Several epoch points rise on the chart while the run still trains.
    await expect.poll(risingAtTheEnd, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    expect(await ui.alert().count()).toBe(0);
    const alert = ui.alert();
    await alert.getByText(/Diverged at epoch 10, at its end:/).waitFor({ timeout: 20_000 });
    const climbing = Date.now() - started;
    const text = (await alert.textContent()) ?? '';
    expect(text).toMatch(
      /the training objective rose to \d+, above the limit of 14000 \(100 × its lowest so far, 140 at the start\), with learning rate 0\.102\./,
    );
    expect(text).toContain(RULE);
    expect(await ui.status()).toMatch(/epoch 10 of 30.*batch 4 of 4.*diverged/);
    // Every kept epoch rose: epoch 0 (140) to epoch 9.
    expect(await risingAtTheEnd()).toBe(9);
    expect(climbing).toBeGreaterThan(2500);
    expect(await distanceWords()).toMatch(/farther from w\* than at the start/);
    expect(await ui.nonFiniteReadings()).toEqual([]);
    await saveScreenshot(ui.page, 'divergence-rule');

    // Rewind with the suggested rate and train at once: the axis fits what is kept.
    const suggestion = /Try a learning rate of ([\d.e-]+) or less/.exec(text)?.[1] ?? '';
    expect(suggestion).toBe('0.02');
    await ui.click('Rewind to the last good epoch');
    await ui.train();
    await ui.pause();
    await expect.poll(() => ui.status()).toContain('paused');
    const top = await objectiveAxisTop();
    const kept = await keptObjectiveMaximum();
    expect(top).toBeGreaterThanOrEqual(kept);
    expect(top).toBeLessThan(10 * kept);

    // From the last good epoch the suggested rate converges by the preset's last epoch.
    await ui.pressOnSlider('Speed', 'End');
    await ui.train();
    await expect.poll(() => ui.status(), { timeout: 30_000 }).toMatch(/epoch 30 of 30.*finished/);
    expect(await ui.alert().count()).toBe(0);
    expect(await ui.testAccuracy()).toBeGreaterThanOrEqual(90);
    expect(await distanceWords()).toMatch(/close, but not exact/);
    await saveScreenshot(ui.page, 'divergence-rewound');
    expect(app.problems).toEqual([]);
  });

  it('"Use lr" with the suggested rate starts over and the same data converge', async () => {
    await ui.applyPreset(presets.diverge.title);
    await ui.pressOnSlider('Speed', 'End');
    await ui.train();
    await ui
      .alert()
      .getByText(/Diverged at epoch 10, at its end:/)
      .waitFor({ timeout: 20_000 });
    await ui.click('Use lr 0.02');
    await expect.poll(() => ui.alert().count()).toBe(0);
    await ui.train();
    await expect.poll(() => ui.status(), { timeout: 30_000 }).toMatch(/epoch 30 of 30.*finished/);
    expect(await ui.alert().count()).toBe(0);
    expect(await ui.testAccuracy()).toBeGreaterThanOrEqual(90);
    expect(await distanceWords()).toMatch(/close, but not exact/);
    expect(app.problems).toEqual([]);
  });

  it('stops a slow blow-up a little above the stable rate, where nothing overflows', async () => {
    await ui.applyPreset(presets.diverge.title);
    await ui.pressOnSlider('Speed', 'End');
    // 2/λ_max ≈ 0.098 on this data: lr 0.1 at batch 10 swings for epochs before the objective runs away.
    await ui.labelled('Learning rate value').fill('0.1');
    await ui.typeBatchSize(10);
    await expect(ui.sliderValue('Batch size')).resolves.toMatch(/^10\b/);
    await ui.train();
    await ui
      .alert()
      .getByText(/Diverged at epoch 8, at its end:/)
      .waitFor({ timeout: 20_000 });
    expect(await ui.alert().textContent()).toMatch(
      /the training objective rose to 1010, above the limit of 987 \(100 × its lowest so far, 9\.87\)/,
    );
    await expect(ui.status()).resolves.toMatch(/epoch 8 of 30.*batch 14 of 14.*diverged/);
    expect(app.problems).toEqual([]);
  });
});
