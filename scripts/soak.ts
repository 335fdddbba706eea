/**
 * Soak test (npm run soak): trains 20,000 epochs at 1,000 points in real Chromium with the TensorFlow.js
 * engine (full batch, so every epoch is one tfjs gradient), and prints the page's JS heap, the worker's live
 * tfjs tensors and the page's history lengths after a warm-up and at the end. Each must end within 10 % of
 * where it began; the exit code says whether they did.
 */
import { launchBrowser, startPreview } from '../e2e/harness.ts';

const EPOCHS = 20_000;
const WARM_UP_EPOCHS = 1_000;

interface Stats {
  epoch: number;
  state: string;
  history: number;
  batchSamples: number;
  trajectory: number;
  tensors: number | null;
}

const server = await startPreview();
const { browser, close } = await launchBrowser(['--js-flags=--expose-gc', '--enable-precise-memory-info']);
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  const stats = () => page.evaluate(() => (window as unknown as { sgdLabStats: () => Stats }).sgdLabStats());
  // The page's V8 heap after a full collection, as DevTools reports it (performance.memory lags behind a
  // collection and is rounded).
  const devtools = await page.context().newCDPSession(page);
  const heap = async () => {
    await devtools.send('HeapProfiler.collectGarbage');
    return (await devtools.send('Runtime.getHeapUsage')).usedSize;
  };
  const waitForEpoch = async (epoch: number) => {
    for (;;) {
      const now = await stats();
      if (now.epoch >= epoch || now.state === 'finished' || now.state === 'diverged') return now;
      await page.waitForTimeout(250);
    }
  };
  await page.getByRole('slider', { name: 'Points', exact: true }).fill('6');
  await page.getByLabel('Engine').selectOption({ label: 'TensorFlow.js (CPU)' });
  await page.getByText(/Running: TensorFlow\.js/).waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'all = full batch' }).click();
  await page.getByRole('slider', { name: 'Epochs', exact: true }).fill(String(EPOCHS));
  await page.getByRole('slider', { name: 'Speed', exact: true }).focus();
  await page.keyboard.press('End');
  const started = Date.now();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForEpoch(WARM_UP_EPOCHS);
  // Both heaps are measured with the run stopped, so the charts hold all their data both times (while
  // training they keep their axes and take new data only when a value leaves them).
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.waitForTimeout(500);
  const startStats = await stats();
  const startHeap = await heap();
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const endStats = await waitForEpoch(EPOCHS);
  await page.waitForTimeout(500);
  const endHeap = await heap();
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `SGD Lab soak: ${endStats.epoch.toLocaleString('en')} epochs at 1,000 points (tfjs, full batch) in ${seconds.toFixed(0)} s, state ${endStats.state}`,
  );
  const rows: [string, number, number][] = [
    ['JS heap (MB)', startHeap / 1e6, endHeap / 1e6],
    ['tfjs tensors (worker)', startStats.tensors ?? Number.NaN, endStats.tensors ?? Number.NaN],
    ['epoch history', startStats.history, endStats.history],
    ['per-batch samples', startStats.batchSamples, endStats.batchSamples],
    ['trajectory points', startStats.trajectory, endStats.trajectory],
  ];
  console.log(
    `${'measure'.padEnd(24)} | ${`at epoch ${startStats.epoch}`.padStart(16)} | ${`at epoch ${endStats.epoch}`.padStart(16)} | change`,
  );
  console.log(`${'-'.repeat(24)}-+-${'-'.repeat(16)}-+-${'-'.repeat(16)}-+-------`);
  for (const [name, start, end] of rows) {
    const change = start === 0 ? (end === 0 ? 0 : Number.POSITIVE_INFINITY) : (end - start) / start;
    const ok = Number.isFinite(change) && Math.abs(change) <= 0.1;
    if (!ok) failed = true;
    console.log(
      `${name.padEnd(24)} | ${start.toFixed(1).padStart(16)} | ${end.toFixed(1).padStart(16)} | ${(change * 100).toFixed(1).padStart(5)} %${ok ? '' : '  ← more than 10 %'}`,
    );
  }
  if (endStats.epoch < EPOCHS) {
    failed = true;
    console.log(`the run stopped early, at epoch ${endStats.epoch} (${endStats.state})`);
  }
} finally {
  await close();
  server.stop();
}
process.exit(failed ? 1 : 0);
