/** What a user does and reads on the page, shared by the end-to-end tests. */
import type { Locator, Page } from 'playwright-core';

/** The percentage shown under a label such as "Test accuracy", or NaN while it shows a dash. */
export async function readPercent(page: Page, label: string): Promise<number> {
  const text = await page.getByLabel(label, { exact: true }).textContent();
  return Number.parseFloat(text ?? '');
}

/** How many vertices the line of a chart series has (each series is one path, named by its group's class). */
export async function vertexCount(page: Page, series: string): Promise<number> {
  const path = page.locator(`.series-${series} path.recharts-line-curve`);
  if ((await path.count()) === 0) return 0;
  const d = (await path.first().getAttribute('d')) ?? '';
  return (d.match(/[ML]/g) ?? []).length;
}

/**
 * A canvas as the screen shows it (PNG, base64), to tell whether it changed. A screenshot rather than the
 * canvas's own pixels: the boundary view's canvas belongs to a worker, and the page cannot read it.
 */
export async function canvasSnapshot(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).screenshot()).toString('base64');
}

/** How many pixels of an element, as the screen shows it, are within `tolerance` of the colour `rgb`. */
export async function colourPixels(
  page: Page,
  selector: string,
  rgb: readonly [number, number, number],
  tolerance = 40,
): Promise<number> {
  const png = (await page.locator(selector).screenshot()).toString('base64');
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

/** Moves a slider to its start or end with the keyboard, as a user would. */
export async function pressOnSlider(page: Page, slider: Locator, key: 'Home' | 'End'): Promise<void> {
  await slider.focus();
  await page.keyboard.press(key);
}

/** The status line's text, e.g. "epoch 3/100 update 42 lr 0.1 batch 10 paused". */
export async function statusText(page: Page): Promise<string> {
  return (await page.locator('.status').textContent()) ?? '';
}

/** The rows of the "What just happened" table: [label, W, mean gradient, −lr·gradient, W*] as numbers. */
export async function updateRows(page: Page): Promise<{ label: string; values: number[] }[]> {
  return page.locator('.update-table tbody tr').evaluateAll((rows) =>
    rows.map((row) => ({
      label: row.querySelector('th')?.textContent ?? '',
      values: [...row.querySelectorAll('td')].map((cell) => Number(cell.textContent)),
    })),
  );
}

/** Clicks the plane at plane coordinates (x1, x2) in [−6, 6]². */
export async function clickPlane(
  page: Page,
  x1: number,
  x2: number,
  modifiers: 'Shift'[] = [],
): Promise<void> {
  const canvas = page.locator('canvas.boundary-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the plane is not on screen');
  await canvas.click({
    position: { x: ((x1 + 6) / 12) * box.width, y: ((6 - x2) / 12) * box.height },
    modifiers,
  });
}
