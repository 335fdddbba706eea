import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PINNED_CHROMIUM_PACKAGE } from './chromium.ts';
import { launchBrowser } from './harness.ts';

describe('the test browser', () => {
  it('is the Chromium that package-lock.json pins, unless CHROMIUM_PATH says otherwise', async () => {
    const { browser, source, close } = await launchBrowser();
    try {
      if (process.env['CHROMIUM_PATH']) {
        expect(source).toBe('CHROMIUM_PATH');
        return;
      }
      if (process.platform !== 'linux' || process.arch !== 'x64') {
        expect(source).toBe('system');
        return;
      }
      const lock = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { version: string }>;
      };
      const pinned = lock.packages[`node_modules/${PINNED_CHROMIUM_PACKAGE}`]?.version ?? 'not in the lock';
      expect(source).toBe(PINNED_CHROMIUM_PACKAGE);
      // The package's major version is the Chromium major it ships.
      expect(browser.version().split('.')[0]).toBe(pinned.split('.')[0]);
      const page = await browser.newPage();
      const fromWorker = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const worker = new Worker(URL.createObjectURL(new Blob(['postMessage(6 * 7)'])));
            worker.onmessage = (event: MessageEvent<number>) => resolve(event.data);
          }),
      );
      expect(fromWorker).toBe(42);
    } finally {
      await close();
    }
  });
});
