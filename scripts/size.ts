/**
 * `npm run size`: builds the app and prints every JavaScript chunk with its raw and gzip size, grouped by
 * when the page loads it, then the first load's total beside its limit; exits 1 above the limit.
 * `npm run size -- --dist DIR` reads another build folder without building.
 */
import { formatRow, printColumnTitles, type Column } from '../bench/table.ts';
import { FIRST_LOAD_LIMIT_BYTES, formatKilobytes, measureBuild } from './firstLoad.ts';

const distFlag = process.argv.indexOf('--dist');
const dist = distFlag >= 0 ? process.argv[distFlag + 1] : 'dist';
if (dist === undefined) {
  console.error('usage: npm run size [-- --dist DIR]');
  process.exit(2);
}

const sizes = measureBuild(dist);
const columns: Column[] = [
  { title: 'chunk', width: Math.max(5, ...sizes.chunks.map((chunk) => chunk.file.length)), align: 'left' },
  { title: 'loaded', width: 10, align: 'left' },
  { title: 'raw', width: 10, align: 'right' },
  { title: 'gzip', width: 9, align: 'right' },
];
console.log(`JavaScript of ${dist}/ (gzip: node:zlib, default level)\n`);
printColumnTitles(columns);
for (const chunk of sizes.chunks) {
  console.log(
    formatRow(columns, [
      chunk.file,
      chunk.load,
      formatKilobytes(chunk.rawBytes),
      formatKilobytes(chunk.gzipBytes),
    ]),
  );
}
const within = sizes.firstLoadGzipBytes <= FIRST_LOAD_LIMIT_BYTES;
console.log('');
console.log(
  `first load: ${formatKilobytes(sizes.firstLoadGzipBytes)} gzip (${formatKilobytes(sizes.firstLoadRawBytes)} raw)` +
    ` · limit ${formatKilobytes(FIRST_LOAD_LIMIT_BYTES)} · ${within ? 'within' : 'OVER THE LIMIT'}`,
);
if (!within) process.exit(1);
