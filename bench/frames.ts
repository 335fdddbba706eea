/**
 * The frames part of `npm run bench:browser`: the main thread while the app trains at full speed with every
 * view open (frame intervals and long tasks, the first 2 s apart from the 10 s after them), and the longest
 * task in the second after Pause.
 */
import type { Browser } from 'playwright-core';
import { openApp, percentile, printTable, stats, verdict } from './browserPage.ts';

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
  const paused = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.waitForTimeout(1000);
  const afterPause = await page.evaluate(
    (from) =>
      (window as unknown as { frameRecord: { longTasks: [number, number][] } }).frameRecord.longTasks
        .filter(([start]) => start >= from)
        .map(([, duration]) => duration),
    paused,
  );
  const heapAfter = await heap();
  await page.close();
  const elapsed = (statsAfter.now - statsBefore.now) / 1000;
  return {
    first: frameFigures(record.frames, record.longTasks, clicked, clicked + startUp * 1000),
    steady: frameFigures(record.frames, record.longTasks, statsBefore.now, statsAfter.now),
    heapBefore,
    heapAfter,
    longestAfterPause: Math.max(0, ...afterPause),
    epochsPerSecond: (statsAfter.epoch - statsBefore.epoch) / elapsed,
  };
}

/** Measures `runs` fresh pages and prints the table; returns the figures for the JSON report. */
export async function benchFrames(browser: Browser, url: string, runCount: number) {
  // The first two seconds (from the click on Train) and the ten after them, apart: the start of a run is
  // when the most changes on the page at once.
  const startUp = 2;
  const seconds = 10;
  const runs: Awaited<ReturnType<typeof measureFrames>>[] = [];
  for (let run = 0; run < runCount; run++) runs.push(await measureFrames(browser, url, startUp, seconds));
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
  const tasks = (list: readonly number[]) =>
    list.length === 0 ? '0' : `${list.length} (${list.map((duration) => duration.toFixed(0)).join(', ')} ms)`;
  const perRun = (pick: (run: (typeof runs)[number]) => readonly number[]) =>
    runs.map((run) => tasks(pick(run))).join('; ');
  printTable(
    `Main thread during full-speed training: moons N = 2,000, linear, batch 1, every view of the linear model on screen; ${runCount} runs, medians`,
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
        'longest task in the 1 s after Pause, each run',
        runs.map((run) => `${run.longestAfterPause.toFixed(0)} ms`).join('; '),
        '',
        '≤ 50 ms',
        verdict(runs.every((run) => run.longestAfterPause <= 50)),
      ],
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
    `Runs with no long task in all ${startUp + seconds} s of training: ${clean} of ${runs.length}.`,
  );
  return { runs, steady, first, clean, epochsPerSecond };
}
