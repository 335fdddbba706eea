import { createRandom, deriveSeed, randomPermutation, type Random } from './random.ts';

/** Points in the plane with labels −1 / +1: x holds x1, x2 interleaved, y the labels. */
export interface PointSet {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/** A dataset split into the training points (which SGD sees) and the test points (which it never sees). */
export interface Dataset {
  readonly train: PointSet;
  readonly test: PointSet;
}

/** Everything that determines a generated dataset. */
export interface DatasetSpec {
  readonly kind: DatasetName;
  /** Total number of points, training and test together. */
  readonly points: number;
  /** 0 (clean) to 1 (very noisy). */
  readonly noise: number;
  /** Share of the points used for training, 0.1 to 0.9. */
  readonly trainFraction: number;
  readonly seed: number;
}

/** A registered generator of toy data. */
export interface DatasetGenerator {
  /** Name shown on screen. */
  readonly label: string;
  /** One line on what a linear model can do with it. */
  readonly hint: string;
  /** Fills x (interleaved) for labels already chosen in y; noise is 0 to 1. */
  generate(x: Float64Array, y: Float64Array, noise: number, random: Random): void;
}

/** Half the width of the square the data and the heatmap live in: points lie in [−6, 6]². */
export const PLANE_EXTENT = 6;

/** Limits of a dataset spec, shared by the controls and the validation. */
export const datasetLimits = {
  points: { min: 10, max: 100_000 },
  noise: { min: 0, max: 1 },
  trainFraction: { min: 0.1, max: 0.9 },
} as const;

function clampToPlane(value: number): number {
  return Math.min(PLANE_EXTENT - 0.05, Math.max(-PLANE_EXTENT + 0.05, value));
}

function generateBlobs(
  separation: number,
  baseSpread: number,
  noiseSpread: number,
): DatasetGenerator['generate'] {
  return (x, y, noise, random) => {
    const spread = baseSpread + noiseSpread * noise;
    for (let i = 0; i < y.length; i++) {
      const centre = (y[i] as number) * separation;
      x[2 * i] = clampToPlane(centre + spread * random.normal());
      x[2 * i + 1] = clampToPlane(centre + spread * random.normal());
    }
  };
}

const separableBlobs: DatasetGenerator = {
  label: 'Separable blobs',
  hint: 'Two well-apart clouds: a straight line separates them.',
  generate: generateBlobs(2.2, 0.45, 0.55),
};

const overlappingBlobs: DatasetGenerator = {
  label: 'Overlapping blobs',
  hint: 'Two clouds that overlap: no line is perfect, so test accuracy stays below 100 %.',
  generate: generateBlobs(1, 1.1, 0.9),
};

const xor: DatasetGenerator = {
  label: 'XOR',
  hint: 'Opposite quadrants share a class: no single line can do better than about half.',
  generate(x, y, noise, random) {
    for (let i = 0; i < y.length; i++) {
      const label = y[i] as number;
      // Pick a quadrant of the right class, keep a small gap around the axes, then jitter.
      const signX = random.next() < 0.5 ? -1 : 1;
      const signY = signX * label;
      const ax = 0.3 + random.next() * 4.7;
      const ay = 0.3 + random.next() * 4.7;
      x[2 * i] = clampToPlane(signX * ax + noise * 1.2 * random.normal());
      x[2 * i + 1] = clampToPlane(signY * ay + noise * 1.2 * random.normal());
    }
  },
};

const circles: DatasetGenerator = {
  label: 'Circles',
  hint: 'One class inside a ring of the other: a line cannot, a circle could.',
  generate(x, y, noise, random) {
    for (let i = 0; i < y.length; i++) {
      const inner = (y[i] as number) > 0;
      const radius = inner ? 2 * Math.sqrt(random.next()) : 3.5 + 1.5 * random.next();
      const angle = 2 * Math.PI * random.next();
      x[2 * i] = clampToPlane(radius * Math.cos(angle) + noise * 0.8 * random.normal());
      x[2 * i + 1] = clampToPlane(radius * Math.sin(angle) + noise * 0.8 * random.normal());
    }
  },
};

const moons: DatasetGenerator = {
  label: 'Two moons',
  hint: 'Two interleaved half-moons: a line gets most points right, never all.',
  generate(x, y, noise, random) {
    for (let i = 0; i < y.length; i++) {
      const t = Math.PI * random.next();
      const upper = (y[i] as number) > 0;
      const mx = upper ? Math.cos(t) : 1 - Math.cos(t);
      const my = upper ? Math.sin(t) : 0.5 - Math.sin(t);
      x[2 * i] = clampToPlane(2.6 * (mx - 0.5) + noise * 0.7 * random.normal());
      x[2 * i + 1] = clampToPlane(2.6 * (my - 0.25) + noise * 0.7 * random.normal());
    }
  },
};

const spiral: DatasetGenerator = {
  label: 'Spiral',
  hint: 'Two arms wound around each other: the hardest; a line gets about half.',
  generate(x, y, noise, random) {
    for (let i = 0; i < y.length; i++) {
      const t = random.next();
      const radius = 0.4 + 4.8 * t;
      const angle = 3.5 * Math.PI * t + ((y[i] as number) > 0 ? 0 : Math.PI);
      x[2 * i] = clampToPlane(radius * Math.cos(angle) + noise * 0.6 * random.normal());
      x[2 * i + 1] = clampToPlane(radius * Math.sin(angle) + noise * 0.6 * random.normal());
    }
  },
};

/** Every dataset generator by name, in menu order. */
export const datasets = {
  separable: separableBlobs,
  overlapping: overlappingBlobs,
  xor,
  circles,
  moons,
  spiral,
} as const satisfies Record<string, DatasetGenerator>;

/** The name of a registered dataset. */
export type DatasetName = keyof typeof datasets;

/** The registered names, in menu order. */
export const datasetNames = Object.keys(datasets) as DatasetName[];

/** Whether a string names a registered dataset. */
export function isDatasetName(name: string): name is DatasetName {
  return Object.hasOwn(datasets, name);
}

/** How many of `points` go to training: at least 1 training and 1 test point. */
export function countTrainingPoints(points: number, trainFraction: number): number {
  return Math.min(points - 1, Math.max(1, Math.round(points * trainFraction)));
}

/** Generates the dataset a spec describes: balanced classes, shuffled, split into train and test. */
export function generateDataset(spec: DatasetSpec): Dataset {
  const count = Math.round(spec.points);
  const random = createRandom(deriveSeed(spec.seed, `data:${spec.kind}`));
  const x = new Float64Array(2 * count);
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) y[i] = i % 2 === 0 ? 1 : -1;
  datasets[spec.kind].generate(x, y, spec.noise, random);
  return splitPoints(x, y, spec.trainFraction, random);
}

/** Shuffles points and splits them into training and test sets (at least one of each when there are two). */
export function splitPoints(
  x: Float64Array,
  y: Float64Array,
  trainFraction: number,
  random: Random,
): Dataset {
  const count = y.length;
  const order = randomPermutation(count, random);
  const trainCount = count < 2 ? count : countTrainingPoints(count, trainFraction);
  return {
    train: selectPoints(x, y, order.subarray(0, trainCount)),
    test: selectPoints(x, y, order.subarray(trainCount)),
  };
}

/** Splits user-drawn or imported points the same way every time for the same seed. */
export function splitCustomPoints(
  x: Float64Array,
  y: Float64Array,
  trainFraction: number,
  seed: number,
): Dataset {
  return splitPoints(x, y, trainFraction, createRandom(deriveSeed(seed, 'data:custom')));
}

/** Copies the points at `indices` into a new point set. */
export function selectPoints(x: Float64Array, y: Float64Array, indices: ArrayLike<number>): PointSet {
  const selectedX = new Float64Array(2 * indices.length);
  const selectedY = new Float64Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    selectedX[2 * k] = x[2 * i] as number;
    selectedX[2 * k + 1] = x[2 * i + 1] as number;
    selectedY[k] = y[i] as number;
  }
  return { x: selectedX, y: selectedY };
}

/** Builds a point set from rows [x1, x2] and labels, as the golden files store them. */
export function pointsFromRows(rows: readonly (readonly number[])[], labels: readonly number[]): PointSet {
  const x = new Float64Array(2 * rows.length);
  rows.forEach((row, i) => {
    x[2 * i] = row[0] ?? Number.NaN;
    x[2 * i + 1] = row[1] ?? Number.NaN;
  });
  return { x, y: Float64Array.from(labels) };
}
