/**
 * `npm run bench:browser`: the built app in headless Chromium, measured as a user runs it. It prints
 * tables of medians with their reference measured in the same page: the training worker's pace against the
 * plain loop in a worker of the same page, the network's engines against each other in the training
 * worker, the main thread's frames and long tasks during full-speed training, the heatmap's paint time,
 * memory, tfjs tensors and the first load. The figures are written to artifacts/bench-browser.json too.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser, startPreview } from '../e2e/harness.ts';
import type { BenchRequest, BenchResult } from '../src/worker/bench/protocol.ts';
import { median } from './table.ts';

const USAGE = `usage: npm run bench:browser -- [--only load|linear|network|frames|heatmap] [--runs N] [--seconds S]`;

interface Options {
  only: string | null;
  runs: number;
  seconds: number;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { only: null, runs: 3, seconds: 3 };
  if (argv.includes('--help')) {
    console.log(USAGE);
    process.exit(0);
  }
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k];
    const value = argv[k + 1];
    if (flag === '--only' && value && ['load', 'linear', 'network', 'frames', 'heatmap'].includes(value))
      options.only = value;
    else if (flag === '--runs' && value && Number(value) >= 1) options.runs = Math.round(Number(value));
    else if (flag === '--seconds' && value && Number(value) > 0) options.seconds = Number(value);
    else {
      console.error(`bench:browser: cannot read "${flag ?? ''} ${value ?? ''}".\n${USAGE}`);
      process.exit(2);
    }
    k++;
  }
  return options;
}

const options = parseOptions(process.argv.slice(2));
const wanted = (part: string) => options.only === null || options.only === part;

/** What `window.sgdLabStats()` returns (see src/main.tsx). */
interface Stats {
  epoch: number;
  updates: number;
  samples: number;
  trainCount: number;
  state: string;
  history: number;
  tensors: number | null;
}

interface PageWindow {
  sgdLabStats(): Stats;
  sgdLabBench(): Promise<{
    timeHeatmapPaint(
      resolution: number,
      runs: number,
    ): {
      medianMilliseconds: number;
      p95Milliseconds: number;
      maxMilliseconds: number;
      canvasPixels: number;
    };
    timeInBenchWorker(request: BenchRequest): Promise<BenchResult>;
  }>;
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

/** One row of a text table, cells right-aligned after the first. */
function printTable(title: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((cell, k) => Math.max(cell.length, ...rows.map((row) => (row[k] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join(' | ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-+-'));
  for (const row of rows) console.log(line(row));
}

const rate = (samplesPerSecond: number) =>
  samplesPerSecond >= 1e6
    ? `${(samplesPerSecond / 1e6).toFixed(2)} M`
    : `${(samplesPerSecond / 1e3).toFixed(1)} k`;
const verdict = (ok: boolean) => (ok ? 'yes' : 'NO');

const results: Record<string, unknown> = {};

/** Opens the app at a link of settings and waits until its first boundary is drawn. */
async function openApp(browser: Browser, url: string, query: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${url}?${query}`);
  await page.waitForFunction(() => performance.getEntriesByName('sgd-lab:first-frame').length > 0, null, {
    timeout: 60_000,
  });
  return page;
}

const stats = (page: Page) =>
  page.evaluate(() => ({ ...(window as unknown as PageWindow).sgdLabStats(), now: performance.now() }));

/** Trains at full speed: a warm-up, then the samples and epochs that reached the page over `seconds`. */
async function paceOfApp(page: Page, warmUpSeconds: number, seconds: number) {
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForTimeout(warmUpSeconds * 1000);
  const before = await stats(page);
  await page.waitForTimeout(seconds * 1000);
  const after = await stats(page);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const elapsed = (after.now - before.now) / 1000;
  if (after.state !== 'training' && after.state !== 'paused')
    throw new Error(`the run ended (${after.state}) inside the measured stretch`);
  return {
    samplesPerSecond: (after.samples - before.samples) / elapsed,
    epochsPerSecond: (after.epoch - before.epoch) / elapsed,
    tensorsBefore: before.tensors,
    tensorsAfter: after.tensors,
  };
}

/** The size of the JavaScript a first visit loads before it can train: the entry and its static imports. */
function initialJavaScript(): { files: string[]; gzipBytes: number } {
  const dist = join(import.meta.dirname, '..', 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<script[^>]+src="\.\/([^"]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.\/([^"]+\.js)"/g),
  ].map((match) => match[1]!);
  const gzipBytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file))).length, 0);
  return { files, gzipBytes };
}

async function benchLoad(browser: Browser, url: string): Promise<void> {
  const { files, gzipBytes } = initialJavaScript();
  const firstPaints: number[] = [];
  const interactive: number[] = [];
  for (let run = 0; run < 5; run++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('sgd-lab:first-frame').length > 0, null, {
      timeout: 60_000,
    });
    const timing = await page.evaluate(() => ({
      contentful: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
      firstFrame: performance.getEntriesByName('sgd-lab:first-frame')[0]?.startTime ?? Number.NaN,
    }));
    firstPaints.push(timing.contentful);
    interactive.push(timing.firstFrame);
    await context.close();
  }
  results.load = { files, gzipBytes, firstContentfulPaint: firstPaints, firstInteractivePaint: interactive };
  printTable(
    'First load (built app from vite preview on localhost, fresh profile each time, median of 5)',
    ['measure', 'value', 'target', 'met'],
    [
      [
        'initial JS, gzip (entry + static imports)',
        `${(gzipBytes / 1000).toFixed(1)} kB`,
        '≤ 250 kB',
        verdict(gzipBytes <= 250_000),
      ],
      ['first contentful paint', `${median(firstPaints).toFixed(0)} ms`, '', ''],
      [
        'first interactive paint (boundary drawn, Train live)',
        `${median(interactive).toFixed(0)} ms`,
        '',
        '',
      ],
    ],
  );
  console.log(`initial files: ${files.join(', ')}`);
}

const LINEAR_DATA = { kind: 'separable', points: 1000, noise: 0.2, trainFraction: 0.8, seed: 7 } as const;

async function benchLinear(browser: Browser, url: string): Promise<void> {
  const rows: string[][] = [];
  const figures: Record<string, unknown> = {};
  for (const batchSize of [1, 32]) {
    const app: number[] = [];
    const epochs: number[] = [];
    const plain: number[] = [];
    const engine: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      const page = await openApp(
        browser,
        url,
        `data=separable&n=1000&noise=0.2&train=0.8&seed=7&model=linear&objective=logistic&l2=0&engine=fast` +
          `&lr=0.01&anneal=0.999&batch=${batchSize}&epochs=100000&speed=max`,
      );
      const pace = await paceOfApp(page, 1, options.seconds);
      app.push(pace.samplesPerSecond);
      epochs.push(pace.epochsPerSecond);
      for (const implementation of ['plain', 'engine'] as const) {
        const request: BenchRequest = {
          implementation,
          dataset: LINEAR_DATA,
          objective: 'logistic',
          batchSize,
          learningRate: 0.01,
          annealingRate: 0.999,
          seconds: options.seconds,
        };
        const result = await page.evaluate(
          async (sent) => (await (window as unknown as PageWindow).sgdLabBench()).timeInBenchWorker(sent),
          request,
        );
        (implementation === 'plain' ? plain : engine).push(result.samplesPerSecond);
      }
      await page.close();
    }
    figures[`batch${batchSize}`] = { app, epochs, plain, engine };
    rows.push([
      String(batchSize),
      rate(median(app)),
      rate(median(engine)),
      rate(median(plain)),
      (median(app) / median(plain)).toFixed(2),
      (median(engine) / median(plain)).toFixed(2),
      median(epochs).toFixed(0),
    ]);
  }
  results.linear = figures;
  printTable(
    `Linear model, logistic, N = 1,000 (800 to train), full speed; median of ${options.runs} × ${options.seconds} s`,
    [
      'batch',
      'app worker samples/s',
      'bare engine',
      'plain loop',
      'app ÷ plain',
      'engine ÷ plain',
      'epochs/s to charts',
    ],
    rows,
  );
  console.log(
    'app worker = the training worker as the page drives it (10 ms slices, one coalesced message per frame,\n' +
      'heatmap, boundary, gradient and landscape views computed for each); bare engine and plain loop run in\n' +
      'a fresh worker of the same page (src/worker/bench.worker.ts) while the app is paused. Target: ≥ 1,000\n' +
      'epochs/s reach the charts at batch 1.',
  );
}

const NETWORK_RUNS: readonly { engine: 'fast' | 'tfjs' | 'tfjsWasm'; label: string }[] = [
  { engine: 'fast', label: 'fast' },
  { engine: 'tfjs', label: 'tfjs cpu' },
  { engine: 'tfjsWasm', label: 'tfjs wasm' },
];

async function benchNetwork(browser: Browser, url: string): Promise<void> {
  const rows: string[][] = [];
  const figures: Record<string, unknown> = {};
  const tensorNotes: string[] = [];
  for (const batchSize of [10, 256]) {
    const paces: Record<string, number[]> = { fast: [], tfjs: [], tfjsWasm: [] };
    for (let run = 0; run < options.runs; run++) {
      for (const { engine } of NETWORK_RUNS) {
        const page = await openApp(
          browser,
          url,
          `data=moons&n=1000&noise=0.2&train=0.8&seed=7&model=network&layers=8,8&activation=tanh` +
            `&objective=logistic&l2=0&engine=${engine}&lr=0.03&anneal=1&batch=${batchSize}&epochs=100000&speed=max`,
        );
        if (engine !== 'fast') await page.getByText(/Running: TensorFlow\.js/).waitFor({ timeout: 60_000 });
        const pace = await paceOfApp(page, engine === 'fast' ? 1 : 2, options.seconds);
        paces[engine]!.push(pace.samplesPerSecond);
        if (engine !== 'fast')
          tensorNotes.push(`${engine} batch ${batchSize}: ${pace.tensorsBefore} → ${pace.tensorsAfter}`);
        await page.close();
      }
    }
    figures[`batch${batchSize}`] = paces;
    const fast = median(paces.fast!);
    const cpu = median(paces.tfjs!);
    const wasm = median(paces.tfjsWasm!);
    rows.push([
      String(batchSize),
      rate(fast),
      rate(cpu),
      rate(wasm),
      `${(fast / cpu).toFixed(1)}×`,
      `${(fast / wasm).toFixed(1)}×`,
      `${((1e6 * batchSize) / cpu).toFixed(0)} µs`,
      `${((1e6 * batchSize) / wasm).toFixed(0)} µs`,
    ]);
  }
  results.network = { figures, tensors: tensorNotes };
  printTable(
    `Network 2-8-8-1 tanh, logistic, moons N = 1,000 (800 to train), in the training worker at full speed; median of ${options.runs} × ${options.seconds} s`,
    [
      'batch',
      'fast samples/s',
      'tfjs cpu',
      'tfjs wasm',
      'fast ÷ cpu',
      'fast ÷ wasm',
      'cpu per step',
      'wasm per step',
    ],
    rows,
  );
  console.log('Targets: fast ≥ 25× tfjs cpu at batch 10; fast ≥ 2× tfjs wasm at batch 256.');
  const changed = tensorNotes.filter((note) => !/: (\d+) → \1$/.test(note));
  console.log(
    changed.length === 0
      ? `tfjs tensors in the worker: the same at the end of each of the ${tensorNotes.length} measured tfjs stretches as at its start (${tensorNotes[0]?.replace(/^.*: /, '') ?? 'none'}).`
      : `tfjs tensors changed during a stretch: ${changed.join('; ')}`,
  );
}

/** Records every animation frame's time and every long task (> 50 ms, start and length) of the main thread. */
const FRAME_RECORDER = `(() => {
  const record = { frames: [], longTasks: [] };
  window.frameRecord = record;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) record.longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask' });
  const tick = (time) => {
    record.frames.push(time);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

/** Frame intervals and long tasks of a stretch [from, to) of page time. */
function frameFigures(
  frames: readonly number[],
  longTasks: readonly (readonly [number, number])[],
  from: number,
  to: number,
) {
  const inside = frames.filter((time) => time >= from && time < to);
  const intervals = inside.slice(1).map((time, k) => time - inside[k]!);
  const tasks = longTasks.filter(([start]) => start >= from && start < to).map(([, duration]) => duration);
  return {
    frames: intervals.length,
    p50: percentile(intervals, 0.5),
    p95: percentile(intervals, 0.95),
    max: Math.max(...intervals),
    longTasks: tasks,
  };
}

/** One run of the frames measurement: a fresh page, Train, 2 s of start-up, then 10 s of steady training. */
async function measureFrames(browser: Browser, url: string, startUp: number, seconds: number) {
  const page = await openApp(
    browser,
    url,
    'data=moons&n=2000&noise=0.2&train=0.8&seed=7&model=linear&objective=logistic&l2=0&engine=fast' +
      '&lr=0.01&anneal=0.999&batch=1&epochs=100000&speed=max',
  );
  // The page's V8 heap after a full collection, as DevTools reports it (performance.memory lags behind a
  // collection and is rounded).
  const devtools = await page.context().newCDPSession(page);
  const heap = async () => {
    await devtools.send('HeapProfiler.collectGarbage');
    return (await devtools.send('Runtime.getHeapUsage')).usedSize;
  };
  const heapBefore = await heap();
  // A string, not a function: tsx would wrap a function's inner closures in a helper the page lacks.
  await page.evaluate(FRAME_RECORDER);
  const clicked = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForTimeout(startUp * 1000);
  const statsBefore = await stats(page);
  await page.waitForTimeout(seconds * 1000);
  const statsAfter = await stats(page);
  const record = await page.evaluate(() => {
    const { frames, longTasks } = (
      window as unknown as { frameRecord: { frames: number[]; longTasks: [number, number][] } }
    ).frameRecord;
    return { frames: [...frames], longTasks: [...longTasks] };
  });
  if (statsAfter.state !== 'training')
    throw new Error(`the run ended (${statsAfter.state}) before the ${seconds} s were up`);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.waitForTimeout(500);
  const heapAfter = await heap();
  await page.close();
  const elapsed = (statsAfter.now - statsBefore.now) / 1000;
  return {
    first: frameFigures(record.frames, record.longTasks, clicked, clicked + startUp * 1000),
    steady: frameFigures(record.frames, record.longTasks, statsBefore.now, statsAfter.now),
    heapBefore,
    heapAfter,
    epochsPerSecond: (statsAfter.epoch - statsBefore.epoch) / elapsed,
  };
}

async function benchFrames(browser: Browser, url: string): Promise<void> {
  // The first two seconds (from the click on Train) and the ten after them, apart: the start of a run is
  // when the most changes on the page at once.
  const startUp = 2;
  const seconds = 10;
  const runs: Awaited<ReturnType<typeof measureFrames>>[] = [];
  for (let run = 0; run < options.runs; run++) runs.push(await measureFrames(browser, url, startUp, seconds));
  const median = (pick: (run: (typeof runs)[number]) => number) => percentile(runs.map(pick), 0.5);
  const steady = {
    frames: median((run) => run.steady.frames),
    p50: median((run) => run.steady.p50),
    p95: median((run) => run.steady.p95),
    max: median((run) => run.steady.max),
  };
  const first = {
    frames: median((run) => run.first.frames),
    p50: median((run) => run.first.p50),
    p95: median((run) => run.first.p95),
    max: median((run) => run.first.max),
  };
  const longTasks = runs.map((run) => [...run.first.longTasks, ...run.steady.longTasks]);
  const clean = longTasks.filter((tasks) => tasks.length === 0).length;
  const epochsPerSecond = median((run) => run.epochsPerSecond);
  results.frames = { runs, steady, first, clean, epochsPerSecond };
  const tasks = (list: readonly number[]) =>
    list.length === 0 ? '0' : `${list.length} (${list.map((duration) => duration.toFixed(0)).join(', ')} ms)`;
  const perRun = (pick: (run: (typeof runs)[number]) => readonly number[]) =>
    runs.map((run) => tasks(pick(run))).join('; ');
  printTable(
    `Main thread during full-speed training: moons N = 2,000, linear, batch 1, every view of the linear model on screen; ${options.runs} runs, medians`,
    ['measure', `the ${seconds} s after them`, `first ${startUp} s`, 'target', 'met'],
    [
      ['frames drawn', String(steady.frames), String(first.frames), '', ''],
      ['frame interval p50', `${steady.p50.toFixed(1)} ms`, `${first.p50.toFixed(1)} ms`, '', ''],
      [
        'frame interval p95',
        `${steady.p95.toFixed(1)} ms`,
        `${first.p95.toFixed(1)} ms`,
        '≤ 20 ms',
        verdict(steady.p95 <= 20),
      ],
      ['frame interval max', `${steady.max.toFixed(1)} ms`, `${first.max.toFixed(1)} ms`, '', ''],
      [
        'long tasks (> 50 ms), each run',
        perRun((run) => run.steady.longTasks),
        perRun((run) => run.first.longTasks),
        '0',
        verdict(clean === runs.length),
      ],
      ['epochs reaching the charts', `${epochsPerSecond.toFixed(0)} /s`, '', '', ''],
      [
        'JS heap before → after (after GC)',
        `${(median((run) => run.heapBefore) / 1e6).toFixed(1)} → ${(median((run) => run.heapAfter) / 1e6).toFixed(1)} MB`,
        '',
        '',
        '',
      ],
    ],
  );
  console.log(
    `Runs with no long task in all ${startUp + seconds} s of training: ${clean} of ${runs.length}. While a run trains the charts keep\n` +
      'their data and their axes (fitted before it starts, from epoch 0); the live lines are drawn directly and an\n' +
      'axis widens only when a live value leaves it.',
  );
}

async function benchHeatmap(browser: Browser, url: string): Promise<void> {
  const page = await openApp(browser, url, 'data=moons&n=1000&model=linear');
  const rows: string[][] = [];
  const figures: Record<string, unknown> = {};
  for (const resolution of [100, 200]) {
    const timing = await page.evaluate(
      async (cells) => (await (window as unknown as PageWindow).sgdLabBench()).timeHeatmapPaint(cells, 60),
      resolution,
    );
    figures[`grid${resolution}`] = timing;
    rows.push([
      `${resolution} × ${resolution}`,
      `${timing.canvasPixels} px`,
      `${timing.medianMilliseconds.toFixed(2)} ms`,
      `${timing.p95Milliseconds.toFixed(2)} ms`,
      `${timing.maxMilliseconds.toFixed(2)} ms`,
      resolution === 200 ? verdict(timing.medianMilliseconds <= 4) : '',
    ]);
  }
  results.heatmap = figures;
  printTable(
    'Heatmap paint (colour the grid, put it in its layer, scale it onto the canvas, read one pixel back); 60 runs',
    ['grid', 'canvas', 'median', 'p95', 'max', '≤ 4 ms'],
    rows,
  );
  console.log('The app draws a 100 × 100 grid; 200 × 200 is the issue’s yardstick.');
  await page.close();
}

const server = await startPreview();
const { browser, close } = await launchBrowser(['--enable-precise-memory-info', '--js-flags=--expose-gc']);
try {
  const cpus = os.cpus();
  console.log('SGD Lab browser benchmark');
  console.log(`date      ${new Date().toISOString()}`);
  console.log(`browser   Chromium ${browser.version()} headless, --disable-gpu; node ${process.version}`);
  console.log(`cpu       ${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`);
  results.machine = {
    chromium: browser.version(),
    cpu: cpus[0]?.model,
    cores: cpus.length,
    date: new Date().toISOString(),
  };
  if (wanted('load')) await benchLoad(browser, server.url);
  if (wanted('linear')) await benchLinear(browser, server.url);
  if (wanted('network')) await benchNetwork(browser, server.url);
  if (wanted('frames')) await benchFrames(browser, server.url);
  if (wanted('heatmap')) await benchHeatmap(browser, server.url);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'bench-browser.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await close();
  server.stop();
}
