/** Takes a screenshot of the built app after a few seconds of training: npx tsx scripts/screenshot.ts */
import { launchBrowser, saveScreenshot, startPreview, watchPage } from '../e2e/harness.ts';

const server = await startPreview(4179);
const { browser, close } = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const problems = watchPage(page, server.url);
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Train' }).click();
  await page.waitForTimeout(Number(process.argv[2] ?? 3000));
  console.log(await saveScreenshot(page, process.argv[3] ?? 'screenshot'));
  console.log(problems.join('\n') || 'no problems');
} finally {
  await close();
  server.stop();
}
