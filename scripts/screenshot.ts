/**
 * Takes a screenshot of the built app after some training (npm run build first):
 * npx tsx scripts/screenshot.ts [milliseconds] [name] [dataset label]
 */
import { launchBrowser, saveScreenshot, startPreview, watchPage } from '../e2e/harness.ts';

const [milliseconds = '3000', name = 'screenshot', dataset = 'Overlapping blobs'] = process.argv.slice(2);
const server = await startPreview();
const { browser, close } = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems = watchPage(page, server.url);
  await page.goto(server.url);
  await page.getByRole('radio', { name: dataset }).click();
  await page.getByRole('button', { name: 'Train' }).click();
  await page.waitForTimeout(Number(milliseconds));
  console.log(await saveScreenshot(page, name));
  console.log(problems.join('\n') || 'no problems');
} finally {
  await close();
  server.stop();
}
