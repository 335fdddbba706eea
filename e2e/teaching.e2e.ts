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
import {
  canvasSnapshot,
  clickPlane,
  colourPixels,
  pressOnSlider,
  statusText,
  updateRows,
} from './actions.ts';
import { saveScreenshot, useAppPage } from './harness.ts';

/** The exact optimum's purple (#5b21b6), as the plane draws its dashed boundary. */
const OPTIMUM_RGB = [0x5b, 0x21, 0xb6] as const;

const app = useAppPage();

async function stepEpochs(count: number): Promise<void> {
  for (let k = 0; k < count; k++) {
    const before = await statusText(app.page);
    await app.page.getByRole('button', { name: 'Step epoch' }).click();
    await expect.poll(() => statusText(app.page)).not.toBe(before);
  }
}

async function weightsAfter(): Promise<number[]> {
  return (await updateRows(app.page)).map((row) => row.values[3] ?? Number.NaN);
}

describe('teaching features in Chromium', () => {
  it('switches between the linear model, feature maps and a network, and between the three engines with agreeing curves', async () => {
    const page = app.page;
    await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Neural network' });
    await page
      .getByLabel('Model formula')
      .getByText(/network\(x₁, x₂\): 2-8-8-1, tanh/)
      .waitFor();
    await stepEpochs(3);
    const fast = await weightsAfter();
    expect(fast).toHaveLength(6);
    for (const [label, running] of [
      ['TensorFlow.js (CPU)', /Running: TensorFlow\.js \(tf\.grad, cpu backend\)/],
      ['TensorFlow.js (WASM)', /Running: TensorFlow\.js \(tf\.grad, WebAssembly backend\)/],
    ] as const) {
      await page.getByLabel('Engine').selectOption({ label });
      await page.getByText(running).waitFor({ timeout: 30_000 });
      await stepEpochs(3);
      const tfjs = await weightsAfter();
      // Same seed, same shuffles, same start: the autodiff engines follow the fast one to display precision.
      tfjs.forEach((w, j) =>
        expect(Math.abs(w - fast[j]!)).toBeLessThanOrEqual(0.01 * Math.max(1, Math.abs(fast[j]!))),
      );
    }
    await saveScreenshot(page, 'network-tfjs');
    await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Linear' });
    await page.getByLabel('x₁·x₂').check();
    await page.getByLabel('Model formula').getByText('w·x₁·x₂').waitFor();
    expect(app.problems).toEqual([]);
  });

  it('shows each objective with its formula, and L2 in it', async () => {
    const page = app.page;
    const formulas = {
      Logistic: 'log(1 + e^(−y·s))',
      Hinge: 'max(0, 1 − y·s)',
      Squared: '(s − y)²',
      Perceptron: 'max(0, −y·s)',
    };
    for (const [label, formula] of Object.entries(formulas)) {
      await page.getByLabel('Objective', { exact: true }).selectOption({ label });
      await expect(page.getByLabel('Objective formula').textContent()).resolves.toContain(formula);
    }
    await pressOnSlider(page, page.getByRole('slider', { name: 'L2 strength' }), 'End');
    await expect(page.getByLabel('Objective formula').textContent()).resolves.toMatch(/\(λ\/2\)‖w‖², λ = 1/);
  });

  it("draws the epoch's shuffled order, marks the batch, and reshuffles each epoch", async () => {
    const page = app.page;
    await page.getByRole('button', { name: 'Step batch' }).click();
    await page.getByText("Epoch 1's shuffled order: 140 points in 14 batches, batch 1 outlined").waitFor();
    const first = await canvasSnapshot(page, 'canvas.order-canvas');
    await page.getByRole('button', { name: 'Step batch' }).click();
    await page.getByText(/Epoch 1's shuffled order: .* batch 2 outlined/).waitFor();
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await page.getByRole('button', { name: 'Step batch' }).click();
    await page.getByText(/Epoch 2's shuffled order: .* batch 1 outlined/).waitFor();
    expect(await canvasSnapshot(page, 'canvas.order-canvas')).not.toBe(first);
  });

  it("shows the batch's gradients and their cosine with the full gradient: 1 for the full batch", async () => {
    const page = app.page;
    await page.getByRole('button', { name: '1 = SGD' }).click();
    await page.getByRole('button', { name: 'Step batch' }).click();
    await page.getByText(/each example \(1\)/).waitFor();
    const single = Number(await page.getByLabel('Gradient cosine').textContent());
    expect(Math.abs(single)).toBeLessThanOrEqual(1);
    // Mid-epoch, a new batch size waits for the next epoch; Reset starts over with it at once.
    await page.getByRole('button', { name: 'all = full batch' }).click();
    await page.getByRole('button', { name: 'Reset' }).click();
    await page.getByRole('button', { name: 'Step batch' }).click();
    await page.getByText(/each example \(64 of 140\)/).waitFor();
    await expect(page.getByLabel('Gradient cosine').textContent()).resolves.toBe('1');
    await saveScreenshot(page, 'gradients');
  });

  it('shows the last update with its live numbers, W* = W − lr · mean gradient', async () => {
    const page = app.page;
    await stepEpochs(1);
    await page.getByRole('button', { name: 'Step batch' }).click();
    await page.getByText(/Epoch 2, batch 1 of 14: 10 points, lr = 0\.098/).waitFor();
    const rows = await updateRows(page);
    expect(rows.map((row) => row.label)).toEqual(['w₁', 'w₂', 'b']);
    for (const { values } of rows) {
      const [before = 0, gradient = 0, step = 0, after = 0] = values;
      expect(step).toBeCloseTo(-0.098 * gradient, 2);
      expect(Math.abs(after - (before + step))).toBeLessThanOrEqual(0.01 * Math.max(1, Math.abs(after)));
    }
  });

  it('draws the whole annealing schedule before training and says when lr falls below 1 %', async () => {
    const page = app.page;
    await expect
      .poll(async () => page.locator('.series-plannedRate path.recharts-line-curve').count())
      .toBe(1);
    await page.getByText('— lr stays above 1 % of its start for all 100 epochs.').waitFor();
    const annealing = page.getByRole('slider', { name: 'Annealing rate' });
    await annealing.fill('0.9');
    // 0.9^k < 0.01 first at k = 44, so the 45th epoch is the first below 1 %.
    await page.getByText('— lr will fall below 1 % of its start at epoch 45.').waitFor();
    await pressOnSlider(page, page.getByRole('slider', { name: 'Speed' }), 'End');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page
      .getByText('— lr has fallen below 1 % of its start (since epoch 45).')
      .waitFor({ timeout: 30_000 });
  });

  it('draws the exact optimum dashed and charts the distance to it; says so when none exists', async () => {
    const page = app.page;
    await page.getByText('exact optimum w*').waitFor();
    await pressOnSlider(page, page.getByRole('slider', { name: 'Speed' }), 'End');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => statusText(page), { timeout: 30_000 }).toContain('finished');
    const distance = page.getByRole('figure', { name: 'Distance to optimum' });
    await expect(distance.textContent()).resolves.toMatch(
      /Now ‖w − w\*‖ = [\d.e-]+, f\(w\) − f\(w\*\) = [\d.e-]+: close, but not exact/,
    );
    expect(await distance.locator('.series-distance path.recharts-line-curve').count()).toBe(1);
    // The optimum's boundary is on the plane, in its purple: at least half a plane-width of dashes.
    const optimumPixels = () => colourPixels(page, 'canvas.boundary-canvas', OPTIMUM_RGB);
    const box = (await page.locator('canvas.boundary-canvas').boundingBox())!;
    await expect.poll(optimumPixels).toBeGreaterThan(box.width / 2);
    await saveScreenshot(page, 'optimum');
    await page.getByRole('radio', { name: 'Separable blobs' }).click();
    await distance.getByText(/separable data: no finite minimiser/).waitFor();
    await expect.poll(optimumPixels).toBe(0);
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await expect.poll(() => distance.locator('.series-norm').count()).toBe(1);
  });

  it('draws the loss landscape with the path of the weights', async () => {
    const page = app.page;
    await page.getByRole('heading', { name: 'Loss landscape' }).waitFor();
    const before = await canvasSnapshot(page, 'canvas.landscape-canvas');
    await stepEpochs(2);
    expect(await canvasSnapshot(page, 'canvas.landscape-canvas')).not.toBe(before);
    await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Neural network' });
    await expect.poll(() => page.getByRole('heading', { name: 'Loss landscape' }).count()).toBe(0);
  });

  it('lets a student draw, erase, undo, clear, import and export points', async () => {
    const page = app.page;
    await page.getByRole('radio', { name: 'Add +1' }).click();
    await clickPlane(page, 4, -4);
    await page.getByText(/Your own points: 201 /).waitFor();
    await clickPlane(page, -4, 4, ['Shift']);
    await page.getByText(/Your own points: 202 /).waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText(/Your own points: 201 /).waitFor();
    await page.getByRole('radio', { name: 'Erase' }).click();
    const canvas = page.locator('canvas.boundary-canvas');
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.7, { steps: 10 });
    await page.mouse.up();
    await expect
      .poll(async () =>
        Number((await page.getByText(/Your own points: \d+/).textContent())?.match(/\d+/)?.[0]),
      )
      .toBeLessThan(201);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByText('Add at least two points to train.').waitFor();
    expect(await page.getByRole('button', { name: 'Train', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Undo' }).click();

    const bad = join(tmpdir(), 'sgd-lab-bad.csv');
    writeFileSync(bad, 'x,y,label\n1,2,1\n3,oops,-1\n');
    await page.getByLabel('Import CSV').setInputFiles(bad);
    await page
      .getByRole('alert')
      .getByText(/Import failed, your data are unchanged: line 3: "oops" is not a number \(column y\)/)
      .waitFor();
    await page.getByText(/Your own points: \d+ /).waitFor();

    const good = join(tmpdir(), 'sgd-lab-good.csv');
    writeFileSync(good, 'x,y,label\n-2,-2,no\n-1,-2,no\n-2,-1,no\n2,2,yes\n1,2,yes\n2,1,yes\n');
    await page.getByLabel('Import CSV').setInputFiles(good);
    await page.getByText('Imported 6 points (yes → +1, no → −1).').waitFor();
    await page.getByText(/Your own points: 6 \(4 for training\)/).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await (await download).path();
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('x,y,label');
    expect(lines.slice(1).sort()).toEqual(['-1,-2,-1', '-2,-1,-1', '-2,-2,-1', '1,2,1', '2,1,1', '2,2,1']);
    await saveScreenshot(page, 'own-data');
    expect(app.problems).toEqual([]);
  });

  it('offers at least seven guided presets that set everything and say what to watch', async () => {
    const page = app.page;
    const preset = page.getByLabel('Preset');
    const titles = await preset.locator('option:not([disabled])').allTextContents();
    expect(titles.length).toBeGreaterThanOrEqual(7);
    for (const id of presetIds) {
      await preset.selectOption({ label: presets[id].title });
      await page.getByRole('heading', { name: `What to watch: ${presets[id].title}` }).waitFor();
      await expect(page.getByLabel('Objective', { exact: true }).inputValue()).resolves.toBe(
        presets[id].objective,
      );
      await expect(page.getByRole('slider', { name: 'Epochs' }).getAttribute('aria-valuetext')).resolves.toBe(
        String(presets[id].hyperparameters.epochs),
      );
    }
    await preset.selectOption({ label: presets.diverge.title });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page
      .getByRole('alert')
      .getByText(/Diverged at epoch \d+/)
      .waitFor({ timeout: 30_000 });
    await saveScreenshot(page, 'preset-diverge');
    expect(app.problems).toEqual([]);
  });
});
