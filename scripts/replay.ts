/**
 * Replays a reference run (the format of test/golden) with the app's own stepper and prints one JSON
 * object with the keys of the file's `expected` field: npm run replay -- FILE.json. For a smooth objective
 * that includes the exact optimum (`optimumW`, `optimumObjective`) or why there is none (`optimumNote`),
 * and per epoch the sharpness λ_max and the noise scale B_simple; for the hinge, as in the reference files,
 * none of these.
 */
import { readFileSync } from 'node:fs';
import { describeError } from '../src/core/errors.ts';
import { parseReferenceRun, replayReferenceRun } from '../src/core/replay.ts';

const path = process.argv[2];
if (!path) {
  console.error('usage: npm run replay -- FILE.json');
  process.exit(2);
}
try {
  const run = parseReferenceRun(JSON.parse(readFileSync(path, 'utf8')));
  console.log(JSON.stringify(replayReferenceRun(run)));
} catch (error) {
  console.error(`replay: ${path}: ${describeError(error)}`);
  process.exit(1);
}
