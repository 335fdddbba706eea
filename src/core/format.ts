/** Formats for people: 3 significant digits, no NaN, no 17 digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) return formatScientific(value);
  return String(Number(value.toPrecision(3)));
}

/** A share in [0, 1] as a percentage with one decimal: 0.9567 → "95.7 %". */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(1)} %`;
}

/** A learning rate in plain or scientific notation as fits: 0.03, 1e-4, 2.5e-4. */
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate)) return '—';
  if (rate !== 0 && Math.abs(rate) < 1e-3) return formatScientific(rate);
  return String(Number(rate.toPrecision(3)));
}

function formatScientific(value: number): string {
  const [mantissa = '0', exponent = '0'] = value.toExponential(2).split('e');
  const trimmed = mantissa.replace(/\.?0+$/, '');
  return `${trimmed}e${Number(exponent)}`;
}

/** A learning rate ten times smaller, rounded down to 1, 2 or 5 × a power of ten: a safe next try. */
export function suggestSmallerRate(rate: number): number {
  const target = rate / 10;
  const power = 10 ** Math.floor(Math.log10(target));
  const step = [5, 2, 1].find((candidate) => candidate * power <= target) ?? 1;
  return Number((step * power).toPrecision(1));
}

/** A count as an axis labels it: 2500 as is, 25,000 as "25k", 1,500,000 as "1.5M". */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (magnitude >= 1e4) return `${Number((value / 1e3).toPrecision(3))}k`;
  return String(Number(value.toPrecision(6)));
}
