/**
 * The extent of the weights' path (w₁, w₂) epoch by epoch, as the page receives it, so that after a rewind
 * the landscape's window can be chosen again around the part of the path the page still draws.
 */
export class TrajectoryExtents {
  /** Four numbers per epoch (index 0 is epoch 1): w₁ low, w₁ high, w₂ low, w₂ high; NaN where none came. */
  private extents: number[] = [];

  /** Forgets every epoch: a new run. */
  reset(): void {
    this.extents = [];
  }

  /**
   * Notes samples of the path: `positions` on the epoch axis (a batch of epoch k, counted from 1, lies in
   * (k − 1, k]) and the (w₁, w₂) pairs after those batches.
   */
  note(positions: ArrayLike<number>, trajectory: ArrayLike<number>): void {
    for (let k = 0; k < positions.length; k++) {
      const epoch = Math.max(1, Math.ceil(positions[k] as number));
      const at = 4 * (epoch - 1);
      while (this.extents.length < at + 4) this.extents.push(Number.NaN);
      const w1 = trajectory[2 * k] as number;
      const w2 = trajectory[2 * k + 1] as number;
      this.extents[at] = lower(this.extents[at] as number, w1);
      this.extents[at + 1] = higher(this.extents[at + 1] as number, w1);
      this.extents[at + 2] = lower(this.extents[at + 2] as number, w2);
      this.extents[at + 3] = higher(this.extents[at + 3] as number, w2);
    }
  }

  /**
   * The corners of the extent of epochs 1 to `epoch` (those a rewind to the end of `epoch` keeps), and
   * forgets the later ones; none when no sample of them came.
   */
  keepUpTo(epoch: number): [number, number][] {
    this.extents.length = Math.min(this.extents.length, 4 * epoch);
    let w1Low = Number.NaN;
    let w1High = Number.NaN;
    let w2Low = Number.NaN;
    let w2High = Number.NaN;
    for (let at = 0; at < this.extents.length; at += 4) {
      w1Low = lower(w1Low, this.extents[at] as number);
      w1High = higher(w1High, this.extents[at + 1] as number);
      w2Low = lower(w2Low, this.extents[at + 2] as number);
      w2High = higher(w2High, this.extents[at + 3] as number);
    }
    return Number.isNaN(w1Low)
      ? []
      : [
          [w1Low, w2Low],
          [w1High, w2High],
        ];
  }
}

/** The smaller of two values, NaN standing for none (and overflowed weights left out). */
function lower(a: number, b: number): number {
  if (!Number.isFinite(b)) return a;
  return Number.isNaN(a) || b < a ? b : a;
}

/** The larger of two values, NaN standing for none (and overflowed weights left out). */
function higher(a: number, b: number): number {
  if (!Number.isFinite(b)) return a;
  return Number.isNaN(a) || b > a ? b : a;
}
