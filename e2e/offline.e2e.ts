/**
 * The app with no network, in real Chromium: after one visit the service worker (scripts/pwa.ts) has the
 * whole build in its cache, so a reload with the browser offline and the server gone opens the app and
 * trains, with the fast engine and with TensorFlow.js on WebAssembly. A newer build at the same origin
 * shows "New version — reload" on the next visit, and Reload brings it in. These tests run their own
 * servers and contexts (the other e2e files block service workers: harness.ts).
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../vite.config.ts';
import { createUi } from './actions.ts';
import { ARTIFACTS, launchBrowser, startPreview, watchPage } from './harness.ts';

const dist = process.env['E2E_DIST'] ?? 'dist';

/** The URLs the build's service worker precaches, as its generated sw.js lists them. */
function precachedUrls(folder: string): string[] {
  const worker = readFileSync(join(folder, 'sw.js'), 'utf8');
  return [...worker.matchAll(/\burl:\s*"([^"]+)"/g)].map((match) => match[1]!);
}

/** Every file of a build folder, relative to it, in URL form. */
function filesOf(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).replaceAll('\\', '/'));
}

/** Resolves once nothing answers on the URL any more (a stopped preview has let go of its port). */
async function waitUntilDown(url: string): Promise<void> {
  for (;;) {
    try {
      await fetch(url);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A copy of the build that a later deploy could have made: index.html differs (it carries a marker) and
 * sw.js names the new page's revision, as Workbox writes it (the MD5 of the file), so the browser sees a
 * new service worker.
 */
function makeNextBuild(folder: string): string {
  const next = mkdtempSync(join(tmpdir(), 'sgd-lab-next-'));
  cpSync(folder, next, { recursive: true });
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');
  const page = readFileSync(join(next, 'index.html'), 'utf8');
  const nextPage = page.replace('</head>', '<meta name="sgd-lab-build" content="next"></head>');
  writeFileSync(join(next, 'index.html'), nextPage);
  const worker = readFileSync(join(next, 'sw.js'), 'utf8');
  const nextWorker = worker.replace(`revision:"${md5(page)}"`, `revision:"${md5(nextPage)}"`);
  if (nextWorker === worker) throw new Error("sw.js does not name index.html's revision as expected");
  writeFileSync(join(next, 'sw.js'), nextWorker);
  return next;
}

let browser: Awaited<ReturnType<typeof launchBrowser>>;
let context: BrowserContext | undefined;
const servers: (() => void)[] = [];
const folders: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
  servers.splice(0).forEach((stop) => stop());
});
afterAll(async () => {
  await browser.close();
  folders.forEach((folder) => rmSync(folder, { recursive: true, force: true }));
});

/** A fresh context that lets service workers register, at the size of a projector. */
async function openContext(from: Browser): Promise<BrowserContext> {
  context = await from.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'allow' });
  return context;
}

/** Visits the app once and waits until its service worker has cached the build and controls the page. */
async function firstVisit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Train' }).waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

describe('working with no network', () => {
  it('precaches every file of the build and names nothing off the origin', async () => {
    const urls = precachedUrls(dist);
    const expected = filesOf(dist).filter(
      // _headers is the static host's configuration (public/_headers), never fetched by the page.
      (file) =>
        !file.endsWith('.map') &&
        file !== 'sw.js' &&
        file !== '_headers' &&
        !/^workbox-[\w-]+\.js$/.test(file),
    );
    expect([...urls].sort()).toEqual(expected.sort());
    expect(urls.filter((url) => url.endsWith('.wasm'))).toHaveLength(3);
    expect(urls).toContain('index.html');
    expect(urls).toContain('manifest.webmanifest');
    // The worker's own code names no address at all: it caches and serves only these relative files.
    expect(readFileSync(join(dist, 'sw.js'), 'utf8')).not.toMatch(/https?:\/\//);
    const manifest = JSON.parse(readFileSync(join(dist, 'manifest.webmanifest'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({ name: 'SGD Lab', start_url: './', scope: './', display: 'standalone' });
  });

  it('opens and trains offline after one visit, with the fast engine and with TensorFlow.js WebAssembly', async () => {
    const server = await startPreview(dist);
    servers.push(server.stop);
    // The worker's script is served like the page, with the same policy (connect-src 'self').
    const response = await fetch(`${server.url}sw.js`);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(response.headers.get('content-type')).toMatch(/javascript/);

    const page = await (await openContext(browser.browser)).newPage();
    const problems = watchPage(page, server.url);
    const ui = createUi({ page });
    await firstVisit(page, server.url);
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const counts = await Promise.all(
        names.map(async (name) => (await (await caches.open(name)).keys()).length),
      );
      return counts.reduce((sum, count) => sum + count, 0);
    });
    expect(cached).toBe(precachedUrls(dist).length);

    // No network at all: the browser is offline and the server is gone.
    await context!.setOffline(true);
    server.stop();
    await waitUntilDown(server.url);
    await page.reload();
    await ui.train();
    await expect.poll(() => ui.epoch(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

    await page.reload();
    await ui.pickEngine('TensorFlow.js (WASM)');
    await ui.text(/Running: TensorFlow\.js \(tf\.grad, WebAssembly backend\)/).waitFor({ timeout: 30_000 });
    await ui.train();
    await expect.poll(() => ui.epoch(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(problems).toEqual([]);
  });

  it('shows "New version — reload" when a newer build is served, and Reload brings it in', async () => {
    const next = makeNextBuild(dist);
    folders.push(next);
    const first = await startPreview(dist);
    servers.push(first.stop);
    const page = await (await openContext(browser.browser)).newPage();
    const problems = watchPage(page, first.url);
    await firstVisit(page, first.url);
    // A first install fills the cache and replaces nothing: no notice.
    const notice = page.getByRole('status', { name: 'App update', exact: true });
    expect(await notice.count()).toBe(0);

    // The same origin now serves the newer build; the next visit finds its service worker waiting.
    first.stop();
    await waitUntilDown(first.url);
    const second = await startPreview(next, first.port);
    servers.push(second.stop);
    await page.goto(second.url);
    await notice.getByText('New version — reload').waitFor({ timeout: 30_000 });
    expect(await page.locator('meta[name="sgd-lab-build"]').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'update-notice-1280x720.png') });

    await Promise.all([page.waitForEvent('load'), notice.getByRole('button', { name: 'Reload' }).click()]);
    await page.locator('meta[name="sgd-lab-build"]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Train' }).waitFor();
    expect(await notice.count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
