import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidModelSpec } from '../core/models.ts';
import { configArbitrary } from '../test/configArbitrary.ts';
import { defaultConfig, type AppConfig } from './config.ts';
import { FULL_VIEW } from './lessonLink.ts';
import { decodeConfig, encodeConfig, MAX_LINK_POINTS } from './link.ts';

const defaults: AppConfig = defaultConfig;

/** A decoded configuration is valid when it survives encoding and decoding without a notice, unchanged. */
function expectValid(config: AppConfig): void {
  expect(isValidModelSpec(config.model)).toBe(true);
  const search = encodeConfig(config);
  const again = decodeConfig(search, defaults);
  expect(again.notices).toEqual([]);
  expect(encodeConfig(again.config)).toBe(search);
}

const exampleSearch =
  '?data=moons&n=500&noise=0.2&train=0.7&seed=3&model=linear&features=x1x2&objective=logistic&l2=0' +
  '&sampling=shuffleOnce&engine=fast&lr=0.1&anneal=0.98&batch=10&epochs=100&speed=300&present=0';

const exampleConfig: AppConfig = {
  dataset: { kind: 'moons', points: 500, noise: 0.2, trainFraction: 0.7, seed: 3 },
  customPoints: null,
  model: { kind: 'linear', features: ['x1x2'] },
  engine: 'fast',
  objective: 'logistic',
  l2: 0,
  sampling: 'shuffleOnce',
  hyperparameters: { learningRate: 0.1, annealingRate: 0.98, batchSize: 10, epochs: 100 },
  speed: 300,
  presentation: false,
};

describe('encodeConfig', () => {
  it('writes readable names and short values', () => {
    expect(encodeConfig(exampleConfig)).toBe(exampleSearch);
  });

  it('writes a network as its layers and activation, and no features', () => {
    const search = encodeConfig({
      ...exampleConfig,
      model: { kind: 'network', hiddenLayers: [8, 8], activation: 'tanh' },
    });
    expect(search).toContain('&model=network&layers=8,8&activation=tanh&');
    expect(search).not.toContain('features');
  });

  it('writes a linear model without extra features as features=none', () => {
    expect(encodeConfig(defaults)).toContain('&model=linear&features=none&');
  });

  it('rounds numbers compactly and writes full speed as max and presentation as 1', () => {
    const search = encodeConfig({
      ...exampleConfig,
      dataset: { ...exampleConfig.dataset, noise: 0.123456, trainFraction: 2 / 3 },
      l2: 1 / 3,
      hyperparameters: { ...exampleConfig.hyperparameters, learningRate: 0.000123456789 },
      speed: null,
      presentation: true,
    });
    expect(search).toContain('&noise=0.12&train=0.67&');
    expect(search).toContain('&l2=0.3333&');
    expect(search).toContain('&lr=0.0001235&');
    expect(search).toContain('&speed=max&present=1');
  });

  it('carries custom points as x1:x2:label triples with at most 4 decimals', () => {
    const customPoints = { x: Float64Array.from([1.23456, -2, 0, 5.5]), y: Float64Array.from([1, -1]) };
    expect(encodeConfig({ ...exampleConfig, customPoints })).toMatch(/&points=1\.2346:-2:1,0:5\.5:-1$/);
  });

  it(`leaves out more than ${MAX_LINK_POINTS} points and keeps the generated dataset's spec`, () => {
    const count = MAX_LINK_POINTS + 1;
    const customPoints = { x: new Float64Array(2 * count), y: new Float64Array(count).fill(1) };
    const search = encodeConfig({ ...exampleConfig, customPoints });
    expect(search).toBe(exampleSearch);
    expect(decodeConfig(search, defaults).config).toEqual(exampleConfig);
  });
});

describe('decodeConfig', () => {
  it('reads the example link', () => {
    expect(decodeConfig(exampleSearch, defaults)).toEqual({
      view: FULL_VIEW,
      config: exampleConfig,
      notices: [],
    });
  });

  it('gives back every valid configuration exactly, whatever the defaults', () => {
    fc.assert(
      fc.property(configArbitrary, configArbitrary, (config, otherDefaults) => {
        expect(decodeConfig(encodeConfig(config), otherDefaults)).toEqual({
          view: FULL_VIEW,
          config,
          notices: [],
        });
      }),
      { numRuns: 300 },
    );
  });

  it('takes the defaults silently for missing parameters', () => {
    expect(decodeConfig('', defaults)).toEqual({ view: FULL_VIEW, config: defaults, notices: [] });
    expect(decodeConfig('?', defaults)).toEqual({ view: FULL_VIEW, config: defaults, notices: [] });
    const { config, notices } = decodeConfig('?lr=0.5&present=1', defaults);
    expect(notices).toEqual([]);
    expect(config).toEqual({
      ...defaults,
      hyperparameters: { ...defaults.hyperparameters, learningRate: 0.5 },
      presentation: true,
    });
  });

  it('takes the default for each bad parameter and names it, in the order of the link', () => {
    const { config, notices } = decodeConfig('?lr=abc&foo=1&n=5&data=moon&epochs=40&lr=0.5', defaults);
    expect(notices).toEqual([
      'Ignored "lr=abc": not a number between 0.0001 and 10',
      'Ignored unknown parameter "foo"',
      'Ignored "n=5": not a whole number between 10 and 100000',
      'Ignored "data=moon": not one of separable, overlapping, xor, circles, moons, spiral',
      'Ignored "lr=0.5": "lr" is given more than once; the first counts',
    ]);
    expect(config).toEqual({ ...defaults, hyperparameters: { ...defaults.hyperparameters, epochs: 40 } });
  });

  it('names each unknown parameter once, however often the link repeats it', () => {
    expect(decodeConfig('?ds=1&bogus=1&ds=2', defaults).notices).toEqual([
      'Ignored unknown parameter "ds"',
      'Ignored unknown parameter "bogus"',
    ]);
  });

  it('does not clamp values outside the limits', () => {
    const { config, notices } = decodeConfig('?lr=20&anneal=0.2&train=0.95&batch=0&speed=0', defaults);
    expect(config).toEqual(defaults);
    expect(notices).toEqual([
      'Ignored "lr=20": not a number between 0.0001 and 10',
      'Ignored "anneal=0.2": not a number between 0.5 and 1',
      'Ignored "train=0.95": not a number between 0.1 and 0.9',
      'Ignored "batch=0": not a whole number between 1 and 100000',
      'Ignored "speed=0": not "max" or a number of batches per second between 0.1 and 100000',
    ]);
  });

  it('rejects numbers that Number() would take but a person did not mean', () => {
    for (const text of ['', ' ', '0x10', 'Infinity', 'NaN', '1e400', '1,5']) {
      const { config, notices } = decodeConfig(`?l2=${encodeURIComponent(text)}`, defaults);
      expect(config.l2).toBe(defaults.l2);
      expect(notices).toHaveLength(1);
    }
    expect(decodeConfig('?seed=1.5', defaults).notices).toEqual([
      'Ignored "seed=1.5": not a whole number between 0 and 4294967295',
    ]);
  });

  it('checks a network against its limits', () => {
    const { config, notices } = decodeConfig('?model=network&layers=4,40&activation=swish', defaults);
    expect(config.model).toEqual({ kind: 'network', hiddenLayers: [8, 8], activation: 'tanh' });
    expect(notices).toEqual([
      'Ignored "layers=4,40": not 1 to 3 comma-separated layer sizes, each a whole number between 1 and 16',
      'Ignored "activation=swish": not one of tanh, relu, sigmoid',
    ]);
    expect(decodeConfig('?model=network&layers=1,1,1,1', defaults).notices).toHaveLength(1);
    expect(decodeConfig('?model=network&layers=', defaults).notices).toHaveLength(1);
    expect(decodeConfig('?model=network&layers=16,1,3&activation=relu', defaults)).toEqual({
      view: FULL_VIEW,
      config: { ...defaults, model: { kind: 'network', hiddenLayers: [16, 1, 3], activation: 'relu' } },
      notices: [],
    });
  });

  it("names parameters that do not belong to the link's model", () => {
    expect(decodeConfig('?model=network&features=x1x2', defaults).notices).toEqual([
      'Ignored "features=x1x2": only used with model=linear',
    ]);
    expect(decodeConfig('?layers=8&activation=relu', defaults).notices).toEqual([
      'Ignored "layers=8": only used with model=network',
      'Ignored "activation=relu": only used with model=network',
    ]);
  });

  it('reads features in any order into the order of the registry, and rejects repeats and unknown ones', () => {
    expect(decodeConfig('?features=sinX2,x1Squared', defaults)).toEqual({
      view: FULL_VIEW,
      config: { ...defaults, model: { kind: 'linear', features: ['x1Squared', 'sinX2'] } },
      notices: [],
    });
    expect(decodeConfig('?features=x1x2,x1x2', defaults).notices).toHaveLength(1);
    expect(decodeConfig('?features=x3', defaults).notices).toHaveLength(1);
  });

  it('reads each sampling scheme, and a link without one as reshuffling whatever the defaults hold', () => {
    for (const sampling of ['reshuffle', 'shuffleOnce', 'fixedOrder', 'withReplacement'] as const) {
      expect(decodeConfig(`?sampling=${sampling}`, defaults)).toEqual({
        view: FULL_VIEW,
        config: { ...defaults, sampling },
        notices: [],
      });
    }
    const oldLink = exampleSearch.replace('&sampling=shuffleOnce', '');
    const otherDefaults: AppConfig = { ...defaults, sampling: 'withReplacement' };
    expect(decodeConfig(oldLink, otherDefaults)).toEqual({
      view: FULL_VIEW,
      config: { ...exampleConfig, sampling: 'reshuffle' },
      notices: [],
    });
  });

  it('names a malformed sampling scheme and reshuffles', () => {
    const otherDefaults: AppConfig = { ...defaults, sampling: 'fixedOrder' };
    for (const text of ['random', 'Reshuffle', '', 'with replacement']) {
      const { config, notices } = decodeConfig(`?sampling=${encodeURIComponent(text)}`, otherDefaults);
      expect(config).toEqual({ ...otherDefaults, sampling: 'reshuffle' });
      expect(notices).toEqual([
        `Ignored "sampling=${text}": not one of reshuffle, shuffleOnce, fixedOrder, withReplacement`,
      ]);
    }
  });

  it('reads speed=max as full speed', () => {
    expect(decodeConfig('?speed=max', defaults).config.speed).toBeNull();
  });

  it('reads points, and without them shows the generated data whatever the defaults hold', () => {
    const { config, notices } = decodeConfig('?points=1.5:-0.25:1,0:2:-1', defaults);
    expect(notices).toEqual([]);
    expect(config.customPoints).toEqual({
      x: Float64Array.from([1.5, -0.25, 0, 2]),
      y: Float64Array.from([1, -1]),
    });
    expect(decodeConfig('?points=', defaults).config.customPoints).toEqual({
      x: new Float64Array(0),
      y: new Float64Array(0),
    });
    const withPoints: AppConfig = { ...defaults, customPoints: config.customPoints };
    expect(decodeConfig('?lr=0.5', withPoints).config.customPoints).toBeNull();
  });

  it(`rejects malformed points and more than ${MAX_LINK_POINTS}`, () => {
    const tooMany = Array.from({ length: MAX_LINK_POINTS + 1 }, () => '0:0:1').join(',');
    for (const text of ['1:2:3', '1:2', '1:2:1,', 'a:b:1', '1:2:1;3:4:-1', '2000000:0:1', tooMany]) {
      const { config, notices } = decodeConfig(`?points=${text}`, defaults);
      expect(config.customPoints).toBeNull();
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/^Ignored "points=.*": not at most 200 points/);
    }
  });

  it('cuts long values short in notices', () => {
    const [notice] = decodeConfig(`?lr=${'9'.repeat(100)}`, defaults).notices;
    expect(notice).toBe(`Ignored "lr=${'9'.repeat(40)}…": not a number between 0.0001 and 10`);
  });

  it('never throws and always gives a valid configuration for any string', () => {
    const searchArbitrary = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary-ascii' }),
      fc.string({
        unit: fc.constantFrom('?', '&', '=', '%', '+', ',', ':', '#', '1', '.', '-', 'e', 'lr', 'n'),
      }),
    );
    fc.assert(
      fc.property(searchArbitrary, (search) => {
        expectValid(decodeConfig(search, defaults).config);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws and always gives a valid configuration for real keys with junk values', () => {
    const keys = [
      ...['data', 'n', 'noise', 'train', 'seed', 'model', 'features', 'layers', 'activation', 'objective'],
      ...['l2', 'sampling', 'engine', 'lr', 'anneal', 'batch', 'epochs', 'speed', 'present', 'points'],
    ];
    const junkValues = [
      ...['', ' ', 'none', 'max', '1', '0', '-1', '-0', '1e3', '1e-3', '0.5', '.5', '5.', 'Infinity', 'NaN'],
      ...['0x10', '8,8', '8,,8', '16,16,16,16', 'x1x2,x1x2', 'sinX1,x1x2', 'tanh', 'moons', 'network'],
      ...[
        'linear',
        'tfjs',
        'hinge',
        'withReplacement',
        '1:2:1',
        '1:2:1,3:4:-1',
        '1:2:0',
        '%',
        '%zz',
        '__proto__',
        'constructor',
      ],
    ];
    const pairArbitrary = fc.tuple(
      fc.oneof(
        fc.constantFrom(...keys),
        fc.constantFrom('__proto__', 'hasOwnProperty'),
        fc.string({ maxLength: 4 }),
      ),
      fc.oneof(
        fc.constantFrom(...junkValues),
        fc.double().map(String),
        fc.integer().map(String),
        fc.string({ maxLength: 12 }),
      ),
    );
    fc.assert(
      fc.property(fc.array(pairArbitrary, { maxLength: 25 }), fc.boolean(), (pairs, escape) => {
        const write = escape ? encodeURIComponent : (text: string) => text;
        const search = `?${pairs.map(([key, value]) => `${write(key)}=${write(value)}`).join('&')}`;
        const { config, notices } = decodeConfig(search, defaults);
        expectValid(config);
        // Unescaped, a value may hold "&" and so add parameters; escaped, each pair is one parameter.
        if (escape) expect(notices.length).toBeLessThanOrEqual(pairs.length);
        for (const notice of notices) expect(notice).toMatch(/^Ignored /);
      }),
      { numRuns: 500 },
    );
  });
});
