/**
 * The controls a lesson link can keep or take away, as one registry: for each, the name the teacher ticks
 * (the control's own label), the group it sits in, what disappears from the students' page without it, and
 * the keyboard shortcuts it owns. The ids are what a link's `keep=` lists; the components ask
 * `keepsControl` before they render a control, and the shortcuts ask `keepsShortcut` before they act.
 */
import { datasetNames, datasets, type DatasetName } from '../core/datasets.ts';

/** A keyboard shortcut of the page, by what it does. */
export type ShortcutId =
  'trainPause' | 'stepBatch' | 'stepEpoch' | 'reset' | 'presentation' | 'showShortcuts' | 'close';

/** Where a control sits on the page; the lesson dialog lists the controls in these groups. */
export type ControlGroup = 'Data' | 'Model & objective' | 'Training' | 'Run and page' | 'Deeper views';

/** One control a lesson can take away. */
export interface LessonControl {
  /** The control's own label, which the teacher's checkbox repeats. */
  readonly label: string;
  readonly group: ControlGroup;
  /** What leaves the students' page with it, for the checkbox's description. */
  readonly hides: string;
  /** The shortcuts that do nothing, and leave the shortcuts list, without it. */
  readonly shortcuts: readonly ShortcutId[];
}

/** The id of one dataset's choice in the picker. */
export type DatasetControlId = `data.${DatasetName}`;

const fixedControls = {
  points: { label: 'Points', group: 'Data', hides: 'the Points slider', shortcuts: [] },
  noise: { label: 'Noise', group: 'Data', hides: 'the Noise slider', shortcuts: [] },
  train: { label: 'Train fraction', group: 'Data', hides: 'the Train fraction slider', shortcuts: [] },
  seed: { label: 'Seed', group: 'Data', hides: 'the seed box and New seed', shortcuts: [] },
  ownpoints: {
    label: 'Your own points',
    group: 'Data',
    hides: 'drawing, erasing, importing and exporting points',
    shortcuts: [],
  },
  model: {
    label: 'Model',
    group: 'Model & objective',
    hides: 'the Model menu, the extra features and the network’s layers',
    shortcuts: [],
  },
  objective: { label: 'Objective', group: 'Model & objective', hides: 'the Objective menu', shortcuts: [] },
  l2: { label: 'L2 strength', group: 'Model & objective', hides: 'the L2 strength slider', shortcuts: [] },
  engine: { label: 'Engine', group: 'Model & objective', hides: 'the Engine menu', shortcuts: [] },
  lr: { label: 'Learning rate', group: 'Training', hides: 'the slider and its exact box', shortcuts: [] },
  anneal: {
    label: 'Annealing rate',
    group: 'Training',
    hides: 'the slider and its exact box',
    shortcuts: [],
  },
  batch: { label: 'Batch size', group: 'Training', hides: 'the slider and its exact box', shortcuts: [] },
  sampling: { label: 'Sampling', group: 'Training', hides: 'the Sampling menu', shortcuts: [] },
  epochs: { label: 'Epochs', group: 'Training', hides: 'the slider and its exact box', shortcuts: [] },
  steps: {
    label: 'Step batch and Step epoch',
    group: 'Run and page',
    hides: 'both buttons and the → and Shift + → keys',
    shortcuts: ['stepBatch', 'stepEpoch'],
  },
  speed: { label: 'Speed', group: 'Run and page', hides: 'the Speed slider', shortcuts: [] },
  presets: { label: 'Preset', group: 'Run and page', hides: 'the preset menu', shortcuts: [] },
  presentation: {
    label: 'Presentation mode',
    group: 'Run and page',
    hides: 'the button and the P key',
    shortcuts: ['presentation'],
  },
  share: {
    label: 'Copy link, Export and Create lesson link',
    group: 'Run and page',
    hides: 'the three header buttons',
    shortcuts: [],
  },
  insights: { label: 'Curvature & noise', group: 'Deeper views', hides: 'the section', shortcuts: [] },
  compare: { label: 'Compare runs', group: 'Deeper views', hides: 'the panel', shortcuts: [] },
  sweep: { label: 'Sweep', group: 'Deeper views', hides: 'the panel', shortcuts: [] },
  race: { label: 'The race', group: 'Deeper views', hides: 'the panel', shortcuts: [] },
  finder: { label: 'Learning-rate finder', group: 'Deeper views', hides: 'the panel', shortcuts: [] },
} as const satisfies Record<string, LessonControl>;

/** The id of a control a lesson can keep, as a link's `keep=` writes it ("lr", "batch", "data.moons"). */
export type ControlId = keyof typeof fixedControls | DatasetControlId;

/** The id of one dataset's choice. */
export function datasetControlId(kind: DatasetName): DatasetControlId {
  return `data.${kind}`;
}

const datasetControls = Object.fromEntries(
  datasetNames.map((kind): [DatasetControlId, LessonControl] => [
    datasetControlId(kind),
    { label: datasets[kind].label, group: 'Data', hides: 'its choice in the dataset picker', shortcuts: [] },
  ]),
) as Record<DatasetControlId, LessonControl>;

/** Every control a lesson can take away, by id, in the order the dialog lists them. */
export const lessonControls: { readonly [Id in ControlId]: LessonControl } = {
  ...datasetControls,
  ...fixedControls,
};

/** Every id, in the registry's order. */
export const controlIds = Object.keys(lessonControls) as ControlId[];

/** The groups in the order the page shows them. */
export const controlGroups: readonly ControlGroup[] = [
  'Data',
  'Model & objective',
  'Training',
  'Run and page',
  'Deeper views',
];

/** Whether a string is a control's id. */
export function isControlId(id: string): id is ControlId {
  return Object.hasOwn(lessonControls, id);
}

/**
 * What an embedded page keeps when its link names no controls: the two sliders that matter most and the
 * step buttons, so that the plane, a chart and the controls fit a small frame.
 */
export const EMBED_KEPT_CONTROLS: readonly ControlId[] = ['lr', 'batch', 'steps'];

/** The controls a page keeps: null keeps every control (the full lab). */
export type KeptControls = ReadonlySet<ControlId> | null;

/** Whether the page keeps a control. */
export function keepsControl(kept: KeptControls, id: ControlId): boolean {
  return kept === null || kept.has(id);
}

/** Whether a page leaves out any control. */
export function hidesAnyControl(kept: KeptControls): boolean {
  return kept !== null && controlIds.some((id) => !kept.has(id));
}

/** Whether a shortcut works: no kept set, or every control that owns it is kept. */
export function keepsShortcut(kept: KeptControls, shortcut: ShortcutId): boolean {
  if (kept === null) return true;
  return controlIds.every(
    (id) => kept.has(id) || !(lessonControls[id].shortcuts as readonly ShortcutId[]).includes(shortcut),
  );
}
