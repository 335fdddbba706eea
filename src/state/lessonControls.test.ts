import { describe, expect, it } from 'vitest';
import { datasetNames } from '../core/datasets.ts';
import {
  controlGroups,
  controlIds,
  hidesAnyControl,
  isControlId,
  keepsControl,
  keepsShortcut,
  lessonControls,
  type ControlId,
  type ShortcutId,
} from './lessonControls.ts';

const allShortcuts: readonly ShortcutId[] = [
  'trainPause',
  'stepBatch',
  'stepEpoch',
  'reset',
  'presentation',
  'showShortcuts',
  'close',
];

describe('the lesson control registry', () => {
  it('has one choice per dataset, named as the picker names it, before the other controls', () => {
    expect(controlIds.slice(0, datasetNames.length)).toEqual(datasetNames.map((kind) => `data.${kind}`));
    expect(lessonControls['data.moons'].label).toBe('Two moons');
    expect(controlIds).toContain('batch');
    expect(lessonControls.batch.label).toBe('Batch size');
  });

  it('names every control differently and puts each in a listed group', () => {
    const labels = controlIds.map((id) => lessonControls[id].label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const id of controlIds) expect(controlGroups).toContain(lessonControls[id].group);
  });

  it('uses ids that a link writes without escaping', () => {
    for (const id of controlIds) expect(encodeURIComponent(id)).toBe(id);
  });

  it('gives each shortcut at most one owner, and Train, Reset and the help key none', () => {
    const owners = new Map<ShortcutId, ControlId[]>();
    for (const id of controlIds)
      for (const shortcut of lessonControls[id].shortcuts)
        owners.set(shortcut, [...(owners.get(shortcut) ?? []), id]);
    expect(Object.fromEntries(owners)).toEqual({
      stepBatch: ['steps'],
      stepEpoch: ['steps'],
      presentation: ['presentation'],
    });
  });

  it('knows only its own ids', () => {
    expect(isControlId('lr')).toBe(true);
    expect(isControlId('data.spiral')).toBe(true);
    expect(isControlId('data.nope')).toBe(false);
    expect(isControlId('__proto__')).toBe(false);
    expect(isControlId('toString')).toBe(false);
  });
});

describe('keepsControl and keepsShortcut', () => {
  it('say whether a page leaves out any control', () => {
    expect(hidesAnyControl(null)).toBe(false);
    expect(hidesAnyControl(new Set(controlIds))).toBe(false);
    expect(hidesAnyControl(new Set(controlIds.filter((id) => id !== 'data.spiral')))).toBe(true);
  });

  it('keep everything in the full lab', () => {
    for (const id of controlIds) expect(keepsControl(null, id)).toBe(true);
    for (const shortcut of allShortcuts) expect(keepsShortcut(null, shortcut)).toBe(true);
  });

  it('drop a control and the shortcuts it owns, and nothing else', () => {
    const kept = new Set<ControlId>(['lr', 'batch']);
    expect(keepsControl(kept, 'batch')).toBe(true);
    expect(keepsControl(kept, 'epochs')).toBe(false);
    expect(allShortcuts.filter((shortcut) => keepsShortcut(kept, shortcut))).toEqual([
      'trainPause',
      'reset',
      'showShortcuts',
      'close',
    ]);
    expect(keepsShortcut(new Set<ControlId>(['steps']), 'stepBatch')).toBe(true);
    expect(keepsShortcut(new Set<ControlId>(['steps']), 'presentation')).toBe(false);
  });
});
