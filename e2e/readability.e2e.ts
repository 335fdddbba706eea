/**
 * What the page draws stays readable at its edges: the lone point of a one-epoch run, the label of a
 * change marked near the y-axis, and every unknown parameter of a link.
 */
import { describe, expect, it } from 'vitest';
import { createUi } from './actions.ts';
import { useAppPage } from './harness.ts';

const app = useAppPage({ width: 1280, height: 720 });
const ui = createUi(app);

/** The live run's colour (#1d3557), as the charts draw its lines and dots. */
const LIVE_RGB = [0x1d, 0x35, 0x57] as const;

describe('readable at the edges', () => {
  it('draws the accuracy of a one-epoch run as two whole dots, the train one filled', async () => {
    await ui.setEpochs(1);
    await ui.trainToEnd();
    const figure = ui.figure(/^Accuracy per epoch/);
    const train = figure.locator('.series-trainAccuracy circle.recharts-line-dot');
    await train.waitFor();
    // The dot sits on the plot's right edge; the screen shows all of it, not a sliver.
    const box = (await train.boundingBox())!;
    const plot = (await figure.locator('.chart-hover-area').boundingBox())!;
    expect(box.x + box.width / 2).toBeCloseTo(plot.x + plot.width, 0);
    // Filled and outlined in the run's colour, the whole dot covers about 100 pixels; half of it, 50.
    const pixels = await ui.pixelsOf(train, LIVE_RGB);
    expect(pixels).toBeGreaterThan(75);
  });

  it('writes a change marked near the y-axis inside the plot, clear of the axis', async () => {
    await ui.stepEpoch();
    await expect.poll(() => ui.status()).toMatch(/update 14(?!\d)/);
    await ui.typeBatchSize(32);
    await ui.stepEpoch();
    const figure = ui.figure(/^Learning rate/);
    const label = figure.getByText('batch 32', { exact: true });
    await label.waitFor();
    const text = (await label.boundingBox())!;
    const plot = (await figure.locator('.chart-hover-area').boundingBox())!;
    expect(text.x).toBeGreaterThanOrEqual(plot.x);
    expect(text.x + text.width).toBeLessThanOrEqual(plot.x + plot.width);
    // The same on every chart that marks changes.
    for (const name of [/^Objective per epoch/, /^Accuracy per epoch/]) {
      const other = ui.figure(name);
      const box = (await other.getByText('batch 32', { exact: true }).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual((await other.locator('.chart-hover-area').boundingBox())!.x);
    }
  });

  it('names every unknown parameter of a link, "ds" as well as "bogus"', async () => {
    for (const search of ['?ds=1', '?bogus=1', '?data=moons&ds=spiral&bogus=2']) {
      await ui.page.goto(`${app.url}${search}`);
      const notices = ui.page.getByRole('status', { name: 'Link notices' });
      await notices.waitFor();
      const text = (await notices.textContent()) ?? '';
      for (const name of ['ds', 'bogus']) {
        expect(text.includes(`unknown parameter "${name}"`)).toBe(search.includes(`${name}=`));
      }
      expect(await notices.isVisible()).toBe(true);
    }
    expect(app.problems).toEqual([]);
  });
});
