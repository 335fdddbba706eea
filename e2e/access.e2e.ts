/**
 * Security and accessibility in real Chromium: the Content-Security-Policy, axe-core, the keyboard,
 * the screen-reader announcements, charts as tables, reduced motion, and the projector and phone screens.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUi } from './actions.ts';
import { saveScreenshot, useAppPage } from './harness.ts';

const app = useAppPage();
const ui = createUi(app);

/** The serious and critical axe-core violations of the page as it is now, one line each. */
async function seriousAxeViolations(): Promise<string[]> {
  const require = createRequire(import.meta.url);
  // Evaluated through the driver, which the page's Content-Security-Policy does not govern.
  await ui.page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return ui.page.evaluate(async () => {
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
}

describe('security and accessibility in Chromium', () => {
  it('keeps every request on its own origin under a strict Content-Security-Policy, and never renders imported text as HTML', async () => {
    const response = await ui.page.request.get(app.url);
    const header = response.headers()['content-security-policy'] ?? '';
    for (const directive of ["object-src 'none'", "base-uri 'none'", "script-src 'self' 'wasm-unsafe-eval'"])
      expect(header).toContain(directive);
    expect(header).not.toContain("unsafe-eval'" + ' ');
    expect(header).not.toMatch(/'unsafe-eval'|'unsafe-inline'[^;]*script|script-src[^;]*'unsafe-inline'/);
    const html = await response.text();
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    await ui.pickEngine('TensorFlow.js (CPU)');
    await ui.text(/Running: TensorFlow\.js/).waitFor({ timeout: 30_000 });
    await ui.stepEpoch();
    await ui.fill('Learning rates in the sweep', 2);
    await ui.fill('Batch sizes in the sweep', 2);
    await ui.setEpochs(5);
    await ui.click('Run sweep');
    await ui.startRace();
    await expect.poll(() => ui.sweepDone(), { timeout: 30_000 }).toBe('4');
    const hostile = join(tmpdir(), 'hostile.csv');
    writeFileSync(
      hostile,
      'x,y,label\n1,1,<img src=x onerror=alert(1)>\n-1,-1,<b>bold</b>\n2,2,<img src=x onerror=alert(1)>\n',
    );
    await ui.importCsv(hostile);
    await ui.text('Imported 3 points (<img src=x onerror=alert(1)> → +1, <b>bold</b> → −1).').waitFor();
    expect(await ui.page.locator('img[src="x"], .note b').count()).toBe(0);
    expect(app.problems).toEqual([]);
  });

  it('has no serious or critical axe-core issue on any view', async () => {
    await ui.stepBatch();
    await ui.stepEpoch();
    expect(await seriousAxeViolations(), 'main view after a step').toEqual([]);
    await ui.pickModel('Neural network');
    await ui.stepEpoch();
    expect(await seriousAxeViolations(), 'network view').toEqual([]);
    await ui.applyPreset(1);
    expect(await seriousAxeViolations(), 'preset view').toEqual([]);
    await ui.togglePresentation();
    expect(await seriousAxeViolations(), 'presentation mode').toEqual([]);
  });
});

describe('keyboard, screen readers, tables and reduced motion in Chromium', () => {
  it('works from the keyboard: Space, arrows, R and the shortcut list', async () => {
    await ui.page.locator('body').click({ position: { x: 5, y: 5 } });
    await ui.press('ArrowRight');
    await expect.poll(() => ui.status()).toMatch(/update 1(?!\d)/);
    await ui.press('Shift+ArrowRight');
    await expect.poll(() => ui.epoch()).toBe(1);
    await ui.press('Space');
    await expect.poll(() => ui.status()).toContain('training');
    await ui.press('Space');
    await expect.poll(() => ui.status()).toContain('paused');
    await ui.press('r');
    await expect.poll(() => ui.status()).toMatch(/epoch 1 of .*batch 0 of.*ready/);
    await ui.press('?');
    const dialog = ui.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toMatch(/Space.*Shift/s);
    await saveScreenshot(ui.page, 'shortcuts');
    await ui.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    // Every control is reachable with Tab: the first stops are the header's controls.
    await ui.press('Tab');
    expect(await ui.page.evaluate(() => document.activeElement?.tagName)).toMatch(/SELECT|BUTTON|INPUT/);
    expect(app.problems).toEqual([]);
  });

  it('keeps the toolbar one height at every speed on a 1280 px projector', async () => {
    await ui.page.setViewportSize({ width: 1280, height: 720 });
    const height = () =>
      ui.page.locator('.toolbar').evaluate((toolbar) => toolbar.getBoundingClientRect().height);
    await ui.pressOnSlider('Speed', 'Home');
    const first = await height();
    const seen: string[] = [];
    for (let stop = 1; stop < 10; stop++) {
      await ui.pressOnSlider('Speed', 'ArrowRight');
      seen.push(await ui.sliderValue('Speed'));
      expect(await height()).toBe(first);
    }
    expect(seen).toContain('10,000 batches/s');
  });

  it('announces epoch and accuracies politely, at most every two seconds', async () => {
    await ui.page.evaluate(() => {
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
    await ui.setSlider('Speed', 7);
    await ui.train();
    await ui.page.waitForTimeout(6500);
    const log = await ui.page.evaluate(() =>
      (window as unknown as { announcements: [number, string][] }).announcements.filter(
        ([, text]) => text !== '',
      ),
    );
    expect(log.length).toBeGreaterThanOrEqual(2);
    expect(log[0]![1]).toMatch(/Epoch \d+ of 100: train accuracy \d+\.\d %, test accuracy \d+\.\d %/);
    for (let k = 1; k < log.length; k++) expect(log[k]![0] - log[k - 1]![0]).toBeGreaterThanOrEqual(2000);
  });

  it('shows every chart as a table', async () => {
    await ui.stepEpoch();
    await ui.stepEpoch();
    const captions: [string, RegExp][] = [
      ['Objective per epoch', /^Objective per epoch/],
      ['Accuracy per epoch', /^Accuracy per epoch/],
      ['Learning rate per epoch', /^Learning rate per epoch/],
      ['Distance to optimum', /^Distance to the exact optimum/],
    ];
    for (const [title, caption] of captions) {
      await ui.showTable(title);
      const table = ui.page.getByRole('table', { name: caption });
      await table.waitFor();
      expect(await table.getByRole('row').count()).toBeGreaterThanOrEqual(3);
    }
    expect(await ui.page.getByRole('table', { name: /^Accuracy per epoch/ }).textContent()).toMatch(
      /\d+\.\d %/,
    );
  });

  it('redraws at most four times a second when the user prefers reduced motion', async () => {
    await ui.page.emulateMedia({ reducedMotion: 'reduce' });
    await ui.recordEpochsShown();
    // About 70 epochs a second: a normal page would redraw at every frame.
    await ui.setSlider('Speed', 6);
    await ui.setEpochs(20000);
    await ui.train();
    await ui.page.waitForTimeout(3000);
    const updates = (await ui.epochsShown()).slice(1);
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
    await ui.page.setViewportSize({ width, height });
    await ui.stepEpoch();
    await ui.train();
    await ui.page.waitForTimeout(1500);
    const overflow = await ui.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    for (const control of [ui.button('Pause'), ui.plane()]) {
      await control.scrollIntoViewIfNeeded();
      expect(await control.isVisible()).toBe(true);
    }
    const canvas = await ui.plane().boundingBox();
    expect(canvas!.width).toBeGreaterThan(Math.min(300, width - 40));
    await saveScreenshot(ui.page, `screen-${name}`);
  });
});
