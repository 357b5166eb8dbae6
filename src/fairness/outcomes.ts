import { Decimal } from '../engine/index.ts';

/**
 * What counts as the favourable outcome of a system, and which amount the report compares
 * (docs/fairness.md: per pack, the favourable outcome and the amount must be named). The
 * amount is always "higher is better" for the person, so the report's amount metric reads
 * the same way for every system.
 */
export interface OutcomeSpec {
  system: string;
  /** German, as the report shows it („Begünstigendes Ergebnis“). */
  favourableOutcome: string;
  /** The claim and its amount in whole cents from a decided record's values; null when the values do not say. */
  read(values: Readonly<Record<string, unknown>>): { claim: boolean; amountCents: number | null } | null;
  /**
   * The amount the person is granted or charged, and which way is better for them — what tells
   * a remedy of an objection (Abhilfe) from a change to the person's disadvantage.
   */
  headline: { output: string; label: string; higherIsBetter: boolean };
}

function decimalOf(v: unknown): Decimal | null {
  if (typeof v === 'number' && Number.isFinite(v)) return new Decimal(String(v));
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return new Decimal(v.trim());
  return null;
}

/** Whole cents, rounded half-even (statutory amounts are whole euros or cents already). */
function cents(d: Decimal): number {
  return d.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber();
}

export const OUTCOME_SPECS: Readonly<Record<string, OutcomeSpec>> = {
  wohngeld: {
    system: 'wohngeld',
    favourableOutcome: 'Wohngeld bewilligt (monatlicher Betrag über 0 Euro); verglichen wird der monatliche Betrag',
    read(values) {
      const m = decimalOf(values.wohngeld_monat);
      if (!m) return null;
      return m.gt(0) ? { claim: true, amountCents: cents(m) } : { claim: false, amountCents: null };
    },
    headline: { output: 'wohngeld_monat', label: 'monatliches Wohngeld', higherIsBetter: true },
  },
  'kita-beitrag': {
    system: 'kita-beitrag',
    favourableOutcome:
      'Elternbeitrag erlassen oder ermäßigt (Beitrag 0 Euro oder unter dem Tabellenbeitrag nach § 3); verglichen wird die monatliche Entlastung gegenüber dem Tabellenbeitrag',
    read(values) {
      const fee = decimalOf(values.beitrag_monat);
      if (!fee) return null;
      const table = decimalOf(values.beitrag_vor_ermaessigung);
      const relief = table && table.gt(fee) ? table.minus(fee) : new Decimal(0);
      if (fee.isZero() || relief.gt(0)) return { claim: true, amountCents: cents(relief) };
      return { claim: false, amountCents: null };
    },
    headline: { output: 'beitrag_monat', label: 'monatlicher Elternbeitrag', higherIsBetter: false },
  },
};

/** The outcome of a decided record, or null for a system without a declared favourable outcome. */
export function favourableOutcome(system: string, values: Readonly<Record<string, unknown>> | null | undefined): { claim: boolean; amountCents: number | null } | null {
  const spec = OUTCOME_SPECS[system];
  return spec && values ? spec.read(values) : null;
}

export interface ChangeForPerson {
  change: 'better' | 'same' | 'worse';
  /** German name of the amount compared, e.g. „monatliches Wohngeld“. */
  label: string;
  before: Decimal;
  after: Decimal;
}

/**
 * Whether the values of a new decision are better, the same or worse for the person than those
 * of an earlier one, by the system's headline amount; null for a system that declares none or
 * values that do not state it.
 */
export function changeForPerson(system: string, before: Readonly<Record<string, unknown>> | null | undefined, after: Readonly<Record<string, unknown>> | null | undefined): ChangeForPerson | null {
  const spec = OUTCOME_SPECS[system];
  if (!spec || !before || !after) return null;
  const { output, label, higherIsBetter } = spec.headline;
  const b = decimalOf(before[output]);
  const a = decimalOf(after[output]);
  if (!b || !a) return null;
  const cmp = a.comparedTo(b) * (higherIsBetter ? 1 : -1);
  return { change: cmp > 0 ? 'better' : cmp < 0 ? 'worse' : 'same', label, before: b, after: a };
}
