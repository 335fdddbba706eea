/**
 * The first load in real Chromium: the JavaScript the page fetches before anyone acts on it, measured from
 * the files it actually requested (gzip by node:zlib, as `npm run size` counts them), and the labs that
 * load lazily afterwards: when they load, the place they keep meanwhile, and what a failed load shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIRST_LOAD_LIMIT_BYTES, formatKilobytes, gzipSize } from '../scripts/firstLoad.ts';
import { createUi } from './actions.ts';
import { useAppPage } from './harness.ts';

const app = useAppPage();
const ui = createUi(app);
const dist = process.env['E2E_DIST'] ?? 'dist';

/** The chunks of the lazily loaded panels and of the CSV reader, by the name Vite gives them. */
const LAZY_CHUNK = /\/assets\/(SweepPanel|RacePanel|ComparePanel|LearningRateFinder|csv)-[\w-]+\.js$/;

/** The page's own JavaScript requests so far (a worker's requests are in the worker's timeline, not here). */
const scriptsRequested = (page: Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => entry.name)
      .filter((name) => new URL(name).pathname.endsWith('.js')),
  );

/** The gzip size of a requested file, read from the build folder the preview server serves. */
const gzipOfUrl = (url: string) => gzipSize(readFileSync(join(dist, new URL(url).pathname)));

/** Waits until the page has drawn its first interactive frame, then a second more for anything it defers. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => performance.getEntriesByName('sgd-lab:first-frame').length > 0);
  await page.waitForTimeout(1000);
}

/** The rendered height of the section a heading names. */
const sectionHeight = (page: Page, heading: string) =>
  page
    .getByRole('heading', { name: heading, exact: true })
    .evaluate((element) => element.closest('section')!.getBoundingClientRect().height);

const LAB_HEADINGS = ['Compare runs', 'Sweep', 'The race: GD vs mini-batch vs SGD', 'Learning-rate finder'];

describe('the first load in Chromium', () => {
  it('fetches at most the limit of JavaScript before anyone acts, then the labs, and they work', async () => {
    await settle(ui.page);
    const before = await scriptsRequested(ui.page);
    const entry = before.filter((url) => !/\.worker-/.test(url));
    expect(entry.filter((url) => LAZY_CHUNK.test(url))).toEqual([]);
    const total = entry.reduce((sum, url) => sum + gzipOfUrl(url), 0);
    console.log(`first load: ${entry.length} file(s), ${formatKilobytes(total)} gzip`);
    expect(total).toBeGreaterThan(100_000);
    expect(total).toBeLessThanOrEqual(FIRST_LOAD_LIMIT_BYTES);

    // The first action fetches the labs; they work under the page's Content-Security-Policy.
    await ui.setEpochs(5);
    await ui.runSweep(2, 2);
    await expect.poll(() => ui.sweepDone(), { timeout: 60_000 }).toBe('4');
    await ui.startRace();
    await ui.text(/\(finished\)/).waitFor({ timeout: 60_000 });
    await ui.trainToEnd();
    await ui.pinRun();
    await ui.page.getByRole('button', { name: /^Unpin/ }).waitFor();
    const after = await scriptsRequested(ui.page);
    for (const lab of ['SweepPanel', 'RacePanel', 'ComparePanel', 'LearningRateFinder'])
      expect(after.some((url) => url.includes(`/assets/${lab}-`))).toBe(true);
    expect(app.problems).toEqual([]);
  });

  it('loads the labs once the page scrolls, in placeholders of about their height meanwhile', async () => {
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1280, height: 720 },
    ]) {
      await app.reopen({ viewport });
      await settle(ui.page);
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await ui.page.route(LAZY_CHUNK, async (route) => {
        await held;
        await route.continue();
      });
      await ui.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await expect.poll(() => ui.page.locator('.lab-placeholder[aria-busy="true"]').count()).toBe(4);
      const placeholders = await Promise.all(LAB_HEADINGS.map((heading) => sectionHeight(ui.page, heading)));
      release();
      await ui.page.getByRole('button', { name: 'Run sweep' }).waitFor();
      await ui.page.getByRole('button', { name: 'Pin run' }).waitFor();
      await expect.poll(() => ui.page.locator('.lab-placeholder').count()).toBe(0);
      const panels = await Promise.all(LAB_HEADINGS.map((heading) => sectionHeight(ui.page, heading)));
      const pairs = LAB_HEADINGS.map((heading, k) => `${heading} ${placeholders[k]} / ${panels[k]}`);
      console.log(`${viewport.width}×${viewport.height}, placeholder / panel px: ${pairs.join('; ')}`);
      for (const [k, panel] of panels.entries())
        expect(Math.abs(placeholders[k]! - panel), LAB_HEADINGS[k]).toBeLessThan(0.2 * panel);
    }
    expect(app.problems).toEqual([]);
  });

  it('loads the labs a tall screen shows without scrolling, with no action at all', async () => {
    await app.reopen({ viewport: { width: 1280, height: 2400 } });
    await settle(ui.page);
    await ui.page.getByRole('button', { name: 'Run sweep' }).waitFor();
    await ui.page.getByRole('button', { name: 'Pin run' }).waitFor();
    expect(app.problems).toEqual([]);
  });

  it('says in its place that a lab could not be loaded, and the rest of the page keeps training', async () => {
    await settle(ui.page);
    await ui.page.route(/\/assets\/SweepPanel-[\w-]+\.js$/, (route) => route.abort('internetdisconnected'));
    await ui.setEpochs(3);
    await ui
      .text('This panel could not be loaded; the rest of the page works. Reload the page to try again.')
      .waitFor();
    await ui.page.getByRole('button', { name: 'Start race' }).waitFor();
    await ui.trainToEnd();
    await expect(ui.status()).resolves.toMatch(/epoch 3 of 3/);
    // The failed request and React's report of the error it caught are the only complaints.
    expect(
      app.problems.filter(
        (problem) => !/SweepPanel|Failed to fetch|net::ERR_INTERNET_DISCONNECTED/.test(problem),
      ),
    ).toEqual([]);
  });
});
