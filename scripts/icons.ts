/**
 * Draws the PNG icons of the web app manifest from public/favicon.svg in headless Chromium:
 * `npx tsx scripts/icons.ts`. The PNGs are committed (browsers that install an app want 192 and 512 pixel
 * PNGs); rerun this after changing the SVG. The maskable icon puts the drawing inside the middle 80 %
 * (the safe zone a launcher's mask keeps) on the icon's own background colour.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../e2e/harness.ts';

const publicFolder = join(import.meta.dirname, '..', 'public');
const svg = readFileSync(join(publicFolder, 'favicon.svg'), 'utf8');
/** The SVG's own background fill, which the maskable icon's bleed area repeats. */
const background = /<rect[^>]*fill="(#[0-9a-fA-F]{3,6})"/.exec(svg)?.[1] ?? '#1d3557';
const source = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

const icons = [
  { file: 'icon-192.png', size: 192, inset: 0 },
  { file: 'icon-512.png', size: 512, inset: 0 },
  { file: 'icon-maskable-512.png', size: 512, inset: 0.1 },
];

const { browser, close } = await launchBrowser();
try {
  for (const { file, size, inset } of icons) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const margin = Math.round(size * inset);
    await page.setContent(
      `<body style="margin:0;background:${inset > 0 ? background : 'transparent'}">` +
        `<img src="${source}" style="display:block;margin:${margin}px;width:${size - 2 * margin}px;height:${size - 2 * margin}px">` +
        '</body>',
    );
    await page.locator('img').evaluate((image: HTMLImageElement) => image.decode());
    await page.screenshot({ path: join(publicFolder, file), omitBackground: inset === 0 });
    await page.close();
    console.log(`public/${file}: ${size}×${size}`);
  }
} finally {
  await close();
}
