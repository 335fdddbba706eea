/**
 * How the examples of an epoch are sampled: each scheme is a `PermutationSource`, the order of the training
 * indices that the stepper cuts into consecutive batches, so a scheme changes nothing in the stepper itself.
 */
import { assertNever } from './errors.ts';
import { createRandom, createShuffler, type PermutationSource } from './random.ts';

/** What a sampling scheme is called on the page and what it does, in one line. */
export interface SamplingSchemeInfo {
  readonly label: string;
  readonly caption: string;
}

/** The sampling schemes by name, in menu order; the first is the reference's. */
export const samplingSchemes = {
  reshuffle: {
    label: 'Reshuffle every epoch',
    caption: 'A fresh random order every epoch, each example once (the reference).',
  },
  shuffleOnce: {
    label: 'Shuffle once',
    caption: 'One random order, drawn once and reused every epoch.',
  },
  fixedOrder: {
    label: 'Fixed order',
    caption: 'The stored order of the examples, the same every epoch.',
  },
  withReplacement: {
    label: 'With replacement',
    caption: 'Each example of a batch drawn at random: some repeat in an epoch, others are missed.',
  },
} as const satisfies Record<string, SamplingSchemeInfo>;

export type SamplingScheme = keyof typeof samplingSchemes;

/** The scheme names in menu order. */
export const samplingSchemeNames = Object.keys(samplingSchemes) as SamplingScheme[];

/** Whether a name is one of the sampling schemes. */
export function isSamplingScheme(name: string): name is SamplingScheme {
  return Object.hasOwn(samplingSchemes, name);
}

/** The reference's scheme, which a run uses when its settings name none. */
export const DEFAULT_SAMPLING: SamplingScheme = 'reshuffle';

/** One seeded permutation, drawn at the first epoch (the reference's first epoch) and returned every epoch. */
function createShuffleOnce(seed: number): PermutationSource {
  const shuffle = createShuffler(seed);
  let order = new Uint32Array(0);
  return (epochIndex, count) => {
    if (order.length !== count) order = shuffle(epochIndex, count).slice();
    return order;
  };
}

/** The identity in every epoch: the examples in the order the dataset holds them. */
function createFixedOrder(): PermutationSource {
  let order = new Uint32Array(0);
  return (_epochIndex, count) => {
    if (order.length !== count) order = Uint32Array.from({ length: count }, (_, i) => i);
    return order;
  };
}

/**
 * `count` independent uniform draws of an index per epoch. Every position of the order is drawn on its own,
 * whatever came before, so consecutive slices of it (the batches) are independent samples with replacement;
 * cutting the epoch into ⌈N/B⌉ batches, the last shorter, keeps the reference's count of updates and of
 * examples per epoch, and the batch sizes do not depend on the draws, so the shorter batch is independent too.
 */
function createWithReplacement(seed: number): PermutationSource {
  const random = createRandom(seed);
  let order = new Uint32Array(0);
  return (_epochIndex, count) => {
    if (order.length !== count) order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = random.integer(count);
    return order;
  };
}

/**
 * The order source of a scheme from a seed. `reshuffle` is exactly `createShuffler(seed)`, so the reference's
 * runs replay bit for bit; `shuffleOnce` reuses that shuffler's first permutation. The array returned may be
 * reused by the next call; copy it to keep it.
 */
export function createSampler(scheme: SamplingScheme, seed: number): PermutationSource {
  switch (scheme) {
    case 'reshuffle':
      return createShuffler(seed);
    case 'shuffleOnce':
      return createShuffleOnce(seed);
    case 'fixedOrder':
      return createFixedOrder();
    case 'withReplacement':
      return createWithReplacement(seed);
    default:
      return assertNever(scheme);
  }
}
