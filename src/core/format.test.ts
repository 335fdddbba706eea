import { describe, expect, it } from 'vitest';
import { formatCount, formatNumber, formatPercent, formatRate, suggestSmallerRate } from './format.ts';

describe('number formats', () => {
  it('keeps three significant digits and never prints NaN', () => {
    expect(formatNumber(123.456)).toBe('123');
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(-2.5)).toBe('-2.5');
    expect(formatNumber(1234567)).toBe('1.23e6');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('prints percentages with one decimal', () => {
    expect(formatPercent(0.9567)).toBe('95.7 %');
    expect(formatPercent(1)).toBe('100.0 %');
  });

  it('prints learning rates plainly or scientifically as fits', () => {
    expect(formatRate(0.03)).toBe('0.03');
    expect(formatRate(1e-4)).toBe('1e-4');
    expect(formatRate(0.00025)).toBe('2.5e-4');
    expect(formatRate(10)).toBe('10');
    expect(formatRate(0.1 * 0.9 ** 3)).toBe('0.0729');
  });

  it('prints counts for an axis: small ones whole, large ones in k and M', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(2500)).toBe('2500');
    expect(formatCount(25_000)).toBe('25k');
    expect(formatCount(100_000)).toBe('100k');
    expect(formatCount(1_500_000)).toBe('1.5M');
    expect(formatCount(Number.NaN)).toBe('—');
  });

  it('suggests a rate about ten times smaller on a 1-2-5 step', () => {
    expect(suggestSmallerRate(10)).toBe(1);
    expect(suggestSmallerRate(3)).toBe(0.2);
    expect(suggestSmallerRate(0.7)).toBe(0.05);
    for (const rate of [9.9, 0.123, 4e-3]) {
      const suggestion = suggestSmallerRate(rate);
      expect(suggestion).toBeLessThanOrEqual(rate / 10);
      expect(suggestion).toBeGreaterThanOrEqual(rate / 50);
    }
  });
});
