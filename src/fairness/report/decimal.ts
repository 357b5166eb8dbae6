/**
 * Exact decimal output for sums of whole cents (or whole days). A mean is the quotient of
 * two integers; it is rounded half-even in integer arithmetic, so no binary fraction
 * ever decides a published cent.
 */
export function exactQuotient(sum: number, n: number, scale: number, decimals: number): string {
  if (!Number.isSafeInteger(sum) || !Number.isSafeInteger(n) || n <= 0) throw new RangeError('Summe und Anzahl müssen ganze Zahlen sein');
  const numerator = BigInt(sum) * 10n ** BigInt(decimals);
  const denominator = BigInt(n) * BigInt(scale);
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  let q = abs / denominator;
  const r = abs % denominator;
  if (2n * r > denominator || (2n * r === denominator && q % 2n === 1n)) q += 1n;
  return formatFixed(negative ? -q : q, decimals);
}

/** A statistic (interval bound, difference) in scaled units, shown to `decimals` places. */
export function formatStatistic(x: number, scale: number, decimals: number): string {
  const units = Math.round((x / scale) * 10 ** decimals);
  return formatFixed(BigInt(units), decimals);
}

function formatFixed(units: bigint, decimals: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const whole = decimals === 0 ? digits : digits.slice(0, -decimals);
  const fraction = decimals === 0 ? '' : `.${digits.slice(-decimals)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Rounds a statistic for publication (keeps canonical JSON stable and readable). */
export function round(x: number, digits = 6): number {
  if (!Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}
