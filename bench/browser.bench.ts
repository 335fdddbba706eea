/**
 * `npm run bench:browser`: the built app in headless Chromium, measured as a user runs it. It prints
 * tables of medians with their reference measured in the same page: the training worker's pace against the
 * plain loop in a worker of the same page, the network's engines against each other in the training
 * worker, the main thread's frames and long tasks during full-speed training, the heatmap's paint time,
 * memory, tfjs tensors and the first load. The figures are written to artifacts/bench-browser.json too.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser, startPreview } from '../e2e/harness.ts';
import { FIRST_LOAD_LIMIT_BYTES, formatKilobytes, measureBuild } from '../scripts/firstLoad.ts';
import type { BenchRequest } from '../src/worker/bench/protocol.ts';
import { openApp, printTable, rate, stats, verdict, type PageWindow } from './browserPage.ts';
import { benchFrames } from './frames.ts';
import { median } from './table.ts';

const USAGE = `usage: npm run bench:browser -- [--only load|linear|network|frames|heatmap] [--runs N] [--seconds S] [--dist DIR]`;

interface Options {
  only: string | null;
  runs: number;
  seconds: number;
  /** Another build to measure (say, an earlier commit's dist/, for a side-by-side); default: dist/. */
  dist: string | null;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { only: null, runs: 3, seconds: 3, dist: null };
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
    else if (flag === '--dist' && value) options.dist = value;
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

const results: Record<string, unknown> = {};

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

async function benchLoad(browser: Browser, url: string): Promise<void> {
  const sizes = measureBuild(options.dist ?? 'dist');
  const files = sizes.chunks.filter((chunk) => chunk.load === 'first load').map((chunk) => chunk.file);
  const gzipBytes = sizes.firstLoadGzipBytes;
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
        'first-load JS, gzip (entry + static imports)',
        formatKilobytes(gzipBytes),
        `≤ ${formatKilobytes(FIRST_LOAD_LIMIT_BYTES)}`,
        verdict(gzipBytes <= FIRST_LOAD_LIMIT_BYTES),
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
  console.log(`first-load files: ${files.join(', ')} (every chunk: npm run size)`);
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
      'a fresh worker of the same page (src/worker/bench/entry.ts) while the app is paused. Target: ≥ 1,000\n' +
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

const server = await startPreview(options.dist ?? undefined);
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
  if (wanted('frames')) results.frames = await benchFrames(browser, server.url, options.runs);
  if (wanted('heatmap')) await benchHeatmap(browser, server.url);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'bench-browser.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await close();
  server.stop();
}
