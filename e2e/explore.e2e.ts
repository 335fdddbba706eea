/**
 * Hyperparameter exploration and sharing in real Chromium: compare runs, scrub through epochs, links,
 * export, presentation mode, the sweep and the race.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canvasSnapshot, pressOnSlider, statusText, vertexCount } from './actions.ts';
import { saveScreenshot, useAppPage } from './harness.ts';

const app = useAppPage();

async function trainToEnd(): Promise<void> {
  await pressOnSlider(app.page, app.page.getByRole('slider', { name: 'Speed' }), 'End');
  await app.page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect.poll(() => statusText(app.page), { timeout: 30_000 }).toContain('finished');
}

describe('exploration and sharing in Chromium', () => {
  it('pins runs, overlays them on every chart, and twins a run with one change', async () => {
    const page = app.page;
    await trainToEnd();
    await page.getByRole('button', { name: 'Pin run' }).click();
    await page.getByLabel('Twin parameter').selectOption({ label: 'Batch size' });
    await page.getByLabel('Twin value').fill('1');
    await page.getByRole('button', { name: 'Twin run' }).click();
    await expect.poll(() => statusText(page), { timeout: 30_000 }).toContain('finished');
    const legend = page.getByRole('list', { name: 'Runs on the charts' });
    // Only what differs is named: the batch size.
    await expect(legend.textContent()).resolves.toMatch(/live: batch 1.*batch 10/);
    await expect(legend.textContent()).resolves.toMatch(
      /‖w − w_live‖ = [\d.e-]+; boundaries disagree on \d+\.\d % of the plane/,
    );
    // Two pinned runs (the first and the twin's original) on each of the three charts, train and test.
    await expect.poll(() => page.locator('.pinned-series').count()).toBeGreaterThanOrEqual(2 * 2 + 2 + 2);
    await saveScreenshot(page, 'compare');
    await page
      .getByRole('button', { name: /^Unpin/ })
      .first()
      .click();
    await expect.poll(() => page.getByRole('button', { name: /^Unpin/ }).count()).toBe(1);
    expect(app.problems).toEqual([]);
  });

  it('scrubs back through the epochs and resumes training from the end', async () => {
    const page = app.page;
    await page.getByRole('slider', { name: 'Epochs' }).fill('40');
    await trainToEnd();
    const live = await canvasSnapshot(page, 'canvas.boundary-canvas');
    const scrubber = page.getByRole('slider', { name: 'Epoch', exact: true });
    await scrubber.fill('1');
    await expect(scrubber.getAttribute('aria-valuetext')).resolves.toBe('epoch 1 of 40');
    await expect.poll(() => canvasSnapshot(page, 'canvas.boundary-canvas')).not.toBe(live);
    await page.getByText(/Weights after epoch 1: w₁ = -?[\d.]+, w₂ = -?[\d.]+, b = -?[\d.e-]+/).waitFor();
    await page.getByText('epoch 1', { exact: true }).first().waitFor({ state: 'attached' });
    await page.getByRole('slider', { name: 'Epochs' }).fill('60');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => statusText(page), { timeout: 30_000 }).toMatch(/epoch 60\/60/);
    await expect(scrubber.getAttribute('aria-valuetext')).resolves.toBe('live (epoch 60)');
  });

  it('puts the whole configuration in a link that reopens it, and names what is wrong in a bad link', async () => {
    const page = app.page;
    await page.getByRole('radio', { name: 'Two moons' }).click();
    await page.getByLabel('Objective', { exact: true }).selectOption({ label: 'Hinge' });
    await page.getByLabel('Batch size value').fill('7');
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => page.url()).toContain('data=moons');
    const link = page.url();
    const other = await page.context().newPage();
    await other.goto(link);
    await other.getByRole('radio', { name: 'Two moons', checked: true }).waitFor();
    await expect(other.getByLabel('Objective', { exact: true }).inputValue()).resolves.toBe('hinge');
    await expect(
      other.getByRole('slider', { name: 'Batch size' }).getAttribute('aria-valuetext'),
    ).resolves.toBe('7');
    await other.goto(`${app.url}?data=moons&lr=abc&bogus=1&batch=7`);
    const notices = other.getByRole('status', { name: 'Link notices' });
    await expect(notices.textContent()).resolves.toMatch(/lr=abc/);
    await expect(notices.textContent()).resolves.toMatch(/unknown parameter "bogus"/);
    await expect(
      other.getByRole('slider', { name: 'Learning rate' }).getAttribute('aria-valuetext'),
    ).resolves.toBe('0.1');
    await other.close();
    // The last configuration comes back on a plain visit.
    await page.goto(app.url);
    await page.getByRole('radio', { name: 'Two moons', checked: true }).waitFor();
    expect(app.problems).toEqual([]);
  });

  it('exports the curves as CSV, the run as JSON, and the canvas and a chart as PNG', async () => {
    const page = app.page;
    await page.getByRole('slider', { name: 'Epochs' }).fill('12');
    await trainToEnd();
    const exportItem = async (label: string) => {
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      const download = page.waitForEvent('download');
      await page.getByRole('menuitem', { name: label }).click();
      return readFileSync(await (await download).path());
    };
    const csv = (await exportItem('Curves (CSV)')).toString('utf8').trim().split('\n');
    expect(csv).toHaveLength(13);
    expect(csv[0]).toMatch(/^epoch,objective,test_objective,train_accuracy/);
    const run = JSON.parse((await exportItem('Run (JSON)')).toString('utf8')) as {
      epochs: unknown[];
      finalWeights: number[];
      seed: number;
    };
    expect(run.epochs).toHaveLength(12);
    expect(run.finalWeights).toHaveLength(3);
    const png = await exportItem('Boundary (PNG)');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    const chart = await exportItem('Objective per epoch chart (PNG)');
    expect(chart.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(app.problems).toEqual([]);
  });

  it('switches presentation mode by button and by key, keeping the plane and two charts', async () => {
    const page = app.page;
    await page.getByRole('button', { name: 'Presentation mode' }).click();
    await expect(
      page.getByRole('button', { name: 'Presentation mode' }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    expect(await page.getByRole('slider', { name: 'Learning rate' }).isVisible()).toBe(false);
    expect(await page.locator('canvas.boundary-canvas').isVisible()).toBe(true);
    expect(await page.getByRole('figure', { name: 'Accuracy per epoch' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Train', exact: true }).isVisible()).toBe(true);
    await saveScreenshot(page, 'presentation');
    await page.keyboard.press('p');
    await expect(
      page.getByRole('button', { name: 'Presentation mode' }).getAttribute('aria-pressed'),
    ).resolves.toBe('false');
    expect(await page.getByRole('slider', { name: 'Learning rate' }).isVisible()).toBe(true);
    await page.keyboard.press('p');
    await expect(
      page.getByRole('button', { name: 'Presentation mode' }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    expect(await vertexCount(page, 'objective')).toBe(0);
  });

  it('runs a small sweep on a worker pool, shows readable cells, loads one, and cancels a large one', async () => {
    const page = app.page;
    await page.getByRole('slider', { name: 'Epochs' }).fill('20');
    await page.getByLabel('Learning rates in the sweep').fill('2');
    await page.getByLabel('Batch sizes in the sweep').fill('2');
    await page.getByRole('button', { name: 'Run sweep' }).click();
    const progress = page.getByRole('progressbar', { name: 'Sweep progress' });
    await expect.poll(() => progress.getAttribute('value'), { timeout: 60_000 }).toBe('4');
    const cells = page.locator('.sweep-cell');
    await expect(cells.count()).resolves.toBe(4);
    for (const text of await cells.allTextContents()) expect(text).toMatch(/^\d+\.\d %$|^diverged$/);
    await page.getByRole('button', { name: /^lr 1, batch 140/ }).click();
    await expect(
      page.getByRole('slider', { name: 'Learning rate' }).getAttribute('aria-valuetext'),
    ).resolves.toBe('1');
    await expect(
      page.getByRole('slider', { name: 'Batch size' }).getAttribute('aria-valuetext'),
    ).resolves.toBe('140 (full batch)');
    await page.getByLabel('Sweep metric').selectOption({ label: 'final objective' });
    for (const text of await cells.allTextContents()) expect(text).not.toMatch(/NaN|Infinity/);
    await saveScreenshot(page, 'sweep');

    await page.getByRole('slider', { name: 'Epochs' }).fill('1000');
    await page.getByLabel('Learning rates in the sweep').fill('8');
    await page.getByLabel('Batch sizes in the sweep').fill('8');
    await page.getByRole('button', { name: 'Run sweep' }).click();
    await page.getByText(/of \d+ runs on \d+ workers?/).waitFor();
    const workersDuring = page.workers().length;
    await page.getByRole('button', { name: 'Cancel sweep' }).click();
    await page.getByText(/· cancelled/).waitFor();
    await expect.poll(() => page.workers().length).toBeLessThan(workersDuring);
    const doneAtCancel = await progress.getAttribute('value');
    await page.waitForTimeout(500);
    await expect(progress.getAttribute('value')).resolves.toBe(doneAtCancel);
    expect(app.problems).toEqual([]);
  });

  it('races full-batch GD, mini-batch and SGD on the same data, against epochs, samples or time', async () => {
    const page = app.page;
    await page.getByRole('slider', { name: 'Points' }).fill('9');
    await expect(
      page.getByRole('slider', { name: 'Points' }).getAttribute('aria-valuetext'),
    ).resolves.toMatch(/^10,000/);
    await page.getByRole('slider', { name: 'Epochs' }).fill('5');
    await page.getByRole('button', { name: 'Start race' }).click();
    await page.getByText(/\(finished\)/).waitFor({ timeout: 60_000 });
    for (const lane of ['gd', 'minibatch', 'sgd']) {
      await expect.poll(() => page.locator(`.race-${lane} path.recharts-line-curve`).count()).toBe(1);
    }
    const summary = (await page.locator('.race-summary').textContent()) ?? '';
    const samples = (label: string) =>
      Number(new RegExp(`${label} ([\\d,]+)`).exec(summary)?.[1]?.replaceAll(',', ''));
    // The seed's "Pros": a mini-batch reaches a good boundary with far fewer samples than full batch.
    expect(samples('Mini-batch \\(batch 32\\)')).toBeLessThan(samples('Full-batch GD'));
    for (const axis of ['Epochs', 'Wall time', 'Samples processed']) {
      await page.getByLabel('Race x-axis').selectOption({ label: axis });
      await page
        .getByRole('figure', { name: 'Race: test accuracy' })
        .getByText(new RegExp(`Test accuracy against ${axis.split(' ')[0]!.toLowerCase()}`, 'i'))
        .waitFor();
    }
    await saveScreenshot(page, 'race');
    expect(app.problems).toEqual([]);
  });
});
