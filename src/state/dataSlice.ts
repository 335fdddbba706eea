import type { StateCreator } from 'zustand';
import { serializePointsCsv } from '../core/csvFormat.ts';
import { PLANE_EXTENT } from '../core/datasets.ts';
import type { CustomPoints } from '../core/run.ts';
import type { AppState } from './store.ts';

/** How many earlier point sets Undo keeps. */
export const UNDO_DEPTH = 50;

/** Clicking the plane adds a +1 point, a −1 point, erases, or does nothing. */
export type DrawTool = 'none' | 'positive' | 'negative' | 'erase';

/** A message about the user's data: an import's problem or its result. */
export interface DataMessage {
  readonly kind: 'error' | 'info';
  readonly text: string;
}

/** The user's own points: drawn on the canvas or imported, with Undo. */
export interface DataSlice {
  /** Earlier point sets, newest last (null: the generated data); the current set is `config.customPoints`. */
  pointHistory: readonly (CustomPoints | null)[];
  /** Keeps a point set for Undo (the configuration drops the user's points when a generated dataset is chosen). */
  rememberPoints(points: CustomPoints | null): void;
  dataMessage: DataMessage | null;
  /** Adds a point of class `label` at (x1, x2); starts from the data on screen if none were drawn yet. */
  addPoint(x1: number, x2: number, label: number): void;
  /** Removes every point within `radius` of any position of a drag (x1, x2 pairs); returns how many went. */
  erasePoints(path: readonly number[], radius: number): number;
  /** What a click on the plane does. */
  drawTool: DrawTool;
  setDrawTool(tool: DrawTool): void;
  /** Removes all points (Undo brings them back). */
  clearPoints(): void;
  /** Goes back to the previous point set. */
  undoPoints(): void;
  /**
   * Replaces the data with the points of a CSV text, or says what is wrong and keeps the current data. The
   * reader is fetched on the first import, so this settles later; it rejects only if the reader cannot load.
   */
  importCsv(text: string): Promise<void>;
  /** Says why a file was not imported; the current data stay. */
  rejectImport(reason: string): void;
  /** The data on screen (training and test points together) as CSV. */
  exportCsv(): string;
  /** Drops the user's points and goes back to the generated dataset. */
  useGeneratedData(): void;
  dismissDataMessage(): void;
}

/** Every point on screen, training and test together, as one set. */
export function pointsOnScreen(state: Pick<AppState, 'config' | 'points'>): CustomPoints {
  if (state.config.customPoints) return state.config.customPoints;
  const points = state.points;
  if (points === null) return { x: new Float64Array(0), y: new Float64Array(0) };
  const x = new Float64Array(points.trainX.length + points.testX.length);
  x.set(points.trainX);
  x.set(points.testX, points.trainX.length);
  const y = new Float64Array(points.trainY.length + points.testY.length);
  y.set(points.trainY);
  y.set(points.testY, points.trainY.length);
  return { x, y };
}

/** Whether a point set can be trained on: two points at least, of both classes. */
export function describeTrainable(points: CustomPoints): string | null {
  const count = points.y.length;
  const positives = points.y.reduce((total, label) => total + (label > 0 ? 1 : 0), 0);
  if (count < 2) return 'Add at least two points to train.';
  if (positives === 0 || positives === count) return 'Add points of both classes to train.';
  return null;
}

function clampToPlane(value: number): number {
  return Math.min(PLANE_EXTENT, Math.max(-PLANE_EXTENT, value));
}

/** Creates the data slice; every change of points goes through the configuration, which starts a new run. */
export const createDataSlice: StateCreator<AppState, [], [], DataSlice> = (set, get) => {
  const replacePoints = (next: CustomPoints | null, dataMessage: DataMessage | null = null) => {
    get().rememberPoints(get().config.customPoints);
    set({ dataMessage });
    get().changeConfig({ customPoints: next });
  };
  return {
    pointHistory: [],
    rememberPoints(points) {
      set((state) => ({ pointHistory: [...state.pointHistory, points].slice(-UNDO_DEPTH) }));
    },
    dataMessage: null,
    drawTool: 'none',
    setDrawTool(tool) {
      set({ drawTool: tool });
    },
    addPoint(x1, x2, label) {
      const base = pointsOnScreen(get());
      const x = new Float64Array(base.x.length + 2);
      x.set(base.x);
      x[base.x.length] = clampToPlane(x1);
      x[base.x.length + 1] = clampToPlane(x2);
      const y = new Float64Array(base.y.length + 1);
      y.set(base.y);
      y[base.y.length] = label > 0 ? 1 : -1;
      replacePoints({ x, y });
    },
    erasePoints(path, radius) {
      const base = pointsOnScreen(get());
      const keep: number[] = [];
      for (let i = 0; i < base.y.length; i++) {
        const px = base.x[2 * i] as number;
        const py = base.x[2 * i + 1] as number;
        let hit = false;
        for (let k = 0; k + 1 < path.length && !hit; k += 2) {
          const dx = px - (path[k] as number);
          const dy = py - (path[k + 1] as number);
          hit = dx * dx + dy * dy <= radius * radius;
        }
        if (!hit) keep.push(i);
      }
      const removed = base.y.length - keep.length;
      if (removed === 0) return 0;
      const x = new Float64Array(2 * keep.length);
      const y = new Float64Array(keep.length);
      keep.forEach((i, k) => {
        x[2 * k] = base.x[2 * i] as number;
        x[2 * k + 1] = base.x[2 * i + 1] as number;
        y[k] = base.y[i] as number;
      });
      replacePoints({ x, y });
      return removed;
    },
    clearPoints() {
      replacePoints({ x: new Float64Array(0), y: new Float64Array(0) });
    },
    undoPoints() {
      const state = get();
      if (state.pointHistory.length === 0) return;
      const previous = state.pointHistory[state.pointHistory.length - 1] ?? null;
      set({ pointHistory: state.pointHistory.slice(0, -1), dataMessage: null });
      get().changeConfig({ customPoints: previous });
    },
    async importCsv(text) {
      const { parsePointsCsv } = await import('../core/csv.ts');
      const result = parsePointsCsv(text);
      if (!result.ok) {
        set({
          dataMessage: { kind: 'error', text: `Import failed, your data are unchanged: ${result.error}` },
        });
        return;
      }
      const { points, labelNames, outsidePlane } = result.value;
      const count = points.y.length;
      const outside =
        outsidePlane > 0
          ? ` ${outsidePlane.toLocaleString('en')} lie outside the plane [−6, 6]² and are not drawn.`
          : '';
      replacePoints(
        { x: points.x, y: points.y },
        {
          kind: 'info',
          text: `Imported ${count.toLocaleString('en')} points (${labelNames.positive} → +1, ${labelNames.negative} → −1).${outside}`,
        },
      );
    },
    rejectImport(reason) {
      set({ dataMessage: { kind: 'error', text: `Import failed, your data are unchanged: ${reason}` } });
    },
    exportCsv() {
      return serializePointsCsv(pointsOnScreen(get()));
    },
    useGeneratedData() {
      if (get().config.customPoints === null) return;
      replacePoints(null);
    },
    dismissDataMessage() {
      set({ dataMessage: null });
    },
  };
};
