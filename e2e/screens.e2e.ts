/**
 * The page at every screen size, as a student, a teacher with a projector and a phone user see it: the
 * first screen at 1280×720 holds the main loop, presentation mode fits one screen with what the preset's
 * text names, touch targets are at least 44 px, and no width from 360 to 1920 px scrolls sideways.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { presetIds, presets, type Preset, type PresetId, type PresetView } from '../src/state/presets.ts';
import { createUi } from './actions.ts';
import { saveScreenshot, useAppPage, type ContextOptions } from './harness.ts';

const app = useAppPage();
const ui = createUi(app);

const DESKTOP: ContextOptions = { viewport: { width: 1920, height: 1080 } };
const LAPTOP: ContextOptions = { viewport: { width: 1280, height: 720 } };
const TABLET: ContextOptions = { viewport: { width: 1024, height: 768 }, touch: true };
const PHONE: ContextOptions = { viewport: { width: 390, height: 844 }, touch: true };

/** How far the page scrolls: its content's width and height against the window's. */
function pageExtent(page: Page) {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { width: root.scrollWidth, height: root.scrollHeight, innerWidth, innerHeight };
  });
}

/** An element's box on the page (not the viewport), or a failure naming it when it is not drawn. */
async function pageBox(locator: Locator, name: string) {
  const box = await locator.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return { top: rect.top + scrollY, bottom: rect.bottom + scrollY, width: rect.width, height: rect.height };
  });
  expect(box.width, `${name} has a width`).toBeGreaterThan(0);
  return box;
}

/** What a user looks for, by role and name, for each view a preset's text may name. */
function viewLocators(page: Page): Record<PresetView, Locator> {
  return {
    batchSize: page.getByRole('slider', { name: 'Batch size', exact: true }),
    dataControls: page.getByRole('slider', { name: 'Points', exact: true }),
    modelControls: page.getByRole('combobox', { name: 'Model', exact: true }),
    gradients: page.getByRole('region', { name: "The batch's gradients" }),
    rateChart: page.getByRole('figure', { name: 'Learning rate per epoch' }),
    distanceChart: page.getByRole('figure', { name: 'Distance to optimum' }),
    sharpnessChart: page.getByRole('figure', { name: 'Sharpness', exact: true }),
    gradientNoise: page.getByRole('img', { name: /^Gradient noise against batch size/ }),
    noiseScaleChart: page.getByRole('figure', { name: 'Noise scale per epoch' }),
  };
}

/** The views of the "Curvature & noise" section, which a preset that opens it names on a projector. */
const INSIGHTS_VIEWS: readonly PresetView[] = ['sharpnessChart', 'gradientNoise', 'noiseScaleChart'];

/** The screenshot of presentation mode each size keeps: one preset at each, two of them the insights'. */
const PRESENTATION_SCREENSHOTS: Record<string, Partial<Record<PresetId, string>>> = {
  '1920x1080': { noisyBatch: 'presentation-1920x1080', howLargeABatch: 'presentation-batch-1920x1080' },
  '1280x720': {
    noisyBatch: 'presentation-1280x720',
    edgeOfStability: 'presentation-edge-1280x720',
    howLargeABatch: 'presentation-batch-1280x720',
    closeButNotExact: 'presentation-close-1280x720',
  },
};

/** The smallest size on screen of the Gradient noise plot's text (an SVG drawn to scale), to 0.01 px. */
function noisePlotTextSize(page: Page) {
  return page.locator('svg.noise-plot text').evaluateAll((texts) =>
    Math.min(
      ...texts.map((text) => {
        const matrix = (text as SVGTextElement).getScreenCTM();
        const scale = matrix === null ? 0 : Math.hypot(matrix.a, matrix.b);
        return Math.round(parseFloat(getComputedStyle(text).fontSize) * scale * 100) / 100;
      }),
    ),
  );
}

/**
 * The axis titles that reach outside their chart's SVG, with how far: every chart's (Recharts draws them as
 * labels) and the Gradient noise plot's, of the charts on the screen.
 */
function axisTitlesOutside(page: Page) {
  return page.locator('figure.chart svg').evaluateAll((svgs) =>
    svgs.flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return [];
      const chart = svg.closest('figure')?.getAttribute('aria-label') ?? 'a chart';
      const titles = [...svg.querySelectorAll(':scope text.recharts-label, :scope text.noise-axis-title')];
      return titles.flatMap((title) => {
        const text = title.getBoundingClientRect();
        const outside = Math.max(
          box.left - text.left,
          box.top - text.top,
          text.right - box.right,
          text.bottom - box.bottom,
        );
        return outside > 0.5 ? [`${chart}: "${title.textContent}" ${outside.toFixed(1)} px outside`] : [];
      });
    }),
  );
}

/** The pairs of texts of the Gradient noise plot whose boxes overlap, and its texts outside its box. */
function noisePlotTextClashes(page: Page) {
  return page.locator('svg.noise-plot').evaluateAll((svgs) =>
    svgs.flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      const texts = [...svg.querySelectorAll('text')].map((text) => ({
        name: text.textContent ?? '',
        rect: text.getBoundingClientRect(),
      }));
      const clashes = texts
        .filter(
          ({ rect }) =>
            rect.left < box.left || rect.right > box.right || rect.top < box.top || rect.bottom > box.bottom,
        )
        .map(({ name }) => `"${name}" outside the plot`);
      texts.forEach((one, index) => {
        for (const other of texts.slice(index + 1)) {
          const apart =
            one.rect.right <= other.rect.left ||
            other.rect.right <= one.rect.left ||
            one.rect.bottom <= other.rect.top ||
            other.rect.bottom <= one.rect.top;
          if (!apart) clashes.push(`"${one.name}" overlaps "${other.name}"`);
        }
      });
      return clashes;
    }),
  );
}

/** Turns presentation mode on with its header button and waits for the layout to settle. */
async function present(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Presentation mode' }).click();
  await expect.poll(() => page.locator('.app.presentation').count()).toBe(1);
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

/**
 * The controls a finger must hit that are smaller than 44 px in their smaller dimension, with no label of
 * that size around them. A visually hidden input (1 px, the file picker behind "Import CSV…") is no target.
 */
function smallTouchTargets(page: Page) {
  return page.evaluate(() => {
    const selector =
      'button, select, input[type="checkbox"], input[type="radio"], input[type="range"], [role="radio"], [role="checkbox"], [role="slider"]';
    const small: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      const box = element.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || element.closest('[hidden], dialog:not([open])')) continue;
      if (getComputedStyle(element).visibility === 'hidden') continue;
      const label = element.closest('label');
      const target = label ? label.getBoundingClientRect() : box;
      const size = Math.min(Math.max(box.width, target.width), Math.max(box.height, target.height));
      if (size < 44) {
        const name = element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName;
        small.push(
          `${element.tagName.toLowerCase()} "${name.slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        );
      }
    }
    return small;
  });
}

describe('screens', () => {
  it.each([360, 600, 800, 900, 1100, 1440, 1920])('at %i px wide nothing scrolls sideways', async (width) => {
    await app.reopen({ viewport: { width, height: 900 } });
    const extent = await pageExtent(ui.page);
    expect(extent.width).toBeLessThanOrEqual(extent.innerWidth);
    expect(app.problems).toEqual([]);
  });

  it('at 1280×720 the first screen holds the data, the three controls, Train, the plane, both charts and the last update', async () => {
    await app.reopen(LAPTOP);
    const page = ui.page;
    const required: [string, Locator][] = [
      ['the dataset choice', page.getByRole('radiogroup', { name: 'Dataset' })],
      ['the Learning rate slider', ui.slider('Learning rate')],
      ['the Annealing rate slider', ui.slider('Annealing rate')],
      ['the Batch size slider', ui.slider('Batch size')],
      ['the Train button', ui.button('Train')],
      ['the Step batch button', ui.button('Step batch')],
      ['the boundary', page.getByRole('img', { name: /The plane with the training and test points/ })],
      ['the objective chart', ui.figure('Objective per epoch')],
      ['the accuracy chart', ui.figure('Accuracy per epoch')],
      [
        'the last update',
        page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'W before' }) }),
      ],
    ];
    const extent = await pageExtent(page);
    expect(extent.width).toBeLessThanOrEqual(1280);
    for (const [name, locator] of required) {
      const box = await pageBox(locator, name);
      expect(box.bottom, `${name} ends within the first 720 px`).toBeLessThanOrEqual(720);
    }
    await saveScreenshot(page, 'screens-1280x720');
    await ui.stepBatch();
    await ui.text(/Ringed: batch 1 of/).waitFor();
    expect((await ui.updateRows()).map((row) => row.label)).toEqual(['w₁', 'w₂', 'b']);
    expect(app.problems).toEqual([]);
  });

  it('at 1920×1080 the training controls and the last update are above the fold', async () => {
    await app.reopen(DESKTOP);
    for (const name of ['Learning rate', 'Annealing rate', 'Batch size']) {
      expect((await pageBox(ui.slider(name), name)).bottom).toBeLessThanOrEqual(1080);
    }
    const update = ui.page.getByRole('region', { name: 'What just happened' });
    expect((await pageBox(update, 'the last update')).bottom).toBeLessThanOrEqual(1080);
    await saveScreenshot(ui.page, 'screens-1920x1080');
  });

  it.each([
    ['tablet', TABLET],
    ['phone', PHONE],
  ] as const)(
    'on a %s the charts sit beside or right under the plane, every target is 44 px',
    async (name, options) => {
      await app.reopen(options);
      const page = ui.page;
      const extent = await pageExtent(page);
      expect(extent.width).toBeLessThanOrEqual(extent.innerWidth);
      const plane = await pageBox(page.getByRole('region', { name: 'Decision boundary' }), 'the plane');
      const objective = await pageBox(ui.figure('Objective per epoch'), 'the objective');
      // Beside: the chart starts level with the plane; under: it starts at most 240 px below the plane.
      expect(objective.top).toBeLessThanOrEqual(plane.bottom + 240);
      expect(await smallTouchTargets(page)).toEqual([]);
      await saveScreenshot(page, `screens-${name}`);
      expect(app.problems).toEqual([]);
    },
  );

  it.each([
    ['1920x1080', DESKTOP],
    ['1280x720', LAPTOP],
  ] as const)(
    'presentation mode at %s fits one screen with each preset’s named views',
    async (size, options) => {
      await app.reopen(options);
      const page = ui.page;
      await present(page);
      const views = viewLocators(page);
      for (const id of presetIds) {
        await ui.applyPreset(presets[id].title);
        const preset: Preset = presets[id];
        const insightsViews = preset.views.filter((view) => INSIGHTS_VIEWS.includes(view));
        // A preset that opens Curvature & noise talks about its charts: the projector shows them too.
        expect(insightsViews.length > 0, `${id}: names the insights it opens`).toBe(
          preset.opens !== undefined,
        );
        // The section's content loads when it first opens; the noise plot is drawn once the run's first
        // measurement arrives.
        for (const view of insightsViews) await views[view].waitFor();
        await page.evaluate(
          () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
        );
        // Saved before the checks, so that a failing check leaves the screen it failed on.
        const screenshot = PRESENTATION_SCREENSHOTS[size]?.[id];
        if (screenshot !== undefined) await saveScreenshot(page, screenshot);
        const extent = await pageExtent(page);
        expect(extent.height, `${id}: the page's height`).toBeLessThanOrEqual(extent.innerHeight);
        expect(extent.width, `${id}: the page's width`).toBeLessThanOrEqual(extent.innerWidth);
        await expect(page.getByLabel('Preset').isVisible()).resolves.toBe(true);
        for (const [name, locator] of [
          ['the plane', page.locator('canvas.boundary-canvas')],
          ['the objective', ui.figure('Objective per epoch')],
          ['the accuracy', ui.figure('Accuracy per epoch')],
          ...presets[id].views.map((view) => [view, views[view]] as const),
        ] as const) {
          await expect(locator.isVisible(), `${id}: ${name} is visible`).resolves.toBe(true);
          const box = await pageBox(locator, `${id}: ${name}`);
          expect(box.bottom, `${id}: ${name} is on the screen`).toBeLessThanOrEqual(extent.innerHeight);
        }
        expect(await axisTitlesOutside(page), `${id}: axis titles outside their charts`).toEqual([]);
        if (preset.views.includes('gradientNoise')) {
          expect(await noisePlotTextSize(page), `${id}: the noise plot's type`).toBeGreaterThanOrEqual(20);
          expect(await noisePlotTextClashes(page), `${id}: the noise plot's labels`).toEqual([]);
        }
      }
      const tickSizes = await page
        .locator('figure.chart text.recharts-cartesian-axis-tick-value')
        .evaluateAll((texts) => texts.map((text) => parseFloat(getComputedStyle(text).fontSize)));
      expect(tickSizes.length).toBeGreaterThan(0);
      expect(Math.min(...tickSizes)).toBeGreaterThanOrEqual(20);
      expect(app.problems).toEqual([]);
    },
  );

  it('at 1280×720 on the page, every chart of the main loop and of Curvature & noise keeps its axis titles inside', async () => {
    await app.reopen(LAPTOP);
    const page = ui.page;
    await ui.applyPreset(presets.howLargeABatch.title);
    const noisePlot = viewLocators(page).gradientNoise;
    await noisePlot.waitFor();
    await ui.stepEpochs(3);
    await noisePlot.scrollIntoViewIfNeeded();
    expect(await axisTitlesOutside(page)).toEqual([]);
    expect(await noisePlotTextClashes(page)).toEqual([]);
    await saveScreenshot(page, 'axis-titles-1280x720');
    expect(app.problems).toEqual([]);
  });

  it('presentation mode shows the views a preset names though the user closed their section before', async () => {
    await app.reopen(LAPTOP);
    const page = ui.page;
    await ui.applyPreset(presets.edgeOfStability.title);
    await ui.button('Close').click();
    await expect.poll(() => page.getByRole('region', { name: 'Curvature and noise' }).count()).toBe(0);
    await present(page);
    const sharpness = viewLocators(page).sharpnessChart;
    await sharpness.waitFor();
    await expect(sharpness.isVisible()).resolves.toBe(true);
    expect(app.problems).toEqual([]);
  });
});
