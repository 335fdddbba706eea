/**
 * "Close but not exact" in real Chromium, on the squared objective: the iterate cloud and its predicted
 * ellipse on the loss landscape, the predicted floor band and the averaged weights on the distance chart
 * and the plane, the guided preset and what it opens, the Sampling control beside them, and a twin run.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUi } from './actions.ts';
import { ARTIFACTS, useAppPage } from './harness.ts';

const app = useAppPage({ width: 1280, height: 720 });
const ui = createUi(app);

/** The ellipse's pink (#db2777) and the averaged weights' teal (#0f766e). */
const ELLIPSE = [219, 39, 119] as const;
const AVERAGED = [15, 118, 110] as const;

/** The vertices of a distance-chart series' path; 0 when it has none. */
function vertices(series: string): Promise<number> {
  return ui.page
    .locator(`.distance-panel .series-${series} path.recharts-line-curve`)
    .evaluateAll((paths) => (paths[0]?.getAttribute('d') ?? '').match(/[ML]/g)?.length ?? 0);
}

/** The first number after `label` in a text. */
function numberAfter(text: string, label: string): number {
  const match = new RegExp(`${label.replace(/[()*·½]/g, '\\$&')}\\s*([0-9.,e−-]+)`).exec(text);
  return Number((match?.[1] ?? 'NaN').replace(/,/g, '').replace('−', '-'));
}

describe('the noise-floor views in Chromium', () => {
  it('show the cloud, the ellipse, the floor band and the averaged weights with numbers', async () => {
    await ui.pickObjective('squared');
    await ui.labelled('Iterate cloud').check();
    await ui.labelled('Predicted floor').check();
    await ui.labelled('Averaged weights').check();
    await ui.setEpochs(80);
    await ui.trainToEnd();

    const landscape = ui.page.locator('.landscape-panel');
    const cloudCaption = (await landscape.locator('.noise-floor-caption').textContent()) ?? '';
    expect(cloudCaption).toContain('Dots: the last 1,000 weights, one per update.');
    expect(cloudCaption).toContain('It shrinks as the rate anneals.');
    expect(cloudCaption).toContain('"Reshuffle every epoch": the batches of an epoch are not independent');
    expect(numberAfter(cloudCaption, 'tr Σ =')).toBeGreaterThan(0);
    await landscape.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    expect(await ui.pixelsOf(ui.page.locator('canvas.landscape-canvas'), ELLIPSE, 30)).toBeGreaterThan(50);
    expect(await ui.pixelsOf(ui.page.locator('canvas.landscape-canvas'), AVERAGED, 30)).toBeGreaterThan(20);
    await ui.page.screenshot({ path: join(ARTIFACTS, 'landscape-cloud-1280x720.png') });

    const distance = ui.page.locator('.distance-panel');
    await distance.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await ui.page.screenshot({ path: join(ARTIFACTS, 'noise-floor-distance-1280x720.png') });
    await expect(distance.locator('.floor-band path').count()).resolves.toBe(1);
    expect(await vertices('floor')).toBeGreaterThan(30);
    expect(await vertices('averaged')).toBeGreaterThan(30);
    const floorCaption = (await distance.getByText(/Pink band: where f/).textContent()) ?? '';
    const floor = numberAfter(floorCaption, 'N·½tr(HΣ) =');
    expect(floor).toBeGreaterThan(0);
    expect(floorCaption).toContain('It falls with the annealed rate, epoch by epoch.');
    const averagedCaption =
      (await distance.getByText(/Averaged weights w̄ \(dotted here/).textContent()) ?? '';
    // 80 epochs of 14 updates, all in the tail from epoch 1.
    expect(averagedCaption).toContain('the mean of every iterate from epoch 1 on, 1,120 so far.');
    // w̄'s dotted boundary on the plane.
    expect(await ui.pixelsOf(ui.plane(), AVERAGED, 30)).toBeGreaterThan(20);
    await expect(ui.nonFiniteReadings()).resolves.toEqual([]);
    expect(app.problems).toEqual([]);
  });

  it('the preset opens what it promises, keeps it when Sampling changes, and a twin run pins', async () => {
    await ui.applyPreset('Close but not exact');
    for (const view of ['Iterate cloud', 'Predicted floor', 'Averaged weights']) {
      await expect(ui.labelled(view).isChecked()).resolves.toBe(true);
    }
    await expect(ui.page.locator('.preset-steps li').count()).resolves.toBe(4);
    await ui.setEpochs(60);
    await ui.trainToEnd();
    const distance = ui.page.locator('.distance-panel');
    await expect(distance.locator('.floor-band path').count()).resolves.toBe(1);
    // The reshuffled run's floor is the prediction for this rate and batch: N·½tr(HΣ) ≈ 3.73.
    const floorCaption = (await distance.getByText(/Pink band: where f/).textContent()) ?? '';
    expect(numberAfter(floorCaption, 'N·½tr(HΣ) =')).toBeCloseTo(3.73, 2);
    await ui.page.screenshot({ path: join(ARTIFACTS, 'close-but-not-exact-1280x720.png') });

    await ui.labelled('Sampling').selectOption({ label: 'With replacement' });
    await ui.setEpochs(30);
    await ui.trainToEnd();
    const landscape = ui.page.locator('.landscape-panel');
    await landscape
      .getByText(
        /Batches are drawn with replacement, as the prediction assumes: the cloud fills the ellipse\./,
      )
      .waitFor();
    await expect(distance.locator('.floor-band path').count()).resolves.toBe(1);
    expect(await vertices('averaged')).toBeGreaterThan(10);

    await ui.click('Twin run: 2× lr and 2× B');
    await expect.poll(() => ui.sliderValue('Batch size')).toMatch(/^20\b/);
    await expect.poll(() => ui.page.locator('.distance-panel .pinned-series').count()).toBeGreaterThan(0);
    await expect(ui.nonFiniteReadings()).resolves.toEqual([]);
    expect(app.problems).toEqual([]);
  });
});
