/** What the browser bench's parts share: the page's hooks, the app opened at a link, tables and verdicts. */
import type { Browser, Page } from 'playwright-core';
import type { BenchRequest, BenchResult } from '../src/worker/bench/protocol.ts';

/** What `window.sgdLabStats()` returns (see src/main.tsx). */
export interface Stats {
  epoch: number;
  updates: number;
  samples: number;
  trainCount: number;
  state: string;
  history: number;
  tensors: number | null;
}

export interface PageWindow {
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

export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

/** One row of a text table, cells right-aligned after the first. */
export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
): void {
  const widths = header.map((cell, k) => Math.max(cell.length, ...rows.map((row) => (row[k] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join(' | ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-+-'));
  for (const row of rows) console.log(line(row));
}

export const rate = (samplesPerSecond: number) =>
  samplesPerSecond >= 1e6
    ? `${(samplesPerSecond / 1e6).toFixed(2)} M`
    : `${(samplesPerSecond / 1e3).toFixed(1)} k`;
export const verdict = (ok: boolean) => (ok ? 'yes' : 'NO');

/** Opens the app at a link of settings and waits until its first boundary is drawn. */
export async function openApp(browser: Browser, url: string, query: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${url}?${query}`);
  await page.waitForFunction(() => performance.getEntriesByName('sgd-lab:first-frame').length > 0, null, {
    timeout: 60_000,
  });
  return page;
}

export const stats = (page: Page) =>
  page.evaluate(() => ({ ...(window as unknown as PageWindow).sgdLabStats(), now: performance.now() }));
