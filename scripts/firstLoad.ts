/**
 * The JavaScript of a build, sorted by when the page loads it: on the first load (index.html's scripts and
 * module preloads and, recursively, what they import statically), later (the page's lazy chunks), or in a
 * worker. Sizes are gzip by node:zlib at its default level. `npm run size`, `npm run bench:browser`, the
 * build and the loading end-to-end test all read the first-load figure from here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The most JavaScript, gzip-compressed, that the first load of the page may fetch (issue 16). */
export const FIRST_LOAD_LIMIT_BYTES = 220_000;

/** When the page loads a chunk. */
export type ChunkLoad = 'first load' | 'lazy' | 'worker';

/** One JavaScript file of the build. */
export interface ChunkSize {
  readonly file: string;
  readonly load: ChunkLoad;
  readonly rawBytes: number;
  readonly gzipBytes: number;
}

/** The build's JavaScript files, the first load's first, each group largest first, and the first load's total. */
export interface BuildSizes {
  readonly chunks: readonly ChunkSize[];
  readonly firstLoadGzipBytes: number;
  readonly firstLoadRawBytes: number;
}

/** The gzip size of a text or file content, as a static host that compresses would send it. */
export function gzipSize(content: string | Uint8Array): number {
  return gzipSync(content).length;
}

/** The `./x.js` files a chunk imports statically (`import … from "./x.js"`, `import "./x.js"`; any quotes). */
export function staticImports(code: string): string[] {
  return [...code.matchAll(/\bimport\s*(?:[\w$*{}\s,]+from\s*)?["'`]\.\/([\w.-]+\.js)["'`]/g)].map(
    (match) => match[1]!,
  );
}

/** The `./x.js` files a chunk names anywhere: its dynamic imports, its workers, what Vite preloads with them. */
function namedFiles(code: string): string[] {
  return [...code.matchAll(/["'`]\.\/([\w.-]+\.js)["'`]/g)].map((match) => match[1]!);
}

/** Reads a build folder (dist/ or another `vite build --outDir`) and sorts its JavaScript by when it loads. */
export function measureBuild(distDirectory: string): BuildSizes {
  const assets = join(distDirectory, 'assets');
  const read = (file: string) => readFileSync(join(assets, file), 'utf8');
  const html = readFileSync(join(distDirectory, 'index.html'), 'utf8');
  const fromHtml = [
    ...html.matchAll(/<script[^>]+src="[^"]*?([\w.-]+\.js)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="[^"]*?([\w.-]+\.js)"/g),
  ].map((match) => basename(match[1]!));

  const firstLoad = new Set<string>();
  const visitStatic = (file: string) => {
    if (firstLoad.has(file)) return;
    firstLoad.add(file);
    staticImports(read(file)).forEach(visitStatic);
  };
  fromHtml.forEach(visitStatic);

  // What the first load's chunks name and are not workers is fetched later by the page; so are those
  // chunks' own static imports.
  // A name that is not a file of assets/ is not a chunk (the service worker's ./sw.js, beside index.html).
  const lazy = new Set<string>();
  const visitLazy = (file: string) => {
    if (firstLoad.has(file) || lazy.has(file) || /\.worker-/.test(file)) return;
    if (!existsSync(join(assets, file))) return;
    lazy.add(file);
    namedFiles(read(file)).forEach(visitLazy);
  };
  for (const file of firstLoad) namedFiles(read(file)).forEach(visitLazy);

  const chunks = readdirSync(assets)
    .filter((file) => file.endsWith('.js'))
    .map((file): ChunkSize => {
      const content = readFileSync(join(assets, file));
      const load: ChunkLoad = firstLoad.has(file) ? 'first load' : lazy.has(file) ? 'lazy' : 'worker';
      return { file, load, rawBytes: content.length, gzipBytes: gzipSize(content) };
    });
  const order: readonly ChunkLoad[] = ['first load', 'lazy', 'worker'];
  chunks.sort((a, b) => order.indexOf(a.load) - order.indexOf(b.load) || b.gzipBytes - a.gzipBytes);
  const initial = chunks.filter((chunk) => chunk.load === 'first load');
  return {
    chunks,
    firstLoadGzipBytes: initial.reduce((sum, chunk) => sum + chunk.gzipBytes, 0),
    firstLoadRawBytes: initial.reduce((sum, chunk) => sum + chunk.rawBytes, 0),
  };
}

/** Bytes as kilobytes of 1,000 with one decimal, the unit the limit is stated in. */
export function formatKilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} kB`;
}
