/**
 * The embedded page in real Chromium, inside a real cross-origin iframe of 800×600 on a course page: it fits
 * without scrolling, shows the plane, the objective chart, Train, Step and Reset and the kept controls,
 * links to the full app in a new tab, and trains.
 */
import type { Frame } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, saveScreenshot, useAppPage } from './harness.ts';
import { join } from 'node:path';

const app = useAppPage({ width: 1000, height: 760 });

/**
 * A course page on another origin than the app's (another port), served for real: Chromium treats a page
 * the test fulfils itself as public, and keeps public pages from framing a local server.
 */
const course = { url: '', search: '' };
let courseServer: Server;
beforeAll(async () => {
  courseServer = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' });
    response.end(`<!doctype html><title>Course</title><h1>Week 3: mini-batch SGD</h1>
      <iframe title="SGD Lab" src="${app.url}${course.search}" width="800" height="600" style="border:0"></iframe>`);
  });
  await new Promise<void>((resolve) => courseServer.listen(0, '127.0.0.1', resolve));
  const address = courseServer.address();
  course.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/course.html`;
});
afterAll(() => {
  courseServer.close();
});

/** Opens the course page holding the app at `search` in an 800×600 iframe; resolves with the app's frame. */
async function openCoursePage(search: string): Promise<Frame> {
  course.search = search;
  await app.page.goto(course.url);
  const frame = await (await app.page.locator('iframe').elementHandle())?.contentFrame();
  if (!frame) throw new Error('the iframe has no frame');
  await frame.getByRole('button', { name: 'Train', exact: true }).waitFor();
  return frame;
}

/** The parts an embedded page must show whole: each one's box must lie inside the 800×600 window. */
const WHOLE_PARTS = [
  'canvas.boundary-canvas',
  'figure[aria-label="Objective per epoch"]',
  '.toolbar .buttons',
  '.main .panel',
];

/** The parts that stick out of the frame's window, by selector and box. */
function partsOutside(frame: Frame) {
  return frame.evaluate((selectors) => {
    const outside: string[] = [];
    for (const selector of selectors)
      for (const element of document.querySelectorAll(selector)) {
        const box = element.getBoundingClientRect();
        if (box.left < 0 || box.top < 0 || box.right > window.innerWidth || box.bottom > window.innerHeight)
          outside.push(
            `${selector} at ${Math.round(box.left)},${Math.round(box.top)}–${Math.round(box.right)},${Math.round(box.bottom)}`,
          );
      }
    return outside;
  }, WHOLE_PARTS);
}

/** How far the frame's page overflows its window (0 and 0 when it fits without scrolling). */
function overflow(frame: Frame) {
  return frame.evaluate(() => ({
    width: document.documentElement.scrollWidth - window.innerWidth,
    height: document.documentElement.scrollHeight - window.innerHeight,
  }));
}

describe('the embedded page in Chromium', () => {
  it('fits an 800×600 iframe with the plane, the objective, the run buttons and the kept controls', async () => {
    const frame = await openCoursePage('?data=moons&lr=0.3&embed=1');
    await expect(frame.evaluate(() => [window.innerWidth, window.innerHeight])).resolves.toEqual([800, 600]);
    await frame.getByRole('figure', { name: 'Objective per epoch' }).waitFor();
    for (const name of ['Train', 'Step batch', 'Step epoch', 'Reset'])
      await frame.getByRole('button', { name, exact: true }).waitFor();
    for (const name of ['Learning rate', 'Batch size']) await frame.getByRole('slider', { name }).waitFor();
    expect(await frame.getByRole('slider', { name: 'Epochs' }).count()).toBe(0);
    expect(await frame.getByRole('heading', { name: 'Sweep' }).count()).toBe(0);
    await expect(frame.locator('canvas.boundary-canvas').isVisible()).resolves.toBe(true);

    const open = frame.getByRole('link', { name: 'Open in SGD Lab' });
    await expect(open.getAttribute('target')).resolves.toBe('_blank');
    await expect(open.getAttribute('rel')).resolves.toBe('noopener');
    const href = (await open.getAttribute('href')) ?? '';
    expect(href).toContain('lr=0.3');
    expect(href).not.toContain('embed');

    await frame.getByRole('button', { name: 'Train', exact: true }).click();
    await expect
      .poll(
        async () => Number(/epoch (\d+) of/.exec((await frame.locator('.status').textContent()) ?? '')?.[1]),
        {
          timeout: 30_000,
        },
      )
      .toBeGreaterThan(2);
    await frame.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect(overflow(frame)).resolves.toEqual({ width: 0, height: 0 });
    await expect(partsOutside(frame)).resolves.toEqual([]);
    await app.page.locator('iframe').screenshot({ path: join(ARTIFACTS, 'embed-800x600.png') });
    // The course page itself is the one request off the app's origin.
    expect(app.problems.filter((problem) => !problem.endsWith(course.url))).toEqual([]);
  });

  it('fits with a lesson and the lesson’s controls, and opens the full app from it', async () => {
    const text = encodeURIComponent('Press Train and watch the boundary.\nThen halve the batch size.');
    const frame = await openCoursePage(`?data=xor&embed=1#lesson=1&keep=batch,epochs,steps&text=${text}`);
    await frame.getByRole('region', { name: 'Lesson' }).getByText('Then halve the batch size.').waitFor();
    for (const name of ['Batch size', 'Epochs']) await frame.getByRole('slider', { name }).waitFor();
    expect(await frame.getByRole('slider', { name: 'Learning rate' }).count()).toBe(0);
    await frame.getByRole('link', { name: 'Open in SGD Lab' }).waitFor();
    await expect(overflow(frame)).resolves.toEqual({ width: 0, height: 0 });
    await expect(partsOutside(frame)).resolves.toEqual([]);
    await saveScreenshot(app.page, 'embed-lesson-course-page');
  });

  it('takes a configuration from the embedding page by postMessage, and nothing else', async () => {
    const frame = await openCoursePage('?data=moons&lr=0.3&embed=1');
    const opened: string[] = [];
    app.page.on('dialog', (dialog) => {
      opened.push(dialog.message());
      void dialog.dismiss();
    });
    const post = (data: unknown) =>
      app.page.evaluate((message) => {
        document.querySelector('iframe')?.contentWindow?.postMessage(message, '*');
      }, data);
    const rate = () => frame.getByRole('slider', { name: 'Learning rate' }).getAttribute('aria-valuetext');

    await post({ type: 'sgd-lab:configure', link: '?lr=0.05&batch=4' });
    await expect.poll(rate).toBe('0.05');
    await expect(frame.getByRole('slider', { name: 'Batch size' }).inputValue()).resolves.toBe('4');

    await post('<img src=x onerror=alert(1)>');
    await post({ type: 'sgd-lab:other', link: '?lr=1' });
    await post({ type: 'sgd-lab:configure', link: '?lr=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E' });
    await frame
      .getByText('Ignored "lr=<img src=x onerror=alert(1)>": not a number between 0.0001 and 10')
      .waitFor();
    expect(await rate()).toBe('0.05');
    expect(await frame.locator('img').count()).toBe(0);
    expect(opened).toEqual([]);
    expect(app.problems.filter((problem) => !problem.endsWith(course.url))).toEqual([]);
  });
});
