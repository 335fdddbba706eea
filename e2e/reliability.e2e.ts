/**
 * Reliability in real Chromium: divergence and rewinding, worker faults, stale frames of a replaced run,
 * and a monkey of seeded random user actions.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUi } from './actions.ts';
import { saveScreenshot, useAppPage } from './harness.ts';

const app = useAppPage();
const ui = createUi(app);

/** How many random actions the monkey takes. */
const MONKEY_STEPS = 200;

/**
 * The share of the monkey's actions that must run. The rest are skipped because the monkey itself has
 * hidden their control (presentation mode hides most) or disabled it (the epoch scrubber after a Reset).
 */
const MONKEY_MINIMUM_RAN = 0.7;

/** How long an action of the monkey waits for its control before it counts as skipped. */
const MONKEY_ACTION_TIMEOUT = 1000;

/** A seeded generator of numbers in [0, 1) (mulberry32), so the monkey repeats its actions exactly. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('reliability in Chromium', () => {
  it('stops a diverging run at the batch it blew up, and rewinds to the last good epoch', async () => {
    await ui.pickObjective('squared');
    await ui.setSlider('Learning rate', -2);
    await ui.stepEpoch();
    await ui.stepEpoch();
    await expect.poll(() => ui.epoch()).toBe(2);
    await ui.pressOnSlider('Learning rate', 'End');
    await ui.train();
    await ui
      .alert()
      .getByText(/Diverged at epoch 3, batch \d+:/)
      .waitFor();
    expect(await ui.nonFiniteReadings()).toEqual([]);
    await saveScreenshot(ui.page, 'diverged-rewind');
    // The worker probed short runs from the last good weights for the rate it suggests.
    const suggestion =
      /Try a learning rate of ([\d.e-]+) or less/.exec((await ui.alert().textContent()) ?? '')?.[1] ?? '';
    expect(Number(suggestion)).toBeLessThan(10);
    await ui.click('Rewind to the last good epoch');
    await expect.poll(() => ui.alert().count()).toBe(0);
    await expect
      .poll(() => ui.status())
      .toMatch(new RegExp(`epoch 2 of 100.*lr ${suggestion.replace('.', '\\.')}(?!\\d).*paused`));
    await ui.stepEpoch();
    await expect.poll(() => ui.epoch()).toBe(3);
    expect(await ui.nonFiniteReadings()).toEqual([]);
    expect(app.problems).toEqual([]);
  });

  it('shows a crashed worker and restarts it keeping the configuration and the data', async () => {
    await ui.pickDataset('Two moons');
    await ui.stepEpoch();
    const worker = await ui.trainingWorker();
    await worker.evaluate(() => {
      setTimeout(() => {
        throw new Error('simulated crash');
      });
    });
    await ui
      .alert()
      .getByText(/The training worker stopped:.*simulated crash/)
      .waitFor();
    await ui.click('Restart');
    await expect.poll(() => ui.alert().count()).toBe(0);
    await ui.page.getByRole('radio', { name: 'Two moons', checked: true }).waitFor();
    await ui.stepEpoch();
    await expect.poll(() => ui.epoch()).toBe(1);
    app.problems.splice(0);
  });

  it('notices a worker terminated mid-run and restarts it', async () => {
    await ui.setSlider('Speed', 3);
    await ui.train();
    await expect.poll(() => ui.status()).toContain('training');
    const worker = await ui.trainingWorker();
    await worker.evaluate(() => self.close()).catch(() => undefined);
    await ui
      .alert()
      .getByText(/stopped responding/)
      .waitFor({ timeout: 15_000 });
    await saveScreenshot(ui.page, 'worker-crash');
    await ui.click('Restart');
    await ui.train();
    await expect.poll(() => ui.status()).toMatch(/update [1-9]/);
    app.problems.splice(0);
  });

  it('never shows a frame of a replaced run after Reset, a dataset change or a data slider change', async () => {
    await ui.pressOnSlider('Speed', 'End');
    await ui.setEpochs(20000);
    await ui.recordEpochsShown();
    const replacements: (() => Promise<unknown>)[] = [
      () => ui.reset(),
      () => ui.pickDataset('XOR'),
      () => ui.setSlider('Noise', 0.6),
      () => ui.pickDataset('Circles'),
      () => ui.setSlider('Train fraction', 0.5),
    ];
    for (const replace of replacements) {
      await ui.train();
      await expect.poll(() => ui.epoch(), { timeout: 20_000 }).toBeGreaterThan(20);
      const before = await ui.now();
      await replace();
      await ui.page.waitForTimeout(300);
      const shown = await ui.epochsShown(before);
      // Until the click lands the old run may still draw; from the new run's first frame (epoch 1, before
      // its first batch) on, the epochs only count up: a frame of the replaced run would show a jump back.
      const start = shown.indexOf(1);
      expect(start, `epochs shown: ${shown.join(' ')}`).toBeGreaterThanOrEqual(0);
      const after = shown.slice(start);
      for (let k = 1; k < after.length; k++) expect(after[k]).toBeGreaterThanOrEqual(after[k - 1]!);
    }
    expect(app.problems).toEqual([]);
  });

  it(
    'survives 200 seeded random user actions with no error and a status that matches the page',
    { timeout: 240_000 },
    async () => {
      // A control that is hidden (presentation mode hides most) or disabled is skipped after a short wait.
      ui.page.setDefaultTimeout(MONKEY_ACTION_TIMEOUT);
      const random = seededRandom(20261129);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const csvGood = join(tmpdir(), 'monkey-good.csv');
      const csvBad = join(tmpdir(), 'monkey-bad.csv');
      writeFileSync(csvGood, 'x,y,label\n-1,-1,0\n1,1,1\n-2,0,0\n2,0,1\n');
      writeFileSync(csvBad, 'x,y,label\n1,2\n');
      const sliders = [
        'Learning rate',
        'Annealing rate',
        'Batch size',
        'Epochs',
        'Points',
        'Noise',
        'Train fraction',
        'Speed',
        'L2 strength',
        'Epoch',
      ];
      const sliderKeys = ['Home', 'End', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown'];
      const buttons = ['Step batch', 'Step epoch', 'Reset', 'Undo', 'Pin run'];
      const datasets = ['Separable blobs', 'Overlapping blobs', 'XOR', 'Circles', 'Two moons', 'Spiral'];
      // Each kind of action, as a user does it; an action that cannot be done throws and counts as skipped.
      const actions: Record<string, () => Promise<unknown>> = {
        // The button may swap between Train and Pause by the time it is clicked.
        'Train or Pause': async () => ((await ui.button('Pause').isVisible()) ? ui.pause() : ui.train()),
        'toolbar button': () => ui.click(pick(buttons)),
        'slider key': () => ui.pressOnSlider(pick(sliders), pick(sliderKeys)),
        'slider drag': () => ui.dragSlider(pick(sliders), random(), random()),
        'shortcut key': () =>
          ui.press(pick(['Space', 'ArrowRight', 'Shift+ArrowRight', 'r', 'p', 'p', 'Escape'])),
        dataset: () => ui.pickDataset(pick(datasets)),
        preset: () => ui.applyPreset(1 + Math.floor(random() * 7)),
        objective: () => ui.pickObjective(pick(['Logistic', 'Hinge', 'Squared', 'Perceptron'])),
        model: () => ui.pickModel(pick(['Linear', 'Neural network'])),
        'CSV import': () => ui.importCsv(pick([csvGood, csvBad])),
        'drawn point': async () => {
          await ui.pickDrawTool(pick(['Add +1', 'Add −1']));
          await ui.clickPlane(random() * 10 - 5, random() * 10 - 5);
        },
      };
      const tally = new Map<string, { ran: number; skipped: number; reason: string }>();
      for (let step = 0; step < MONKEY_STEPS; step++) {
        // Presentation mode hides most controls; leave it now and then so every kind of action stays reachable.
        if (step % 25 === 24) await ui.press('Escape');
        const kind = pick(Object.keys(actions));
        const count = tally.get(kind) ?? { ran: 0, skipped: 0, reason: '' };
        tally.set(kind, count);
        try {
          await actions[kind]!();
          count.ran++;
        } catch (error) {
          count.skipped++;
          count.reason ||= (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
        }
      }
      await ui.press('Escape');
      ui.page.setDefaultTimeout(30_000);
      await ui.page.waitForTimeout(1000);
      expect(app.problems).toEqual([]);
      // The monkey tests the app only through the actions that ran: most of them must have.
      const ran = [...tally.values()].reduce((sum, { ran }) => sum + ran, 0);
      const skipped = [...tally]
        .filter(([, { skipped }]) => skipped > 0)
        .map(
          ([kind, { ran, skipped, reason }]) => `${kind}: ${skipped} of ${ran + skipped} skipped (${reason})`,
        );
      console.info(`monkey: ${ran} of ${MONKEY_STEPS} actions ran\n${skipped.join('\n')}`);
      expect(ran, `actions that ran; skipped by kind:\n${skipped.join('\n')}`).toBeGreaterThanOrEqual(
        MONKEY_STEPS * MONKEY_MINIMUM_RAN,
      );
      expect(await ui.nonFiniteReadings()).toEqual([]);
      const status = await ui.status();
      const training = await ui.button('Pause').isVisible();
      expect(status.includes('training')).toBe(training);
      if (!training) expect(await ui.button('Train').isVisible()).toBe(true);
      await saveScreenshot(ui.page, 'monkey');
    },
  );
});
