/**
 * The sweep's "Steps vs examples" view and the heatmap's overlays in real Chromium: after a small sweep on
 * the default data, the view shows each batch size's fastest cell, S made exact to one update by a replay,
 * the fit's B_crit and B_simple measured at a cell, and the heatmap draws the lines of constant lr / B and
 * the 2 / λ_max limit when asked, their labels outside the grid and clear of each other.
 */
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
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
    // 2 / λ_max = 2.09 lies past the largest swept rate, 1: an arrow under the grid, no line in a column.
    await expect(panel.locator('.stability-limit-label').textContent()).resolves.toBe(
      '2/λ_max = 2.09 → beyond the swept rates',
    );
    expect(await panel.locator('line.stability-limit').count()).toBe(0);
    await expectLabelsClear(panel);
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
    // The traced points show at once; the replay then makes S exact to one update.
    await expect
      .poll(() => ui.page.getByTestId('steps-precision').textContent(), { timeout: 30_000 })
      .toBe('S exact to one update.');
    await expect(panel.locator('.steps-view').textContent()).resolves.toContain(
      'S exact to one update: each cell that could be its batch size’s fastest is replayed',
    );
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
    // No point label lies on S_min's or E_min's dashed line.
    const crossings = await panel.locator('.steps-view svg.recharts-surface').evaluate((svg) => {
      const lines = [...svg.querySelectorAll('.recharts-reference-line line')].map((line) =>
        line.getBoundingClientRect(),
      );
      return [...svg.querySelectorAll('.point-labels text')].flatMap((text) => {
        const box = text.getBoundingClientRect();
        return lines
          .filter(
            (line) =>
              line.left < box.right &&
              box.left < line.right &&
              line.top < box.bottom &&
              box.top < line.bottom,
          )
          .map(() => text.textContent);
      });
    });
    expect(crossings).toEqual([]);

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

  it('keeps the overlays readable on an 8 × 5 grid', async () => {
    await app.reopen({ viewport: { width: 1280, height: 720 } });
    await ui.setEpochs(10);
    await ui.runSweep(8, 5);
    await expect.poll(() => ui.sweepDone(), { timeout: 90_000 }).toBe('40');
    const panel = ui.page.locator('.sweep-panel');
    await ui.page.getByLabel('lines of constant lr / B').check();
    await ui.page.getByLabel('2 / λ_max limit').check();
    await expect.poll(() => panel.locator('text.temperature-label').count()).toBeGreaterThan(3);
    await panel
      .locator('.sweep-grid-wrap')
      .evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await ui.page.screenshot({ path: join(ARTIFACTS, 'sweep-overlays-8x5.png') });
    await expectLabelsClear(panel);
    expect(app.problems).toEqual([]);
  });
});

/** The overlay's labels lie outside the grid's cells and clear of each other, and inside the panel. */
async function expectLabelsClear(panel: Locator): Promise<void> {
  const report = await panel
    .locator('.sweep-grid-wrap')
    .first()
    .evaluate((wrap) => {
      const overlaps = (a: DOMRect, b: DOMRect) =>
        a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
      const labels = [...wrap.querySelectorAll('svg.sweep-overlay text')].map((text) => ({
        text: text.textContent,
        box: text.getBoundingClientRect(),
      }));
      const cells = [...wrap.querySelectorAll('table.sweep-grid td')].map((cell) =>
        cell.getBoundingClientRect(),
      );
      const panelBox = (wrap.closest('.sweep-panel') as Element).getBoundingClientRect();
      const problems: string[] = [];
      labels.forEach((label, k) => {
        if (cells.some((cell) => overlaps(cell, label.box))) problems.push(`${label.text} on a cell`);
        if (label.box.right > panelBox.right || label.box.left < panelBox.left)
          problems.push(`${label.text} outside the panel`);
        for (const other of labels.slice(k + 1)) {
          if (overlaps(label.box, other.box)) problems.push(`${label.text} on ${other.text}`);
        }
      });
      return { count: labels.length, problems };
    });
  expect(report.count).toBeGreaterThan(0);
  expect(report.problems).toEqual([]);
}
