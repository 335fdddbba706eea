/**
 * The sweep's "Steps vs examples" view and the heatmap's overlays in real Chromium: after a small sweep on
 * the default data, the view shows each batch size's fastest cell, the fit's B_crit and B_simple measured at
 * a cell, and the heatmap draws the lines of constant lr / B and the 2 / λ_max limit when asked.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUi } from './actions.ts';
import { ARTIFACTS, useAppPage } from './harness.ts';

const app = useAppPage();
const ui = createUi(app);

describe('the critical batch size in Chromium', () => {
  it('shows steps against examples after a sweep, with B_crit, B_simple and the heatmap overlays', async () => {
    await app.reopen({ viewport: { width: 1280, height: 720 } });
    await ui.setEpochs(30);
    await ui.runSweep(3, 3);
    await expect.poll(() => ui.sweepDone(), { timeout: 60_000 }).toBe('9');
    const panel = ui.page.locator('.sweep-panel');

    // The overlays: dotted lines of constant lr / B, and the 2 / λ_max line, each with its caption.
    await ui.page.getByLabel('lines of constant lr / B').check();
    await ui.page.getByLabel('2 / λ_max limit').check();
    await expect.poll(() => panel.locator('polyline.temperature-line').count()).toBeGreaterThan(0);
    await expect.poll(() => panel.locator('line.stability-limit').count()).toBe(1);
    await expect(ui.page.getByTestId('temperature-caption').textContent()).resolves.toMatch(
      /equal lr \/ B, the “temperature” of SGD’s noise/,
    );
    await expect(ui.page.getByTestId('limit-caption').textContent()).resolves.toMatch(
      /lr = 2 \/ λ_max = [\d.]+.*full-batch gradient descent diverges/,
    );
    await panel.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await ui.page.screenshot({ path: join(ARTIFACTS, 'sweep-overlays-1280x720.png') });
    await ui.page.getByLabel('lines of constant lr / B').uncheck();
    await expect.poll(() => panel.locator('.temperature-line').count()).toBe(0);

    await ui.click('Steps vs examples');
    const criticalBatch = ui.page.getByTestId('critical-batch');
    await expect(criticalBatch.textContent()).resolves.toMatch(/^B_crit = E_min \/ S_min = [\d.]+ examples/);
    const noiseScale = ui.page.getByTestId('sweep-noise-scale');
    await expect
      .poll(() => noiseScale.textContent(), { timeout: 30_000 })
      .toMatch(
        /^B_simple = tr S \/ ‖G‖² = [\d.]+ examples at the cell B 1, lr [\d.e-]+ after [\d.]+ updates/,
      );
    await panel.locator('.view-switch').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await ui.page.screenshot({ path: join(ARTIFACTS, 'steps-vs-examples-1280x720.png') });

    // One point per batch size, each labelled with its batch size and learning rate.
    await expect.poll(() => panel.locator('.series-steps .recharts-scatter-symbol').count()).toBe(3);
    const chartText = (await panel.locator('.steps-view svg.recharts-surface').textContent()) ?? '';
    for (const batchSize of [1, 4, 140])
      expect(chartText).toMatch(new RegExp(`B ${batchSize}, lr [\\d.e-]+`));
    expect(chartText).toMatch(/S_min [\d.]+/);
    expect(chartText).toMatch(/E_min [\d.]+/);
    // A tighter target moves the points; the table lists the same numbers.
    await ui.page.getByLabel('Target kind').selectOption({ label: 'training accuracy (%) ≥' });
    await expect(ui.page.getByLabel('Target value').inputValue()).resolves.toMatch(/^\d+(\.\d+)?$/);
    await ui.showTable('Steps vs examples');
    const rows = panel.locator('.chart-table tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    for (const text of await rows.allTextContents()) expect(text).not.toMatch(/NaN|Infinity/);
    expect(app.problems).toEqual([]);
  });
});
