/**
 * Reliability, security and accessibility in real Chromium: divergence, worker faults, stale frames, a
 * monkey, the Content-Security-Policy, axe-core, and the projector and phone screens.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clickPlane, pressOnSlider, statusText } from './actions.ts';
import { saveScreenshot, useAppPage } from './harness.ts';

const app = useAppPage();

async function trainingWorker(page: Page): Promise<Worker> {
  await expect
    .poll(() => page.workers().some((worker) => worker.url().includes('training.worker')))
    .toBe(true);
  return page.workers().find((worker) => worker.url().includes('training.worker'))!;
}

/** Nothing on the page reads NaN or Infinity, in text or in a chart's path. */
async function expectNoNonFinite(page: Page): Promise<void> {
  expect(await page.locator('body').innerText()).not.toMatch(/NaN|Infinity/);
  const paths = await page
    .locator('path.recharts-line-curve')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('d') ?? ''));
  for (const d of paths) expect(d).not.toMatch(/NaN|Infinity/);
}

/** Records every epoch number the status line shows, with the page's clock, from now on. */
async function recordStatusEpochs(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log: [number, number][] = [];
    (window as unknown as { epochLog: [number, number][] }).epochLog = log;
    const status = document.querySelector('.status')!;
    const read = () => {
      const epoch = Number(/epoch (\d+)\//.exec(status.textContent ?? '')?.[1]);
      if (log.length === 0 || log[log.length - 1]![1] !== epoch) log.push([performance.now(), epoch]);
    };
    read();
    new MutationObserver(read).observe(status, { subtree: true, childList: true, characterData: true });
  });
}

async function epochsShownSince(page: Page, since: number): Promise<number[]> {
  return page.evaluate(
    (start) =>
      (window as unknown as { epochLog: [number, number][] }).epochLog
        .filter(([time]) => time >= start)
        .map(([, epoch]) => epoch),
    since,
  );
}

describe('reliability, security and accessibility in Chromium', () => {
  it('stops a diverging run at the batch it blew up, and rewinds to the last good epoch', async () => {
    const page = app.page;
    await page.getByLabel('Objective', { exact: true }).selectOption('squared');
    await page.getByRole('slider', { name: 'Learning rate' }).fill('-2');
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await expect.poll(() => statusText(page)).toMatch(/epoch 2\//);
    await pressOnSlider(page, page.getByRole('slider', { name: 'Learning rate' }), 'End');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/Diverged at epoch 3, batch \d+:/).waitFor();
    await expectNoNonFinite(page);
    await saveScreenshot(page, 'diverged-rewind');
    // The worker probed short runs from the last good weights for the rate it suggests.
    const suggestion =
      /Try a learning rate of ([\d.e-]+) or less/.exec((await alert.textContent()) ?? '')?.[1] ?? '';
    expect(Number(suggestion)).toBeLessThan(10);
    await page.getByRole('button', { name: 'Rewind to the last good epoch' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    await expect
      .poll(() => statusText(page))
      .toMatch(new RegExp(`epoch 2/100.*lr ${suggestion.replace('.', '\\.')}(?!\\d).*paused`));
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await expect.poll(() => statusText(page)).toMatch(/epoch 3\//);
    await expectNoNonFinite(page);
    expect(app.problems).toEqual([]);
  });

  it('shows a crashed worker and restarts it keeping the configuration and the data', async () => {
    const page = app.page;
    await page.getByRole('radio', { name: 'Two moons' }).click();
    await page.getByRole('button', { name: 'Step epoch' }).click();
    const worker = await trainingWorker(page);
    await worker.evaluate(() => {
      setTimeout(() => {
        throw new Error('simulated crash');
      });
    });
    await page
      .getByRole('alert')
      .getByText(/The training worker stopped:.*simulated crash/)
      .waitFor();
    await page.getByRole('button', { name: 'Restart' }).click();
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    await page.getByRole('radio', { name: 'Two moons', checked: true }).waitFor();
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await expect.poll(() => statusText(page)).toMatch(/epoch 1\//);
    app.problems.splice(0);
  });

  it('notices a worker terminated mid-run and restarts it', async () => {
    const page = app.page;
    await page.getByRole('slider', { name: 'Speed' }).fill('3');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => statusText(page)).toContain('training');
    const worker = await trainingWorker(page);
    await worker.evaluate(() => self.close()).catch(() => undefined);
    await page
      .getByRole('alert')
      .getByText(/stopped responding/)
      .waitFor({ timeout: 15_000 });
    await saveScreenshot(page, 'worker-crash');
    await page.getByRole('button', { name: 'Restart' }).click();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(() => statusText(page)).toMatch(/update [1-9]/);
    app.problems.splice(0);
  });

  it('never shows a frame of a replaced run after Reset, a dataset change or a data slider change', async () => {
    const page = app.page;
    await pressOnSlider(page, page.getByRole('slider', { name: 'Speed' }), 'End');
    await page.getByRole('slider', { name: 'Epochs' }).fill('20000');
    await recordStatusEpochs(page);
    const actions: (() => Promise<unknown>)[] = [
      () => page.getByRole('button', { name: 'Reset' }).click(),
      () => page.getByRole('radio', { name: 'XOR' }).click(),
      () => page.getByRole('slider', { name: 'Noise' }).fill('0.6'),
      () => page.getByRole('radio', { name: 'Circles' }).click(),
      () => page.getByRole('slider', { name: 'Train fraction' }).fill('0.5'),
    ];
    for (const action of actions) {
      await page.getByRole('button', { name: 'Train', exact: true }).click();
      await expect
        .poll(async () => Number(/epoch (\d+)\//.exec(await statusText(page))?.[1]), { timeout: 20_000 })
        .toBeGreaterThan(20);
      const before = await page.evaluate(() => performance.now());
      await action();
      await page.waitForTimeout(300);
      const shown = await epochsShownSince(page, before);
      // Until the click lands the old run may still draw; from the new run's first frame (epoch 0) on, the
      // epochs only count up: a frame of the replaced run would show a jump back.
      const start = shown.indexOf(0);
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
      const page = app.page;
      // A hidden control (presentation mode hides most) is skipped quickly rather than waited for.
      page.setDefaultTimeout(400);
      let seed = 20261129;
      const random = () => {
        seed = (seed + 0x6d2b79f5) >>> 0;
        let t = seed;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
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
      const buttons = ['Step batch', 'Step epoch', 'Reset', 'Undo', 'Pin run'];
      const datasets = ['Separable blobs', 'Overlapping blobs', 'XOR', 'Circles', 'Two moons', 'Spiral'];
      const actions: (() => Promise<unknown>)[] = [
        async () => {
          const train = page.getByRole('button', { name: 'Train', exact: true });
          // The button may swap to Pause or sit under the shortcut dialog by the time it is clicked.
          if (await train.isEnabled().catch(() => false))
            await train.click({ timeout: 1000 }).catch(() => undefined);
          else
            await page
              .getByRole('button', { name: 'Pause' })
              .click({ timeout: 1000 })
              .catch(() => undefined);
        },
        () =>
          page
            .getByRole('button', { name: pick(buttons), exact: true })
            .click({ timeout: 1000 })
            .catch(() => undefined),
        async () => {
          const slider = page.getByRole('slider', { name: pick(sliders), exact: true });
          if (await slider.isEnabled().catch(() => false)) {
            await slider.focus({ timeout: 1000 }).catch(() => undefined);
            await page.keyboard.press(pick(['Home', 'End', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown']));
          }
        },
        async () => {
          // A drag along a slider with the mouse, as a hand would.
          const slider = page.getByRole('slider', { name: pick(sliders), exact: true });
          const box = await slider.boundingBox().catch(() => null);
          if (box === null || !(await slider.isEnabled().catch(() => false))) return;
          const y = box.y + box.height / 2;
          await page.mouse.move(box.x + random() * box.width, y);
          await page.mouse.down();
          await page.mouse.move(box.x + random() * box.width, y, { steps: 5 });
          await page.mouse.up();
        },
        () => page.keyboard.press(pick(['Space', 'ArrowRight', 'Shift+ArrowRight', 'r', 'p', 'p', 'Escape'])),
        () =>
          page
            .getByRole('radio', { name: pick(datasets) })
            .click({ timeout: 1000 })
            .catch(() => undefined),
        () =>
          page
            .getByLabel('Preset')
            .selectOption({ index: 1 + Math.floor(random() * 7) })
            .catch(() => undefined),
        () =>
          page
            .getByLabel('Objective', { exact: true })
            .selectOption(pick(['logistic', 'hinge', 'squared', 'perceptron']))
            .catch(() => undefined),
        () =>
          page
            .getByLabel('Model', { exact: true })
            .selectOption(pick(['linear', 'network']))
            .catch(() => undefined),
        () =>
          page
            .getByLabel('Import CSV')
            .setInputFiles(pick([csvGood, csvBad]))
            .catch(() => undefined),
        async () => {
          await page
            .getByRole('radio', { name: pick(['Add +1', 'Add −1']) })
            .click({ timeout: 1000 })
            .catch(() => undefined);
          await clickPlane(page, random() * 10 - 5, random() * 10 - 5).catch(() => undefined);
        },
      ];
      for (let step = 0; step < 200; step++) {
        // Presentation mode hides most controls; leave it now and then so every kind of action stays reachable.
        if (step % 25 === 24) await page.keyboard.press('Escape');
        await pick(actions)();
      }
      await page.keyboard.press('Escape');
      page.setDefaultTimeout(30_000);
      await page.waitForTimeout(1000);
      expect(app.problems).toEqual([]);
      await expectNoNonFinite(page);
      const status = await statusText(page);
      const training = await page.getByRole('button', { name: 'Pause' }).isVisible();
      expect(status.includes('training')).toBe(training);
      if (!training)
        expect(await page.getByRole('button', { name: 'Train', exact: true }).isVisible()).toBe(true);
      await saveScreenshot(page, 'monkey');
    },
  );

  it('keeps every request on its own origin under a strict Content-Security-Policy, and never renders imported text as HTML', async () => {
    const page = app.page;
    const response = await page.request.get(app.url);
    const header = response.headers()['content-security-policy'] ?? '';
    for (const directive of ["object-src 'none'", "base-uri 'none'", "script-src 'self' 'wasm-unsafe-eval'"])
      expect(header).toContain(directive);
    expect(header).not.toContain("unsafe-eval'" + ' ');
    expect(header).not.toMatch(/'unsafe-eval'|'unsafe-inline'[^;]*script|script-src[^;]*'unsafe-inline'/);
    const html = await response.text();
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    await page.getByLabel('Engine').selectOption({ label: 'TensorFlow.js (CPU)' });
    await page.getByText(/Running: TensorFlow\.js/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await page.getByLabel('Learning rates in the sweep').fill('2');
    await page.getByLabel('Batch sizes in the sweep').fill('2');
    await page.getByRole('slider', { name: 'Epochs' }).fill('5');
    await page.getByRole('button', { name: 'Run sweep' }).click();
    await page.getByRole('button', { name: 'Start race' }).click();
    await expect
      .poll(() => page.getByRole('progressbar', { name: 'Sweep progress' }).getAttribute('value'), {
        timeout: 30_000,
      })
      .toBe('4');
    const hostile = join(tmpdir(), 'hostile.csv');
    writeFileSync(
      hostile,
      'x,y,label\n1,1,<img src=x onerror=alert(1)>\n-1,-1,<b>bold</b>\n2,2,<img src=x onerror=alert(1)>\n',
    );
    await page.getByLabel('Import CSV').setInputFiles(hostile);
    await page
      .getByText('Imported 3 points (<img src=x onerror=alert(1)> → +1, <b>bold</b> → −1).')
      .waitFor();
    expect(await page.locator('img[src="x"], .note b').count()).toBe(0);
    expect(app.problems).toEqual([]);
  });

  it('has no serious or critical axe-core issue on any view', async () => {
    const page = app.page;
    const require = createRequire(import.meta.url);
    const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    // Evaluated through the driver, which the page's Content-Security-Policy does not govern.
    await page.evaluate(axeSource);
    const audit = async (view: string) => {
      const results = await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run: (context: Document) => Promise<{
                violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[];
              }>;
            };
          }
        ).axe;
        const { violations } = await axe.run(document);
        return violations
          .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
          .map(
            (violation) =>
              `${violation.id} (${violation.impact}): ${JSON.stringify(violation.nodes.slice(0, 3).map((node) => node.target))}`,
          );
      });
      expect(results, view).toEqual([]);
    };
    await page.getByRole('button', { name: 'Step batch' }).click();
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await audit('main view after a step');
    await page.getByLabel('Model', { exact: true }).selectOption('network');
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await audit('network view');
    await page.getByLabel('Preset').selectOption({ index: 1 });
    await audit('preset view');
    await page.getByRole('button', { name: 'Presentation mode' }).click();
    await audit('presentation mode');
  });
});

describe('keyboard, screen readers, tables and reduced motion in Chromium', () => {
  it('works from the keyboard: Space, arrows, R and the shortcut list', async () => {
    const page = app.page;
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => statusText(page)).toMatch(/update 1(?!\d)/);
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => statusText(page)).toMatch(/epoch 1\//);
    await page.keyboard.press('Space');
    await expect.poll(() => statusText(page)).toContain('training');
    await page.keyboard.press('Space');
    await expect.poll(() => statusText(page)).toContain('paused');
    await page.keyboard.press('r');
    await expect.poll(() => statusText(page)).toMatch(/epoch 0\/.*ready/);
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toMatch(/Space.*Shift/s);
    await saveScreenshot(page, 'shortcuts');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // Every control is reachable with Tab: the first stops are the header's controls.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toMatch(/SELECT|BUTTON|INPUT/);
    expect(app.problems).toEqual([]);
  });

  it('announces epoch and accuracies politely, at most every two seconds', async () => {
    const page = app.page;
    await page.evaluate(() => {
      const region = [...document.querySelectorAll('[aria-live="polite"]')].find((node) =>
        node.classList.contains('visually-hidden'),
      )!;
      const log: [number, string][] = [];
      (window as unknown as { announcements: [number, string][] }).announcements = log;
      new MutationObserver(() => log.push([performance.now(), region.textContent ?? ''])).observe(region, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    await page.getByRole('slider', { name: 'Speed' }).fill('7');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForTimeout(6500);
    const log = await page.evaluate(() =>
      (window as unknown as { announcements: [number, string][] }).announcements.filter(
        ([, text]) => text !== '',
      ),
    );
    expect(log.length).toBeGreaterThanOrEqual(2);
    expect(log[0]![1]).toMatch(/Epoch \d+ of 100: train accuracy \d+\.\d %, test accuracy \d+\.\d %/);
    for (let k = 1; k < log.length; k++) expect(log[k]![0] - log[k - 1]![0]).toBeGreaterThanOrEqual(2000);
  });

  it('shows every chart as a table', async () => {
    const page = app.page;
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await page.getByRole('button', { name: 'Step epoch' }).click();
    const captions: [string, RegExp][] = [
      ['Objective per epoch', /^Objective per epoch/],
      ['Accuracy per epoch', /^Accuracy per epoch/],
      ['Learning rate per epoch', /^Learning rate per epoch/],
      ['Distance to optimum', /^Distance to the exact optimum/],
    ];
    for (const [title, caption] of captions) {
      await page.getByRole('button', { name: `${title} as table` }).click();
      const table = page.getByRole('table', { name: caption });
      await table.waitFor();
      expect(await table.getByRole('row').count()).toBeGreaterThanOrEqual(3);
    }
    expect(await page.getByRole('table', { name: /^Accuracy per epoch/ }).textContent()).toMatch(/\d+\.\d %/);
  });

  it('redraws at most four times a second when the user prefers reduced motion', async () => {
    const page = app.page;
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await recordStatusEpochs(page);
    // About 70 epochs a second: a normal page would redraw at every frame.
    await page.getByRole('slider', { name: 'Speed' }).fill('6');
    await page.getByRole('slider', { name: 'Epochs' }).fill('20000');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForTimeout(3000);
    const log = await page.evaluate(() => (window as unknown as { epochLog: [number, number][] }).epochLog);
    const updates = log.slice(1);
    expect(updates.length).toBeGreaterThanOrEqual(4);
    // 3 s at no more than 4 redraws a second, with a little slack for timer jitter.
    expect(updates.length).toBeLessThanOrEqual(15);
  });
});

describe.each([
  { name: 'projector', width: 1280, height: 720 },
  { name: 'phone', width: 390, height: 844 },
])('the $name screen', ({ name, width, height }) => {
  it(`is usable at ${width}×${height}`, async () => {
    const page = app.page;
    await page.setViewportSize({ width, height });
    await page.getByRole('button', { name: 'Step epoch' }).click();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForTimeout(1500);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    for (const control of [
      page.getByRole('button', { name: 'Pause' }),
      page.locator('canvas.boundary-canvas'),
    ]) {
      await control.scrollIntoViewIfNeeded();
      expect(await control.isVisible()).toBe(true);
    }
    const canvas = await page.locator('canvas.boundary-canvas').boundingBox();
    expect(canvas!.width).toBeGreaterThan(Math.min(300, width - 40));
    await saveScreenshot(page, `screen-${name}`);
  });
});
