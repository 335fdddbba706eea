import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { measureBuild } from '../scripts/firstLoad.ts';

const folders: string[] = [];
afterEach(() => folders.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** Writes a build folder: index.html loading assets/index.js, and the given files of assets/. */
function writeBuild(assets: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'sgd-lab-build-'));
  folders.push(folder);
  mkdirSync(join(folder, 'assets'));
  writeFileSync(join(folder, 'index.html'), '<script type="module" src="./assets/index.js"></script>');
  for (const [file, code] of Object.entries(assets)) writeFileSync(join(folder, 'assets', file), code);
  return folder;
}

describe('measureBuild', () => {
  it('sorts chunks by when they load, and passes over names that are not chunks (the service worker)', () => {
    const folder = writeBuild({
      'index.js': 'import "./shared.js"; import("./register.js");',
      'shared.js': 'export const x = 1;',
      // The registration chunk names the worker's script, which lives beside index.html, not in assets/.
      'register.js': 'navigator.serviceWorker.register("./sw.js"); import("./window.js");',
      'window.js': 'export class Workbox {}',
      'training.worker-a1.js': 'onmessage = () => {};',
    });
    const sizes = measureBuild(folder);
    const loads = Object.fromEntries(sizes.chunks.map((chunk) => [chunk.file, chunk.load]));
    expect(loads).toEqual({
      'index.js': 'first load',
      'shared.js': 'first load',
      'register.js': 'lazy',
      'window.js': 'lazy',
      'training.worker-a1.js': 'worker',
    });
    expect(sizes.firstLoadRawBytes).toBe(
      'import "./shared.js"; import("./register.js");'.length + 'export const x = 1;'.length,
    );
  });
});
