/**
 * The Sampling control in real Chromium: "With replacement" trains in the worker, the epoch order strip
 * marks its repeats and its caption counts them, the link and the exported run carry the scheme, and the
 * link reopens it; "Fixed order" draws the same strip every epoch.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUi } from './actions.ts';
import { ARTIFACTS, useAppPage } from './harness.ts';

const app = useAppPage({ width: 1280, height: 720 });
const ui = createUi(app);

/** The dark tick the strip draws over a repeated draw (#0f172a), not the batch outline (#111111). */
const REPEAT_TICK = [15, 23, 42] as const;

describe('sampling in Chromium', () => {
  it('trains with replacement, shows the repeats, and carries the scheme in the link and the export', async () => {
    const sampling = ui.labelled('Sampling');
    await expect(sampling.inputValue()).resolves.toBe('reshuffle');
    await sampling.selectOption({ label: 'With replacement' });
    await expect
      .poll(() => ui.page.getByRole('combobox', { name: 'Sampling' }).getAttribute('aria-describedby'))
      .toBe('sampling-caption');
    await ui
      .text('Each example of a batch drawn at random: some repeat in an epoch, others are missed.')
      .waitFor();
    const strip = ui.figure("This epoch's order");
    await expect(strip.textContent()).resolves.toMatch(
      /draws as many points as there are, at random with repeats/,
    );

    await ui.setEpochs(5);
    await ui.trainToEnd();
    await expect
      .poll(() => strip.textContent())
      .toMatch(
        /^Epoch 5's draws: 140 in 14 batches, batch 14 outlined; (\d+) repeats ticked, \1 points missed\.$/,
      );
    const repeats = Number(/; (\d+) repeats/.exec((await strip.textContent()) ?? '')?.[1]);
    // 140 draws from 140 points repeat about 140·(1 − 1/140)^140 ≈ 51 of them; none would be a permutation.
    expect(repeats).toBeGreaterThan(20);
    expect(repeats).toBeLessThan(90);
    const orderCanvas = ui.page.locator('canvas.order-canvas');
    await expect(orderCanvas.getAttribute('aria-label')).resolves.toBe(
      "This epoch's random draws, batch by batch, repeats marked",
    );
    expect(await ui.pixelsOf(orderCanvas, REPEAT_TICK, 10)).toBeGreaterThan(0);
    await ui.page.screenshot({ path: join(ARTIFACTS, 'sampling-1280x720.png') });

    const run = JSON.parse((await ui.exportFile('Run (JSON)')).toString('utf8')) as {
      configuration: { sampling: string };
      epochs: unknown[];
    };
    expect(run.configuration.sampling).toBe('withReplacement');
    expect(run.epochs).toHaveLength(5);

    await ui.click('Copy link');
    await expect.poll(() => ui.page.url()).toContain('sampling=withReplacement');
    const other = createUi({ page: await ui.page.context().newPage() });
    await other.page.goto(ui.page.url());
    await other.button('Train').waitFor();
    await expect(other.selected('Sampling')).resolves.toBe('withReplacement');
    await other.text(/^Each example of a batch drawn at random/).waitFor();
    await other.page.close();
    expect(app.problems).toEqual([]);
  });

  it('chosen by keyboard, a fixed order draws the same strip every epoch, with no repeat marked', async () => {
    // By keyboard: Tab from the exact batch size reaches the select, and the arrows choose a scheme.
    await ui.labelled('Batch size value').focus();
    await ui.press('Tab');
    await expect(ui.page.evaluate(() => document.activeElement?.id)).resolves.toBe('sampling');
    await ui.press('ArrowDown');
    await ui.press('ArrowDown');
    await expect.poll(() => ui.selected('Sampling')).toBe('fixedOrder');
    await ui.text('The stored order of the examples, the same every epoch.').waitFor();
    const strip = ui.figure("This epoch's order");
    await ui.stepEpochs(1);
    await expect.poll(() => strip.textContent()).toMatch(/^Epoch 1's order: 140 points in 14 batches/);
    const first = await ui.snapshot('order');
    await ui.stepEpochs(1);
    await expect
      .poll(() => strip.textContent())
      .toBe(
        "Epoch 2's order: 140 points in 14 batches, batch 14 outlined. Fixed: the stored order every epoch.",
      );
    expect(await ui.snapshot('order')).toBe(first);
    const orderCanvas = ui.page.locator('canvas.order-canvas');
    expect(await ui.pixelsOf(orderCanvas, REPEAT_TICK, 10)).toBe(0);
    expect(app.problems).toEqual([]);
  });
});
