/**
 * The teaching features in real Chromium, as a student would use them: models and engines, objectives,
 * the epoch's order, the batch's gradients, the update, annealing, the optimum, the landscape, their own
 * data and the guided presets.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetIds, presets } from '../src/state/presets.ts';
import { createUi } from './actions.ts';
import { saveScreenshot, useAppPage } from './harness.ts';

/** The exact optimum's purple (#5b21b6), as the plane draws its dashed boundary. */
const OPTIMUM_RGB = [0x5b, 0x21, 0xb6] as const;

const app = useAppPage();
const ui = createUi(app);

describe('teaching features in Chromium', () => {
  it('switches between the linear model, feature maps and a network, and between the three engines with agreeing curves', async () => {
    await ui.pickModel('Neural network');
    await ui.page
      .getByLabel('Model formula')
      .getByText(/network\(x₁, x₂\): 2-8-8-1, tanh/)
      .waitFor();
    await ui.stepEpochs(3);
    const fast = await ui.weightsAfterUpdate();
    expect(fast).toHaveLength(6);
    for (const [engine, running] of [
      ['TensorFlow.js (CPU)', /Running: TensorFlow\.js \(tf\.grad, cpu backend\)/],
      ['TensorFlow.js (WASM)', /Running: TensorFlow\.js \(tf\.grad, WebAssembly backend\)/],
    ] as const) {
      await ui.pickEngine(engine);
      await ui.text(running).waitFor({ timeout: 30_000 });
      await ui.stepEpochs(3);
      const tfjs = await ui.weightsAfterUpdate();
      // Same seed, same shuffles, same start: the autodiff engines follow the fast one to display precision.
      tfjs.forEach((w, j) =>
        expect(Math.abs(w - fast[j]!)).toBeLessThanOrEqual(0.01 * Math.max(1, Math.abs(fast[j]!))),
      );
    }
    await saveScreenshot(ui.page, 'network-tfjs');
    await ui.pickModel('Linear');
    await ui.page.getByLabel('x₁·x₂').check();
    await ui.page.getByLabel('Model formula').getByText('w·x₁·x₂').waitFor();
    expect(app.problems).toEqual([]);
  });

  it('shows each objective with its formula, and L2 in it', async () => {
    const formulas = {
      Logistic: 'log(1 + e^(−y·s))',
      Hinge: 'max(0, 1 − y·s)',
      Squared: '(s − y)²',
      Perceptron: 'max(0, −y·s)',
    };
    const formula = () => ui.page.getByLabel('Objective formula').textContent();
    for (const [label, expected] of Object.entries(formulas)) {
      await ui.pickObjective(label);
      await expect(formula()).resolves.toContain(expected);
    }
    await ui.pressOnSlider('L2 strength', 'End');
    await expect(formula()).resolves.toMatch(/\(λ\/2\)‖w‖², λ = 1/);
  });

  it("draws the epoch's shuffled order, marks the batch, and reshuffles each epoch", async () => {
    await ui.stepBatch();
    await ui.text("Epoch 1's shuffled order: 140 points in 14 batches, batch 1 outlined").waitFor();
    const first = await ui.snapshot('order');
    await ui.stepBatch();
    await ui.text(/Epoch 1's shuffled order: .* batch 2 outlined/).waitFor();
    await ui.stepEpoch();
    await ui.stepBatch();
    await ui.text(/Epoch 2's shuffled order: .* batch 1 outlined/).waitFor();
    expect(await ui.snapshot('order')).not.toBe(first);
  });

  it("shows the batch's gradients and their cosine with the full gradient: 1 for the full batch", async () => {
    const cosine = () => ui.page.getByLabel('Gradient cosine').textContent();
    await ui.click('1 = SGD');
    await ui.stepBatch();
    await ui.text(/each example \(1\)/).waitFor();
    expect(Math.abs(Number(await cosine()))).toBeLessThanOrEqual(1);
    // Mid-epoch, a new batch size waits for the next epoch; Reset starts over with it at once.
    await ui.click('all = full batch');
    await ui.reset();
    await ui.stepBatch();
    await ui.text(/each example \(64 of 140\)/).waitFor();
    await expect(cosine()).resolves.toBe('1');
    await saveScreenshot(ui.page, 'gradients');
  });

  it('shows the last update with its live numbers, W* = W − lr · mean gradient', async () => {
    await ui.stepEpochs(1);
    await ui.stepBatch();
    await ui.text(/Epoch 2, batch 1 of 14: 10 points, lr = 0\.098/).waitFor();
    const rows = await ui.updateRows();
    expect(rows.map((row) => row.label)).toEqual(['w₁', 'w₂', 'b']);
    for (const { values } of rows) {
      const [before = 0, gradient = 0, step = 0, after = 0] = values;
      expect(step).toBeCloseTo(-0.098 * gradient, 2);
      expect(Math.abs(after - (before + step))).toBeLessThanOrEqual(0.01 * Math.max(1, Math.abs(after)));
    }
  });

  it('draws the whole annealing schedule before training and says when lr falls below 1 %', async () => {
    await expect.poll(() => ui.page.locator('.series-plannedRate path.recharts-line-curve').count()).toBe(1);
    await ui.text('— lr stays above 1 % of its start for all 100 epochs.').waitFor();
    await ui.setSlider('Annealing rate', 0.9);
    // 0.9^k < 0.01 first at k = 44, so the 45th epoch is the first below 1 %.
    await ui.text('— lr will fall below 1 % of its start at epoch 45.').waitFor();
    await ui.pressOnSlider('Speed', 'End');
    await ui.train();
    await ui.text('— lr has fallen below 1 % of its start (since epoch 45).').waitFor({ timeout: 30_000 });
  });

  it('draws the exact optimum dashed and charts the distance to it; says so when none exists', async () => {
    await ui.text('exact optimum w*').waitFor();
    await ui.trainToEnd();
    const distance = ui.figure('Distance to optimum');
    await expect(distance.textContent()).resolves.toMatch(
      /Now ‖w − w\*‖ = [\d.e-]+, f\(w\) − f\(w\*\) = [\d.e-]+: close, but not exact/,
    );
    // The distance panel loads lazily: its chart measures its box and draws its line a frame after it mounts.
    await expect.poll(() => distance.locator('.series-distance path.recharts-line-curve').count()).toBe(1);
    // The optimum's boundary is on the plane, in its purple: at least half a plane-width of dashes.
    const optimumPixels = () => ui.planePixelsOf(OPTIMUM_RGB);
    const box = (await ui.plane().boundingBox())!;
    await expect.poll(optimumPixels).toBeGreaterThan(box.width / 2);
    await saveScreenshot(ui.page, 'optimum');
    await ui.pickDataset('Separable blobs');
    await distance.getByText(/separable data: no finite minimiser/).waitFor();
    await expect.poll(optimumPixels).toBe(0);
    await ui.stepEpoch();
    await expect.poll(() => distance.locator('.series-norm').count()).toBe(1);
  });

  it('draws the loss landscape with the path of the weights', async () => {
    const heading = ui.page.getByRole('heading', { name: 'Loss landscape' });
    // The landscape's code loads when its place comes into view, as a student scrolls to it.
    await heading.scrollIntoViewIfNeeded();
    await heading.waitFor();
    const before = await ui.snapshot('landscape');
    await ui.stepEpochs(2);
    expect(await ui.snapshot('landscape')).not.toBe(before);
    await ui.pickModel('Neural network');
    await expect.poll(() => heading.count()).toBe(0);
  });

  it('lets a student draw, erase, undo, clear, import and export points', async () => {
    await ui.pickDrawTool('Add +1');
    await ui.clickPlane(4, -4);
    await ui.text(/Your own points: 201 /).waitFor();
    await ui.clickPlane(-4, 4, { shift: true });
    await ui.text(/Your own points: 202 /).waitFor();
    await ui.click('Undo');
    await ui.text(/Your own points: 201 /).waitFor();
    await ui.pickDrawTool('Erase');
    await ui.dragOnPlane([0, 2.4], [0, -2.4]);
    await expect.poll(() => ui.ownPointCount()).toBeLessThan(201);
    // Clearing the points says what training needs without moving the plane under the pointer.
    const planeTop = async () => (await ui.page.locator('canvas.boundary-canvas').boundingBox())?.y;
    const topBefore = await planeTop();
    await ui.click('Clear');
    await ui.text('Add at least two points to train.').waitFor();
    expect(await ui.button('Train').isDisabled()).toBe(true);
    expect(await planeTop()).toBe(topBefore);
    await ui.text(/Your own points: 0 \(0 for training\)/).waitFor();
    await ui.click('Undo');

    const bad = join(tmpdir(), 'sgd-lab-bad.csv');
    writeFileSync(bad, 'x,y,label\n1,2,1\n3,oops,-1\n');
    await ui.importCsv(bad);
    await ui
      .alert()
      .getByText(/Import failed, your data are unchanged: line 3: "oops" is not a number \(column y\)/)
      .waitFor();
    await ui.text(/Your own points: \d+ /).waitFor();

    const good = join(tmpdir(), 'sgd-lab-good.csv');
    writeFileSync(good, 'x,y,label\n-2,-2,no\n-1,-2,no\n-2,-1,no\n2,2,yes\n1,2,yes\n2,1,yes\n');
    await ui.importCsv(good);
    await ui.text('Imported 6 points (yes → +1, no → −1).').waitFor();
    await ui.text(/Your own points: 6 \(4 for training\)/).waitFor();
    const lines = (await ui.download('Export CSV')).toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('x,y,label');
    expect(lines.slice(1).sort()).toEqual(['-1,-2,-1', '-2,-1,-1', '-2,-2,-1', '1,2,1', '2,1,1', '2,2,1']);
    await saveScreenshot(ui.page, 'own-data');
    expect(app.problems).toEqual([]);
  });

  it('offers at least seven guided presets that set everything and say what to watch', async () => {
    expect((await ui.presetTitles()).length).toBeGreaterThanOrEqual(7);
    for (const id of presetIds) {
      await ui.applyPreset(presets[id].title);
      await ui.page.getByRole('heading', { name: `What to watch: ${presets[id].title}` }).waitFor();
      await expect(ui.selected('Objective')).resolves.toBe(presets[id].objective);
      await expect(ui.sliderValue('Epochs')).resolves.toBe(String(presets[id].hyperparameters.epochs));
    }
    await ui.applyPreset(presets.diverge.title);
    await ui.train();
    await ui
      .alert()
      .getByText(/Diverged at epoch \d+/)
      .waitFor({ timeout: 30_000 });
    await saveScreenshot(ui.page, 'preset-diverge');
    expect(app.problems).toEqual([]);
  });
});
