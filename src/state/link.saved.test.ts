import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configArbitrary } from '../test/configArbitrary.ts';
import { defaultConfig, type AppConfig } from './config.ts';
import { encodeConfig, loadSavedConfig, saveConfig } from './link.ts';

const defaults: AppConfig = defaultConfig;

/** A storage kept in a Map, as localStorage would keep it. */
function createStorage(): Pick<Storage, 'getItem' | 'setItem'> & { readonly items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
  };
}

describe('saved configuration', () => {
  it('saves the link form under sgd-lab:config and loads it back', () => {
    fc.assert(
      fc.property(configArbitrary, (config) => {
        const storage = createStorage();
        saveConfig(storage, config);
        expect(JSON.parse(storage.items.get('sgd-lab:config') ?? '')).toEqual({
          version: 1,
          search: encodeConfig(config),
        });
        expect(loadSavedConfig(storage, defaults)).toEqual(config);
      }),
      { numRuns: 100 },
    );
  });

  it('loads nothing when nothing was saved or storage is unavailable', () => {
    expect(loadSavedConfig(createStorage(), defaults)).toBeNull();
    expect(loadSavedConfig(null, defaults)).toBeNull();
    expect(() => saveConfig(null, defaults)).not.toThrow();
  });

  it('loads nothing from garbage', () => {
    const garbage = [
      'not json',
      '',
      'null',
      '42',
      '"?lr=0.5"',
      '[]',
      '{}',
      '{"version":2,"search":"?lr=0.5"}',
      '{"version":1,"search":42}',
      '{"version":1}',
    ];
    for (const text of garbage) {
      const storage = createStorage();
      storage.items.set('sgd-lab:config', text);
      expect(loadSavedConfig(storage, defaults)).toBeNull();
    }
  });

  it('loads what still passes from an outdated save, the defaults for the rest', () => {
    const storage = createStorage();
    storage.items.set('sgd-lab:config', JSON.stringify({ version: 1, search: '?lr=0.5&epochs=999999' }));
    expect(loadSavedConfig(storage, defaults)).toEqual({
      ...defaults,
      hyperparameters: { ...defaults.hyperparameters, learningRate: 0.5 },
    });
  });

  it('neither throws nor loads when storage throws', () => {
    const failing: Pick<Storage, 'getItem' | 'setItem'> = {
      getItem: () => {
        throw new Error('SecurityError: storage is disabled');
      },
      setItem: () => {
        throw new DOMException('quota exceeded', 'QuotaExceededError');
      },
    };
    expect(loadSavedConfig(failing, defaults)).toBeNull();
    expect(() => saveConfig(failing, defaults)).not.toThrow();
  });
});
