import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PLANE_EXTENT,
  countTrainingPoints,
  datasetLimits,
  datasetNames,
  datasets,
  generateDataset,
  isDatasetName,
  pointsFromRows,
  selectPoints,
  type DatasetName,
  type DatasetSpec,
  type PointSet,
} from './datasets.ts';
import { createLinearModel } from './linearModel.ts';
import { evaluate } from './metrics.ts';
import { objectives } from './objectives.ts';
import { createShuffler } from './random.ts';
import { SgdStepper } from './sgd.ts';

const sizes = [10, 257, 2000];
const noises = [0, 0.5, 1];
const trainFractions = [0.1, 0.5, 0.9];

function concatenate(a: PointSet, b: PointSet): PointSet {
  const x = new Float64Array(a.x.length + b.x.length);
  x.set(a.x);
  x.set(b.x, a.x.length);
  const y = new Float64Array(a.y.length + b.y.length);
  y.set(a.y);
  y.set(b.y, a.y.length);
  return { x, y };
}

/**
 * The best accuracy of any line, searched over `angles` directions and every threshold along each. A
 * search over directions can only miss a better line, never invent one that does not exist, except that
 * ties in projection are split, which can only flatter the line: so for "no line does well" it is safe.
 */
function bestLinearAccuracy(points: PointSet, angles: number): number {
  const count = points.y.length;
  const projections = new Float64Array(count);
  const order = Array.from({ length: count }, (_, i) => i);
  const positives = points.y.reduce((sum, label) => sum + (label > 0 ? 1 : 0), 0);
  let best = 0;
  for (let a = 0; a < angles; a++) {
    const angle = (2 * Math.PI * a) / angles;
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    for (let i = 0; i < count; i++) projections[i] = c * points.x[2 * i]! + s * points.x[2 * i + 1]!;
    order.sort((i, j) => projections[i]! - projections[j]!);
    // Threshold below every point: all predicted +1. Sweep it upwards one point at a time.
    let correct = positives;
    best = Math.max(best, correct);
    for (const i of order) {
      correct += points.y[i]! > 0 ? -1 : 1;
      best = Math.max(best, correct);
    }
  }
  return best / count;
}

/** Trains the app's linear model with the app's stepper, as a user pressing Train would. */
function trainLinear(points: PointSet, epochs: number): SgdStepper {
  const stepper = new SgdStepper(
    createLinearModel(),
    { train: points, test: points },
    objectives.logistic,
    { learningRate: 0.5, annealingRate: 0.97, batchSize: 16, epochs },
    createShuffler(5),
  );
  stepper.runBatches(Number.POSITIVE_INFINITY);
  return stepper;
}

describe('dataset registry', () => {
  it('lists every generator once, with a label and a hint', () => {
    expect(datasetNames).toEqual(Object.keys(datasets));
    expect(new Set(datasetNames).size).toBe(datasetNames.length);
    for (const name of datasetNames) {
      expect(datasets[name].label.length).toBeGreaterThan(0);
      expect(datasets[name].hint.length).toBeGreaterThan(0);
    }
  });

  it('recognises registered names only, not inherited object keys', () => {
    for (const name of datasetNames) expect(isDatasetName(name)).toBe(true);
    for (const name of ['', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 'Separable']) {
      expect(isDatasetName(name)).toBe(false);
    }
  });
});

describe('countTrainingPoints', () => {
  it('keeps at least one training and one test point and rounds points × fraction otherwise', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: datasetLimits.points.max }),
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        (points, fraction) => {
          const train = countTrainingPoints(points, fraction);
          expect(Number.isInteger(train)).toBe(true);
          expect(train).toBeGreaterThanOrEqual(1);
          expect(train).toBeLessThanOrEqual(points - 1);
          const ideal = points * fraction;
          if (ideal >= 1.5 && ideal <= points - 1.5) expect(Math.abs(train - ideal)).toBeLessThanOrEqual(0.5);
        },
      ),
    );
  });
});

describe.each(datasetNames)('generateDataset(%s)', (kind: DatasetName) => {
  const specs = sizes.flatMap((points) =>
    noises.flatMap((noise) => trainFractions.map((trainFraction) => ({ points, noise, trainFraction }))),
  );

  it.each(specs)('points $points, noise $noise, trainFraction $trainFraction', (shape) => {
    const spec: DatasetSpec = { kind, seed: 31, ...shape };
    const data = generateDataset(spec);
    const trainCount = countTrainingPoints(shape.points, shape.trainFraction);
    expect(data.train.y).toHaveLength(trainCount);
    expect(data.test.y).toHaveLength(shape.points - trainCount);
    expect(data.train.x).toHaveLength(2 * trainCount);
    expect(data.test.x).toHaveLength(2 * (shape.points - trainCount));

    const all = concatenate(data.train, data.test);
    const positives = all.y.filter((label) => label === 1).length;
    const negatives = all.y.filter((label) => label === -1).length;
    expect(positives + negatives).toBe(shape.points);
    // Balanced: equal halves, one extra +1 when the count is odd.
    expect(positives - negatives).toBe(shape.points % 2);
    const outside = all.x.filter((coordinate) => !(Math.abs(coordinate) <= PLANE_EXTENT));
    expect(outside).toHaveLength(0);

    expect(generateDataset(spec)).toEqual(data);
    expect(generateDataset({ ...spec, seed: 32 }).train.x).not.toEqual(data.train.x);
  });

  it('uses the train fraction only to move the split: the same points in the same order', () => {
    const base = { kind, points: 257, noise: 0.3, seed: 8 } as const;
    const reference = generateDataset({ ...base, trainFraction: 0.5 });
    const joined = concatenate(reference.train, reference.test);
    for (const trainFraction of trainFractions) {
      const data = generateDataset({ ...base, trainFraction });
      expect(concatenate(data.train, data.test)).toEqual(joined);
    }
  });

  it('moves the points when the noise changes', () => {
    const base = { kind, points: 200, trainFraction: 0.5, seed: 3 } as const;
    expect(generateDataset({ ...base, noise: 0.2 }).train.x).not.toEqual(
      generateDataset({ ...base, noise: 0.8 }).train.x,
    );
  });
});

describe('what a line can do', () => {
  it('separates the separable blobs at noise 0: SGD on the linear model reaches 100 % training accuracy', () => {
    for (const seed of [1, 2, 3]) {
      const data = generateDataset({ kind: 'separable', points: 2000, noise: 0, trainFraction: 0.8, seed });
      const stepper = trainLinear(data.train, 30);
      expect(stepper.diverged).toBeNull();
      expect(stepper.history.at(-1)!.trainAccuracy).toBe(1);
      expect(evaluate(stepper.model, data.test, objectives.logistic).accuracy).toBe(1);
    }
  });

  // Cutting off one quadrant's corner is about the best a line does: right on two quadrants and part of a third.
  it('cannot separate XOR: the best line is well below 80 %, and SGD does no better', () => {
    for (const seed of [1, 2]) {
      const data = generateDataset({ kind: 'xor', points: 2000, noise: 0, trainFraction: 0.8, seed });
      const best = bestLinearAccuracy(data.train, 720);
      expect(best).toBeLessThan(0.75);
      const stepper = trainLinear(data.train, 10);
      expect(stepper.history.at(-1)!.trainAccuracy).toBeLessThan(0.75);
    }
  });

  it('finds the perfect line for the separable blobs with the same search (a check of the search)', () => {
    const data = generateDataset({ kind: 'separable', points: 500, noise: 0, trainFraction: 0.8, seed: 4 });
    expect(bestLinearAccuracy(data.train, 720)).toBe(1);
  });
});

describe('selectPoints and pointsFromRows', () => {
  it('copies the rows and labels at the given indices, in that order', () => {
    const x = Float64Array.from([0, 1, 10, 11, 20, 21, 30, 31]);
    const y = Float64Array.from([1, -1, 1, -1]);
    const picked = selectPoints(x, y, [3, 0, 3]);
    expect(Array.from(picked.x)).toEqual([30, 31, 0, 1, 30, 31]);
    expect(Array.from(picked.y)).toEqual([-1, 1, -1]);
    picked.x[0] = 99;
    expect(x[6]).toBe(30);
  });

  it('reads [x1, x2] and [x1, x2, 1] rows alike', () => {
    const points = pointsFromRows(
      [
        [1, 2],
        [3, 4, 1],
      ],
      [1, -1],
    );
    expect(Array.from(points.x)).toEqual([1, 2, 3, 4]);
    expect(Array.from(points.y)).toEqual([1, -1]);
  });
});
