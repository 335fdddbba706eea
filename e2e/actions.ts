/**
 * What a user does and reads on the page, for the end-to-end tests: `const ui = createUi(app)`, then
 * `ui.pickDataset('Two moons')`, `ui.train()`, `ui.status()`. Actions act as a user would (by role and
 * label, with the mouse or the keyboard) and wait only for the control they use; readers return what the
 * screen shows. The tests hold the assertions.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page, Worker } from 'playwright-core';
import { expect } from 'vitest';

/** A canvas of the page, by what it draws. */
export type CanvasName = 'boundary' | 'order' | 'landscape';

/** One row of the "What just happened" table: [W, mean gradient, −lr·gradient, W*] as shown and as numbers. */
export interface UpdateRow {
  label: string;
  cells: string[];
  values: number[];
}

/** The actions and readers of one page; `source.page` is read at every call, so it follows the test's page. */
export function createUi(source: { readonly page: Page }) {
  const page = () => source.page;
  const button = (name: string | RegExp) => page().getByRole('button', { name, exact: true });
  const slider = (name: string) => page().getByRole('slider', { name, exact: true });
  const labelled = (label: string) => page().getByLabel(label, { exact: true });
  const canvas = (name: CanvasName) => page().locator(`canvas.${name}-canvas`);

  const ui = {
    /** The page itself, for what no user does (evaluate a script, list the workers). */
    get page(): Page {
      return page();
    },

    // Locators, for a test that reads a control's state.

    /** A button by its exact accessible name. */
    button,
    /** A slider by its exact accessible name. */
    slider,
    /** A control by its exact label. */
    labelled,
    /** A chart (a figure) by its accessible name. */
    figure: (name: string | RegExp) => page().getByRole('figure', { name }),
    /** The page's alert (divergence, worker fault, import error). */
    alert: () => page().getByRole('alert'),
    /** Text on the page. */
    text: (text: string | RegExp) => page().getByText(text),

    // The toolbar.

    /** Presses Train. */
    train: () => button('Train').click(),
    /** Presses Pause. */
    pause: () => button('Pause').click(),
    /** Presses Step batch. */
    stepBatch: () => button('Step batch').click(),
    /** Presses Step epoch. */
    stepEpoch: () => button('Step epoch').click(),
    /** Presses Step epoch `count` times, each time once the status line shows the last one's result. */
    async stepEpochs(count: number): Promise<void> {
      for (let k = 0; k < count; k++) {
        const before = await ui.status();
        await ui.stepEpoch();
        await expect.poll(() => ui.status()).not.toBe(before);
      }
    },
    /** Presses Reset. */
    reset: () => button('Reset').click(),
    /** Presses a button by its exact name (Restart, Undo, Clear, Pin run, …). */
    click: (name: string | RegExp) => button(name).click(),
    /** Presses a key or a chord on the page ("Space", "Shift+ArrowRight", "p"). */
    press: (key: string) => page().keyboard.press(key),
    /** Sets the speed to its fastest, trains, and waits until the status line says the run finished. */
    async trainToEnd(): Promise<void> {
      await ui.pressOnSlider('Speed', 'End');
      await ui.train();
      await expect.poll(() => ui.status(), { timeout: 30_000 }).toContain('finished');
    },

    // Settings.

    /** Picks a dataset by its label ("Separable blobs", "Two moons", …). */
    pickDataset: (label: string) => page().getByRole('radio', { name: label }).click(),
    /** Picks an objective by its label or its name ("Hinge", "squared"). */
    pickObjective: (option: string) => labelled('Objective').selectOption(option),
    /** Picks a model by its label ("Linear", "Neural network"). */
    pickModel: (label: string) => labelled('Model').selectOption({ label }),
    /** Picks an engine by its label ("TensorFlow.js (CPU)"). */
    pickEngine: (label: string) => page().getByLabel('Engine').selectOption({ label }),
    /** Applies a guided preset by its title, or by its place in the menu (1 is the first preset). */
    applyPreset: (preset: string | number) =>
      page()
        .getByLabel('Preset')
        .selectOption(typeof preset === 'number' ? { index: preset } : { label: preset }),
    /** The titles of the presets the menu offers. */
    presetTitles: () => page().getByLabel('Preset').locator('option:not([disabled])').allTextContents(),
    /** Types a value into a slider (its position, as the slider's own input takes it). */
    setSlider: (name: string, value: number | string) => slider(name).fill(String(value)),
    /** Focuses an enabled slider and presses a key on it ("Home", "End", "ArrowLeft", "PageUp", …). */
    async pressOnSlider(name: string, key: string): Promise<void> {
      await expectEnabled(slider(name), name);
      await slider(name).focus();
      await page().keyboard.press(key);
    },
    /** Drags a slider with the mouse from one fraction of its width to another. */
    async dragSlider(name: string, from: number, to: number): Promise<void> {
      await expectEnabled(slider(name), name);
      const box = await slider(name).boundingBox();
      if (box === null) throw new Error(`the slider ${name} is not on screen`);
      const y = box.y + box.height / 2;
      await page().mouse.move(box.x + from * box.width, y);
      await page().mouse.down();
      await page().mouse.move(box.x + to * box.width, y, { steps: 5 });
      await page().mouse.up();
    },
    /** What a slider says it is set to (its aria-valuetext, e.g. "140 (full batch)"). */
    sliderValue: async (name: string) => (await slider(name).getAttribute('aria-valuetext')) ?? '',
    /** Types an epoch count into the box beside the (log-scale) Epochs slider. */
    setEpochs: (count: number) => labelled('Epochs value').fill(String(count)),
    /** Types a batch size into the box beside its slider. */
    typeBatchSize: (size: number) => labelled('Batch size value').fill(String(size)),
    /** Types into a text or number field by its label. */
    fill: (label: string, value: number | string) => page().getByLabel(label).fill(String(value)),
    /** What a select shows as chosen (its value). */
    selected: (label: string) => labelled(label).inputValue(),

    // Own data.

    /** Picks a drawing tool on the plane: "Add +1", "Add −1" or "Erase". */
    pickDrawTool: (name: 'Add +1' | 'Add −1' | 'Erase') => page().getByRole('radio', { name }).click(),
    /** Clicks the plane at plane coordinates (x1, x2) in [−6, 6]², with Shift for the other class. */
    async clickPlane(x1: number, x2: number, { shift = false } = {}): Promise<void> {
      const box = await planeBox();
      await canvas('boundary').click({
        position: { x: toPlaneX(box, x1) - box.x, y: toPlaneY(box, x2) - box.y },
        modifiers: shift ? ['Shift'] : [],
      });
    },
    /** Drags across the plane with the mouse from one point (x1, x2) to another. */
    async dragOnPlane(from: readonly [number, number], to: readonly [number, number]): Promise<void> {
      const box = await planeBox();
      const mouse = page().mouse;
      await mouse.move(toPlaneX(box, from[0]), toPlaneY(box, from[1]));
      await mouse.down();
      await mouse.move(toPlaneX(box, to[0]), toPlaneY(box, to[1]), { steps: 10 });
      await mouse.up();
    },
    /** How many points of the user's own the data panel counts. */
    ownPointCount: async () =>
      Number(
        (
          await page()
            .getByText(/Your own points: \d+/)
            .textContent()
        )?.match(/\d+/)?.[0],
      ),
    /** Imports a CSV file of points. */
    importCsv: (path: string) => page().getByLabel('Import CSV').setInputFiles(path),
    /** Presses a button that downloads a file and returns the file's contents. */
    async download(name: string): Promise<Buffer> {
      const download = page().waitForEvent('download');
      await button(name).click();
      return readFileSync(await (await download).path());
    },
    /** Opens the Export menu, picks an item and returns the downloaded file's contents. */
    async exportFile(item: string): Promise<Buffer> {
      await button('Export').click();
      const download = page().waitForEvent('download');
      await page().getByRole('menuitem', { name: item }).click();
      return readFileSync(await (await download).path());
    },

    // Exploration.

    /** Pins the live run to the charts. */
    pinRun: () => button('Pin run').click(),
    /** Starts a twin of the live run that differs in one parameter. */
    async twinRun(parameter: string, value: number | string): Promise<void> {
      await page().getByLabel('Twin parameter').selectOption({ label: parameter });
      await page().getByLabel('Twin value').fill(String(value));
      await button('Twin run').click();
    },
    /** Runs a sweep over so many learning rates and batch sizes. */
    async runSweep(learningRates: number, batchSizes: number): Promise<void> {
      await page().getByLabel('Learning rates in the sweep').fill(String(learningRates));
      await page().getByLabel('Batch sizes in the sweep').fill(String(batchSizes));
      await button('Run sweep').click();
    },
    /** How many runs of the sweep are done, as its progress bar says. */
    sweepDone: () => page().getByRole('progressbar', { name: 'Sweep progress' }).getAttribute('value'),
    /** Starts the race of full-batch GD, mini-batch and SGD. */
    startRace: () => button('Start race').click(),
    /** Shows a chart as a table, by the chart's title. */
    showTable: (title: string) => button(`${title} as table`).click(),
    /** Switches presentation mode with its button. */
    togglePresentation: () => button('Presentation mode').click(),
    /** Whether presentation mode is on, as its button says. */
    presenting: async () => (await button('Presentation mode').getAttribute('aria-pressed')) === 'true',

    // What the screen shows.

    /** The status line's text, e.g. "epoch 3 of 100batch 14 of 14update 42lr 0.1paused" (its fields run together). */
    status: async () => (await page().locator('.status').textContent()) ?? '',
    /** The epoch the status line shows (the last update's, counted from 1), or NaN. */
    epoch: async () => Number(/epoch (\d+) of/.exec(await ui.status())?.[1]),
    /** The train accuracy in percent, or NaN while it shows a dash. */
    trainAccuracy: () => readPercent('Train accuracy'),
    /** The test accuracy in percent, or NaN while it shows a dash. */
    testAccuracy: () => readPercent('Test accuracy'),
    /** How many vertices the line of a chart series has (each series is one path, named by its group's class). */
    async vertexCount(series: string): Promise<number> {
      const path = page().locator(`.series-${series} path.recharts-line-curve`);
      if ((await path.count()) === 0) return 0;
      const d = (await path.first().getAttribute('d')) ?? '';
      return (d.match(/[ML]/g) ?? []).length;
    },
    /**
     * A canvas as the screen shows it (PNG, base64), to tell whether it changed. A screenshot rather than
     * the canvas's own pixels: the boundary view's canvas belongs to a worker, and the page cannot read it.
     */
    snapshot: async (name: CanvasName) => (await canvas(name).screenshot()).toString('base64'),
    /** The plane's canvas. */
    plane: () => canvas('boundary'),
    /** How many pixels of the plane, as the screen shows it, are within `tolerance` of the colour `rgb`. */
    planePixelsOf: (rgb: readonly [number, number, number], tolerance = 40) =>
      countColourPixels(page(), canvas('boundary'), rgb, tolerance),
    /** A chart's data as its table shows it (one row of cells per point), opening the table if need be. */
    async chartTable(title: string): Promise<string[][]> {
      const toggle = button(`${title} as table`);
      if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
      return toggle
        .locator('xpath=ancestor::figure[1]')
        .locator('table.chart-table tbody tr')
        .evaluateAll((rows) =>
          rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')),
        );
    },
    /** The cosine of the last batch's mean gradient with the full gradient, as the gradient view shows it. */
    gradientCosine: async () => Number((await labelled('Gradient cosine').textContent()) ?? ''),
    /** How many pixels of an element, as the screen shows it, are within `tolerance` of the colour `rgb`. */
    pixelsOf: (element: Locator, rgb: readonly [number, number, number], tolerance = 40) =>
      countColourPixels(page(), element, rgb, tolerance),
    /** The rows of the "What just happened" table. */
    updateRows: (): Promise<UpdateRow[]> =>
      page()
        .locator('.update-table tbody tr')
        .evaluateAll((rows) =>
          rows.map((row) => {
            const cells = [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '');
            return { label: row.querySelector('th')?.textContent ?? '', cells, values: cells.map(Number) };
          }),
        ),
    /** The weights after the last update (the W* column). */
    weightsAfterUpdate: async () => (await ui.updateRows()).map((row) => row.values[3] ?? Number.NaN),
    /** Every text and chart path on the page that reads NaN or Infinity (none, on a healthy page). */
    async nonFiniteReadings(): Promise<string[]> {
      const text = await page().locator('body').innerText();
      const paths = await page()
        .locator('path.recharts-line-curve')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('d') ?? ''));
      return [text, ...paths].filter((reading) => /NaN|Infinity/.test(reading));
    },
    /** The training worker, once the page has started it. */
    async trainingWorker(): Promise<Worker> {
      const find = () =>
        page()
          .workers()
          .find((worker) => worker.url().includes('training.worker'));
      await expect.poll(() => find() !== undefined).toBe(true);
      return find()!;
    },
    /** Starts recording every epoch number the status line shows, with the page's clock. */
    recordEpochsShown: () =>
      page().evaluate(() => {
        const log: [number, number][] = [];
        (window as unknown as { epochLog: [number, number][] }).epochLog = log;
        const status = document.querySelector('.status')!;
        const read = () => {
          const epoch = Number(/epoch (\d+) of/.exec(status.textContent ?? '')?.[1]);
          if (log.length === 0 || log[log.length - 1]![1] !== epoch) log.push([performance.now(), epoch]);
        };
        read();
        new MutationObserver(read).observe(status, { subtree: true, childList: true, characterData: true });
      }),
    /** The epochs the status line has shown since the page's time `since` (see `recordEpochsShown`). */
    epochsShown: (since = 0) =>
      page().evaluate(
        (start) =>
          (window as unknown as { epochLog: [number, number][] }).epochLog
            .filter(([time]) => time >= start)
            .map(([, epoch]) => epoch),
        since,
      ),
    /** The page's clock, to mark a moment for `epochsShown`. */
    now: () => page().evaluate(() => performance.now()),
  };

  async function readPercent(label: string): Promise<number> {
    return Number.parseFloat((await labelled(label).textContent()) ?? '');
  }

  async function planeBox(): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await canvas('boundary').boundingBox();
    if (!box) throw new Error('the plane is not on screen');
    return box;
  }

  return ui;
}

/** The actions and readers of one page. */
export type Ui = ReturnType<typeof createUi>;

/** Throws when a control is disabled: a user cannot use it. */
async function expectEnabled(control: Locator, name: string): Promise<void> {
  if (!(await control.isEnabled())) throw new Error(`${name} is disabled`);
}

/** The screen x of plane coordinate x1 in [−6, 6]. */
function toPlaneX(box: { x: number; width: number }, x1: number): number {
  return box.x + ((x1 + 6) / 12) * box.width;
}

/** The screen y of plane coordinate x2 in [−6, 6] (x2 grows upwards). */
function toPlaneY(box: { y: number; height: number }, x2: number): number {
  return box.y + ((6 - x2) / 12) * box.height;
}

/** How many pixels of an element, as the screen shows it, are within `tolerance` of the colour `rgb`. */
async function countColourPixels(
  page: Page,
  element: Locator,
  rgb: readonly [number, number, number],
  tolerance: number,
): Promise<number> {
  const png = (await element.screenshot()).toString('base64');
  return page.evaluate(
    async ({ png, rgb, tolerance }) => {
      const text = atob(png);
      const bytes = new Uint8Array(text.length);
      for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2-D context');
      context.drawImage(bitmap, 0, 0);
      const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      let count = 0;
      for (let k = 0; k < pixels.length; k += 4) {
        if (
          Math.abs(pixels[k]! - rgb[0]) <= tolerance &&
          Math.abs(pixels[k + 1]! - rgb[1]) <= tolerance &&
          Math.abs(pixels[k + 2]! - rgb[2]) <= tolerance
        ) {
          count++;
        }
      }
      return count;
    },
    { png, rgb, tolerance },
  );
}
