/**
 * Shared helpers of the end-to-end tests: serve the built app with `vite preview`, start Chromium (the one
 * `resolveChromium` picks) through playwright-core, and record what the page does wrong.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { resolveChromium } from './chromium.ts';

/** Where screenshots go (git-ignored). */
export const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

/** A TCP port that nothing listens on right now. */
async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Serves dist/ (or another build folder) on a free port, or on `port` (to serve another build at the same
 * origin); resolves with its URL once it answers.
 */
export async function startPreview(
  outDir = 'dist',
  port?: number,
): Promise<{ url: string; port: number; stop: () => void }> {
  port ??= await findFreePort();
  const server: ChildProcess = spawn(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'preview',
      '--port',
      String(port),
      '--strictPort',
      '--host',
      '127.0.0.1',
      '--outDir',
      outDir,
    ],
    { cwd: join(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      server.kill();
      throw new Error(`vite preview did not answer on ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, port, stop: () => server.kill() };
}

/**
 * Starts headless Chromium with the project's own flags (never the pinned package's serverless defaults,
 * whose --single-process and --disable-web-security would void the worker and CSP tests). Playwright gives
 * every launch a fresh, temporary profile of its own, so no state leaks between runs.
 */
export async function launchBrowser(
  extraArgs: readonly string[] = [],
): Promise<{ browser: Browser; source: string; close: () => Promise<void> }> {
  const { path, source } = await resolveChromium();
  const browser = await chromium.launch({
    executablePath: path,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
  return {
    browser,
    source,
    close: async () => {
      await browser.close();
    },
  };
}

/**
 * Collects console errors and uncaught exceptions of the page and its workers, Content-Security-Policy
 * violations, and requests that leave the page's origin.
 */
export function watchPage(page: Page, origin: string) {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('worker', (worker) => {
    worker.on('console', (message) => {
      if (message.type() === 'error') problems.push(`worker console error: ${message.text()}`);
    });
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.push(`request left the origin: ${url}`);
    }
  });
  // Injected by the browser driver, not by the page, so the page's own policy does not block it.
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  return problems;
}

/**
 * Saves a full-page screenshot under artifacts/. A full-page capture waits for the compositor's next frame,
 * which a busy shared machine can starve for a while: it gets two tries of 20 s before it fails the test.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  try {
    await page.screenshot({ path, fullPage: true, timeout: 20_000 });
  } catch {
    await page.screenshot({ path, fullPage: true, timeout: 20_000 });
  }
  return path;
}

/** How a test's browser context looks: its window size, and whether it is a touch screen. */
export interface ContextOptions {
  viewport: { width: number; height: number };
  /** A touch screen with a coarse pointer (a tablet or a phone). */
  touch?: boolean;
}

/** The page of one test, fresh for each, with what went wrong on it. */
export interface AppPage {
  page: Page;
  problems: string[];
  url: string;
  /** Replaces the test's page by a fresh one in a context of another size or input, loaded and ready. */
  reopen: (options: ContextOptions) => Promise<void>;
}

/**
 * Registers the hooks of a suite: one preview server and browser for the file, a fresh context and page
 * for every test, loaded and ready. Read `app.page` inside tests (it changes from test to test).
 */
export function useAppPage(viewport = { width: 1440, height: 900 }): AppPage {
  const app = {} as AppPage;
  let server: Awaited<ReturnType<typeof startPreview>>;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let context: BrowserContext | undefined;
  const open = async ({ viewport, touch = false }: ContextOptions) => {
    await context?.close();
    context = await browser.browser.newContext({
      viewport,
      acceptDownloads: true,
      hasTouch: touch,
      isMobile: touch,
      // The build's service worker would precache the whole app in the background of every test; only
      // e2e/offline.e2e.ts, which tests it, lets it register.
      serviceWorkers: 'block',
    });
    app.page = await context.newPage();
    app.problems = watchPage(app.page, server.url);
    await app.page.goto(server.url);
    await app.page.getByRole('button', { name: 'Train' }).waitFor();
  };
  app.reopen = open;
  beforeAll(async () => {
    // E2E_DIST serves another build folder, so that two work trees' builds do not overwrite each other.
    server = await startPreview(process.env['E2E_DIST'] ?? 'dist');
    browser = await launchBrowser();
    app.url = server.url;
  });
  afterAll(async () => {
    await context?.close();
    await browser.close();
    server.stop();
  });
  beforeEach(() => open({ viewport }));
  return app;
}
