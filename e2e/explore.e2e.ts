/**
 * Hyperparameter exploration and sharing in real Chromium: compare runs, scrub through epochs, links,
 * export, presentation mode, the sweep and the race.
 */
import { describe, expect, it } from 'vitest';
import { createUi } from './actions.ts';
import { saveScreenshot, useAppPage } from './harness.ts';

const app = useAppPage();
const ui = createUi(app);

describe('exploration and sharing in Chromium', () => {
  it('pins runs, overlays them on every chart, and twins a run with one change', async () => {
    await ui.trainToEnd();
    await ui.pinRun();
    await ui.twinRun('Batch size', 1);
    await expect.poll(() => ui.status(), { timeout: 30_000 }).toContain('finished');
    const legend = ui.page.getByRole('list', { name: 'Runs on the charts' });
    // Only what differs is named: the batch size.
    await expect(legend.textContent()).resolves.toMatch(/live: batch 1.*batch 10/);
    await expect(legend.textContent()).resolves.toMatch(
      /‖w − w_live‖ = [\d.e-]+; boundaries disagree on \d+\.\d % of the plane/,
    );
    // The twin's original was pinned already: it is on the charts once, train and test on each.
    const unpin = ui.page.getByRole('button', { name: /^Unpin/ });
    await expect.poll(() => unpin.count()).toBe(1);
    await expect.poll(() => ui.page.locator('.pinned-series').count()).toBeGreaterThanOrEqual(2 + 2);
    await saveScreenshot(ui.page, 'compare');
    await unpin.first().click();
    await expect.poll(() => unpin.count()).toBe(0);
    expect(app.problems).toEqual([]);
  });

  it('scrubs back through the epochs and resumes training from the end', async () => {
    await ui.setEpochs(40);
    await ui.trainToEnd();
    const live = await ui.snapshot('boundary');
    await ui.setSlider('Epoch', 1);
    await expect(ui.sliderValue('Epoch')).resolves.toBe('epoch 1 of 40');
    await expect.poll(() => ui.snapshot('boundary')).not.toBe(live);
    await ui.text(/Weights after epoch 1: w₁ = -?[\d.]+, w₂ = -?[\d.]+, b = -?[\d.e-]+/).waitFor();
    await ui.page.getByText('epoch 1', { exact: true }).first().waitFor({ state: 'attached' });
    await ui.setEpochs(60);
    await ui.train();
    await expect.poll(() => ui.status(), { timeout: 30_000 }).toMatch(/epoch 60 of 60/);
    await expect(ui.sliderValue('Epoch')).resolves.toBe('live (epoch 60)');
  });

  it('puts the whole configuration in a link that reopens it, and names what is wrong in a bad link', async () => {
    await ui.pickDataset('Two moons');
    await ui.pickObjective('Hinge');
    await ui.typeBatchSize(7);
    await ui.click('Copy link');
    await expect.poll(() => ui.page.url()).toContain('data=moons');
    const link = ui.page.url();
    const other = createUi({ page: await ui.page.context().newPage() });
    await other.page.goto(link);
    await other.page.getByRole('radio', { name: 'Two moons', checked: true }).waitFor();
    await expect(other.selected('Objective')).resolves.toBe('hinge');
    await expect(other.sliderValue('Batch size')).resolves.toBe('7');
    await other.page.goto(`${app.url}?data=moons&lr=abc&bogus=1&batch=7`);
    const notices = other.page.getByRole('status', { name: 'Link notices' });
    await expect(notices.textContent()).resolves.toMatch(/lr=abc/);
    await expect(notices.textContent()).resolves.toMatch(/unknown parameter "bogus"/);
    await expect(other.sliderValue('Learning rate')).resolves.toBe('0.1');
    await other.page.close();
    // The last configuration comes back on a plain visit.
    await ui.page.goto(app.url);
    await ui.page.getByRole('radio', { name: 'Two moons', checked: true }).waitFor();
    expect(app.problems).toEqual([]);
  });

  it('exports the curves as CSV, the run as JSON, and the canvas and a chart as PNG', async () => {
    await ui.setEpochs(12);
    await ui.trainToEnd();
    const csv = (await ui.exportFile('Curves (CSV)')).toString('utf8').trim().split('\n');
    expect(csv).toHaveLength(13);
    expect(csv[0]).toMatch(/^epoch,objective,test_objective,train_accuracy/);
    const run = JSON.parse((await ui.exportFile('Run (JSON)')).toString('utf8')) as {
      epochs: unknown[];
      finalWeights: number[];
      seed: number;
    };
    expect(run.epochs).toHaveLength(12);
    expect(run.finalWeights).toHaveLength(3);
    const png = await ui.exportFile('Boundary (PNG)');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    // Each chart's PNG is the whole chart, drawn at twice its size on screen (not a legend's icon).
    for (const title of [
      'Objective per epoch',
      'Accuracy per epoch',
      'Learning rate per epoch',
      'Distance to optimum',
    ]) {
      const chart = await ui.exportFile(`${title.replace(/ \(.*\)/, '')} chart (PNG)`);
      expect(chart.subarray(1, 4).toString('ascii')).toBe('PNG');
      const surface = await ui
        .figure(title)
        .locator('.recharts-wrapper > svg.recharts-surface')
        .boundingBox();
      const size = { width: chart.readUInt32BE(16), height: chart.readUInt32BE(20) };
      expect(size).toEqual({
        width: Math.round(2 * (surface?.width ?? 0)),
        height: Math.round(2 * (surface?.height ?? 0)),
      });
      expect(size.width).toBeGreaterThan(400);
    }
    expect(app.problems).toEqual([]);
  });

  it('switches presentation mode by button and by key, keeping the plane and two charts', async () => {
    await ui.togglePresentation();
    await expect(ui.presenting()).resolves.toBe(true);
    expect(await ui.slider('Learning rate').isVisible()).toBe(false);
    expect(await ui.plane().isVisible()).toBe(true);
    expect(await ui.figure('Accuracy per epoch').isVisible()).toBe(true);
    expect(await ui.button('Train').isVisible()).toBe(true);
    await saveScreenshot(ui.page, 'presentation');
    await ui.press('p');
    await expect(ui.presenting()).resolves.toBe(false);
    expect(await ui.slider('Learning rate').isVisible()).toBe(true);
    await ui.press('p');
    await expect(ui.presenting()).resolves.toBe(true);
    expect(await ui.vertexCount('objective')).toBe(0);
  });

  it('runs a small sweep on a worker pool, shows readable cells, loads one, and cancels a large one', async () => {
    await ui.setEpochs(20);
    await ui.runSweep(2, 2);
    await expect.poll(() => ui.sweepDone(), { timeout: 60_000 }).toBe('4');
    const cells = ui.page.locator('.sweep-cell');
    await expect(cells.count()).resolves.toBe(4);
    for (const text of await cells.allTextContents()) expect(text).toMatch(/^\d+\.\d %$|^diverged$/);
    await ui.click(/^lr 1, batch 140/);
    await expect(ui.sliderValue('Learning rate')).resolves.toBe('1');
    await expect(ui.sliderValue('Batch size')).resolves.toBe('140 (full batch)');
    // The loaded cell is marked by a frame and keeps its shade; the others are not marked.
    const loaded = ui.page.locator('.sweep-grid td.loaded');
    await expect(loaded.count()).resolves.toBe(1);
    await expect(loaded.locator('button').getAttribute('aria-label')).resolves.toMatch(/^lr 1, batch 140/);
    await expect(loaded.locator('button').getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(loaded.evaluate((cell) => getComputedStyle(cell).outlineStyle)).resolves.toBe('solid');
    await ui.page.getByLabel('Sweep metric').selectOption({ label: 'final objective' });
    for (const text of await cells.allTextContents()) expect(text).not.toMatch(/NaN|Infinity/);
    await saveScreenshot(ui.page, 'sweep');

    await ui.setEpochs(1000);
    await ui.runSweep(8, 8);
    await ui.text(/of \d+ runs on \d+ workers?/).waitFor();
    const workersDuring = ui.page.workers().length;
    await ui.click('Cancel sweep');
    await ui.text(/· cancelled/).waitFor();
    await expect.poll(() => ui.page.workers().length).toBeLessThan(workersDuring);
    const doneAtCancel = await ui.sweepDone();
    await ui.page.waitForTimeout(500);
    await expect(ui.sweepDone()).resolves.toBe(doneAtCancel);
    expect(app.problems).toEqual([]);
  });

  it('races full-batch GD, mini-batch and SGD on the same data, against epochs, samples or time', async () => {
    await ui.setSlider('Points', 9);
    await expect(ui.sliderValue('Points')).resolves.toMatch(/^10,000/);
    await ui.setEpochs(5);
    await ui.startRace();
    await ui.text(/\(finished\)/).waitFor({ timeout: 60_000 });
    for (const lane of ['gd', 'minibatch', 'sgd']) {
      await expect.poll(() => ui.page.locator(`.race-${lane} path.recharts-line-curve`).count()).toBe(1);
    }
    const summary = (await ui.page.locator('.race-summary').textContent()) ?? '';
    // A finished race names no lane "not yet": one that never came within 1 % says "never".
    expect(summary).not.toContain('not yet');
    const samples = (label: string) =>
      Number(new RegExp(`${label} ([\\d,]+)`).exec(summary)?.[1]?.replaceAll(',', ''));
    // The seed's "Pros": a mini-batch reaches a good boundary with far fewer samples than full batch.
    expect(samples('Mini-batch \\(batch 32\\)')).toBeLessThan(samples('Full-batch GD'));
    for (const axis of ['Epochs', 'Wall time', 'Samples processed']) {
      await ui.page.getByLabel('Race x-axis').selectOption({ label: axis });
      await ui
        .figure('Race: test accuracy')
        .getByText(new RegExp(`Test accuracy against ${axis.split(' ')[0]!.toLowerCase()}`, 'i'))
        .waitFor();
    }
    await saveScreenshot(ui.page, 'race');
    expect(app.problems).toEqual([]);
  });
});
