/**
 * The learning-rate finder in real Chromium: it runs in its own worker on the default data, shows its
 * curve and its suggestion, and "Use this rate" sets the learning rate without touching the current run.
 */
import { describe, expect, it } from 'vitest';
import { createUi } from './actions.ts';
import { ARTIFACTS, saveScreenshot, useAppPage } from './harness.ts';
import { join } from 'node:path';

const app = useAppPage();
const ui = createUi(app);

describe('the learning-rate finder in Chromium', () => {
  it('finds a rate on the default data and sets the slider to it, leaving the run as it was', async () => {
    await app.reopen({ viewport: { width: 1280, height: 720 } });
    await ui.stepEpochs(2);
    // The status line follows the page clock: wait for the second epoch's end to reach it.
    await expect.poll(() => ui.status()).toMatch(/epoch 2 of 100\s*batch 14 of 14/);
    const statusBefore = await ui.status();
    await expect(ui.sliderValue('Learning rate')).resolves.toBe('0.1');

    await ui.click('Find learning rate');
    const suggestion = ui.page.getByLabel('Suggested learning rate', { exact: true });
    await expect
      .poll(() => suggestion.textContent(), { timeout: 30_000 })
      .toMatch(/^Suggested learning rate /);
    const text = (await suggestion.textContent()) ?? '';
    const rate = /^Suggested learning rate ([\d.e-]+): the learning rate at the lowest point/.exec(text)?.[1];
    expect(rate).toBeDefined();
    expect(Number(rate)).toBeGreaterThan(1e-4);
    expect(Number(rate)).toBeLessThan(10);
    const chart = ui.figure(/objective against learning rate/);
    await expect.poll(() => chart.locator('.finder-smoothed path').count()).toBeGreaterThan(0);
    await chart.getByText(`suggested ${rate}`).waitFor();
    await ui.text(/the ramp stopped|without the objective blowing up/).waitFor();

    await chart.scrollIntoViewIfNeeded();
    await saveScreenshot(ui.page, 'finder');
    await ui.page.screenshot({ path: join(ARTIFACTS, 'finder-viewport.png') });
    await ui.page
      .getByRole('region', { name: 'Learning-rate finder' })
      .screenshot({ path: join(ARTIFACTS, 'finder-panel.png') });

    // The finder ran in its own worker: the current run is where it was, at the same epoch and update.
    expect(await ui.status()).toBe(statusBefore);
    await ui.click('Use this rate');
    await expect.poll(() => ui.sliderValue('Learning rate')).toBe(rate);
    // The new rate applies from the next epoch; nothing else about the run changed.
    const withoutRate = (status: string) => status.replace(/lr\s*[\d.e-]+/, 'lr');
    await expect.poll(async () => withoutRate(await ui.status())).toBe(withoutRate(statusBefore));
    expect(app.problems).toEqual([]);
  });
});
