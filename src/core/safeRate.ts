/** The smallest rate worth suggesting: the bottom of the learning-rate slider. */
export const SMALLEST_SUGGESTED_RATE = 1e-4;

/** The largest value on the 1-2-5 ladder (…, 0.1, 0.2, 0.5, 1, 2, 5, …) that is at most `limit`. */
export function ladderAtMost(limit: number): number {
  const power = 10 ** Math.floor(Math.log10(limit));
  const step = [5, 2, 1].find((candidate) => candidate * power <= limit * (1 + 1e-12)) ?? 1;
  return Number((step * power).toPrecision(1));
}

/**
 * After a divergence at `divergedRate`, the largest rate on the 1-2-5 ladder, at most a third of it, with
 * which `trainsSafely` says a short run from the last good weights stays finite; null if even the smallest
 * rate does not.
 */
export function findSafeLearningRate(
  divergedRate: number,
  trainsSafely: (rate: number) => boolean,
): number | null {
  for (
    let rate = ladderAtMost(divergedRate / 3);
    rate >= SMALLEST_SUGGESTED_RATE;
    rate = ladderAtMost(rate * 0.99)
  ) {
    if (trainsSafely(rate)) return rate;
  }
  return null;
}
