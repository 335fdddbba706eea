import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReferenceRun, replayReferenceRun } from './replay.ts';

const goldenFolder = join(import.meta.dirname, '../../test/golden');
const goldenFiles = readdirSync(goldenFolder).filter((name) => name.endsWith('.json'));

function expectRelativelyClose(actual: number, expected: number, tolerance: number, where: string): void {
  const scale = Math.max(1, Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tolerance * scale)) {
    throw new Error(`${where}: got ${actual}, expected ${expected}`);
  }
}

describe('golden replay', () => {
  it('finds the reference runs', () => {
    expect(goldenFiles.length).toBeGreaterThanOrEqual(4);
  });

  for (const name of goldenFiles) {
    it(`replays ${name} exactly`, () => {
      const file = JSON.parse(readFileSync(join(goldenFolder, name), 'utf8')) as {
        expected: Record<string, number[] | number[][]>;
      };
      const result = replayReferenceRun(parseReferenceRun(file));
      const expected = file.expected;
      const epochs = (expected['objective'] as number[]).length;
      expect(result.objective).toHaveLength(epochs);
      for (let epoch = 0; epoch < epochs; epoch++) {
        const where = `${name} epoch ${epoch + 1}`;
        expectRelativelyClose(
          result.objective[epoch]!,
          (expected['objective'] as number[])[epoch]!,
          1e-9,
          where,
        );
        expectRelativelyClose(result.lrUsed[epoch]!, (expected['lrUsed'] as number[])[epoch]!, 1e-12, where);
        (expected['wPerEpoch'] as number[][])[epoch]!.forEach((w, j) =>
          expectRelativelyClose(result.wPerEpoch[epoch]![j]!, w, 1e-9, `${where} w[${j}]`),
        );
      }
      expect(result.trainAccuracy).toEqual(expected['trainAccuracy']);
      expect(result.testAccuracy).toEqual(expected['testAccuracy']);
      (expected['finalW'] as number[]).forEach((w, j) =>
        expectRelativelyClose(result.finalW[j]!, w, 1e-9, `${name} finalW[${j}]`),
      );
    });

    it(`finds the optimum of ${name} as the reference does (1e-6), or says why there is none`, () => {
      const file = JSON.parse(readFileSync(join(goldenFolder, name), 'utf8')) as {
        expected: { optimumW?: number[]; optimumObjective?: number; optimumNote?: string };
      };
      const result = replayReferenceRun(parseReferenceRun(file));
      const { optimumW, optimumObjective, optimumNote } = file.expected;
      // The same optimum keys as the reference: none of them for the hinge.
      const keys = (value: object) => Object.keys(value).filter((key) => key.startsWith('optimum'));
      expect(keys(result).sort()).toEqual(keys(file.expected).sort());
      optimumW?.forEach((w, j) =>
        expectRelativelyClose(result.optimumW![j]!, w, 1e-6, `${name} optimumW[${j}]`),
      );
      if (optimumObjective !== undefined) {
        expectRelativelyClose(result.optimumObjective!, optimumObjective, 1e-6, `${name} optimumObjective`);
      }
      expect(result.optimumNote).toBe(optimumNote);
    });

    it(`gives the sharpness and noise scale of ${name} per epoch as the reference does (1e-6)`, () => {
      const file = JSON.parse(readFileSync(join(goldenFolder, name), 'utf8')) as {
        expected: { objective: number[]; sharpness?: number[]; noiseScale?: number[] };
      };
      const result = replayReferenceRun(parseReferenceRun(file));
      const { sharpness, noiseScale } = file.expected;
      // Present exactly where the reference has them: for the smooth objectives, not for the hinge.
      expect(result.sharpness === undefined).toBe(sharpness === undefined);
      expect(result.noiseScale === undefined).toBe(noiseScale === undefined);
      for (const [key, expected, actual] of [
        ['sharpness', sharpness, result.sharpness],
        ['noiseScale', noiseScale, result.noiseScale],
      ] as const) {
        if (expected === undefined) continue;
        expect(expected).toHaveLength(file.expected.objective.length);
        expect(actual).toHaveLength(expected.length);
        expected.forEach((value, epoch) => {
          const got = actual![epoch];
          if (typeof got !== 'number' || !(Math.abs(got - value) <= 1e-6 * Math.abs(value))) {
            throw new Error(`${name} ${key} epoch ${epoch + 1}: got ${got}, expected ${value}`);
          }
        });
      }
    });
  }

  it('covers a minimum, a separable run and a non-smooth run among the reference files', () => {
    const expectations = goldenFiles.map(
      (name) =>
        (JSON.parse(readFileSync(join(goldenFolder, name), 'utf8')) as { expected: Record<string, unknown> })
          .expected,
    );
    expect(expectations.some((expected) => 'optimumW' in expected)).toBe(true);
    expect(expectations.some((expected) => 'optimumNote' in expected)).toBe(true);
    expect(expectations.some((expected) => !('optimumW' in expected) && !('optimumNote' in expected))).toBe(
      true,
    );
    // Every smooth run carries its sharpness and noise scale, so the test above checks them.
    for (const expected of expectations) {
      const smooth = 'optimumW' in expected || 'optimumNote' in expected;
      expect('sharpness' in expected && 'noiseScale' in expected).toBe(smooth);
    }
  });

  it('names the problem in a malformed reference file', () => {
    expect(() => parseReferenceRun(null)).toThrow(/not a JSON object/);
    expect(() => parseReferenceRun({ objective: 'cubic' })).toThrow(/objective/);
    const valid = JSON.parse(readFileSync(join(goldenFolder, goldenFiles[0]!), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(() => parseReferenceRun({ ...valid, lr: -1 })).toThrow(/"lr"/);
    expect(() => parseReferenceRun({ ...valid, trainY: [2] })).toThrow(/trainY/);
    expect(() => parseReferenceRun({ ...valid, permutations: [[0, 0]] })).toThrow(/permutations/);
  });
});
