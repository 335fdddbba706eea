/**
 * "Curvature & noise" in real Chromium: on the default data the sharpness chart, the 2/λ mark on the
 * learning-rate slider and the gradient noise panel show finite, formatted numbers that follow the run;
 * the two presets about them open the section.
 */
import { describe, expect, it } from 'vitest';
import { presets } from '../src/state/presets.ts';
import { createUi } from './actions.ts';
import { saveScreenshot, useAppPage } from './harness.ts';

const app = useAppPage({ width: 1280, height: 720 });
const ui = createUi(app);

/** A number as the page formats it: digits, a point, separators, an exponent. */
const NUMBER = String.raw`\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?`;

const section = () => ui.page.getByRole('region', { name: 'Curvature and noise' });

describe('Curvature & noise', () => {
  it('on the default data shows λ_max against 2/lr, the 2/λ mark and the gradient noise with numbers', async () => {
    // The mark is there before the section opens: measured at w = 0 when the run starts.
    const rateMark = ui.page.getByRole('note', { name: /^2\/λ / });
    await expect
      .poll(() => rateMark.getAttribute('aria-label'))
      .toMatch(new RegExp(`^2/λ ${NUMBER}: above it, full-batch gradient descent on this data diverges`));
    await expect(section().count()).resolves.toBe(0);
    await ui.click('Why this rate?');
    await section().waitFor();
    await ui.stepEpochs(3);
    const sharpness = ui.figure('Sharpness');
    await expect
      .poll(() => sharpness.textContent())
      .toMatch(new RegExp(`Now λ_max = ${NUMBER}, so 2/λ_max = ${NUMBER} against lr ${NUMBER}\\.`));
    // λ_max's line has a point per measurement: the start, the opening and the three epochs.
    const table = await ui.chartTable('Sharpness');
    expect(table.length).toBeGreaterThanOrEqual(4);
    for (const row of table) for (const cell of row) expect(cell).toMatch(new RegExp(`^${NUMBER}$`));
    await ui.click('Sharpness as table');
    const noise = ui.figure('Gradient noise');
    await expect
      .poll(() => noise.getByTestId('noise-scale').textContent())
      .toMatch(new RegExp(`^Noise scale B_simple = tr S / ‖G‖² = ${NUMBER} examples`));
    await expect(noise.locator('circle.noise-sample').count()).resolves.toBe(4);
    await expect(noise.getByText(/^B_simple ≈ /).count()).resolves.toBe(1);
    await expect(ui.page.getByRole('note', { name: /^B_simple / }).count()).resolves.toBe(1);
    expect(await ui.nonFiniteReadings()).toEqual([]);
    await section().scrollIntoViewIfNeeded();
    await saveScreenshot(ui.page, 'insights-1280x720');
    expect(app.problems).toEqual([]);
  });

  it.each(['edgeOfStability', 'howLargeABatch'] as const)('the %s preset opens the section', async (id) => {
    await ui.applyPreset(presets[id].title);
    await section().waitFor();
    // The section's content loads when it first opens: its charts follow its frame.
    await ui.figure('Noise scale per epoch').waitFor();
    await expect(ui.figure('Noise scale per epoch').isVisible()).resolves.toBe(true);
    expect(app.problems).toEqual([]);
  });
});
