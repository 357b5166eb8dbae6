import { berlinDate, invalidInput } from '../common/index.ts';

/**
 * Reports cover fixed, disjoint calendar quarters only: two reports over overlapping
 * periods could be subtracted from each other and reveal a group the suppression hid
 * in both. Dates are calendar dates in Germany (Europe/Berlin), because processing time
 * is counted in the office's calendar days.
 */

const QUARTER = /^([0-9]{4})-Q([1-4])$/;

export interface Quarter {
  id: string;
  from: string;
  to: string;
}

export function parseQuarter(id: unknown, path = '$.quarter'): Quarter {
  const m = typeof id === 'string' ? QUARTER.exec(id) : null;
  if (!m) throw invalidInput(path, 'Quartal im Format JJJJ-QN erwartet, z. B. 2026-Q1');
  const year = m[1]!;
  const q = Number(m[2]);
  const first = (q - 1) * 3 + 1;
  return { id: `${year}-Q${q}`, from: `${year}-${String(first).padStart(2, '0')}`, to: `${year}-${String(first + 2).padStart(2, '0')}` };
}

/** The quarter a month (`YYYY-MM`) belongs to. */
export function quarterOfMonth(month: string): Quarter {
  return parseQuarter(`${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`);
}

export { berlinDate };

/** Calendar days between two instants as dates in Germany (0 on the same day). */
export function calendarDays(from: Date | string, to: Date | string): number {
  const a = Date.parse(`${berlinDate(from)}T00:00:00Z`);
  const b = Date.parse(`${berlinDate(to)}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

/** The last quarter that has fully ended at `now` (in Germany). */
export function lastCompletedQuarter(now: Date): Quarter {
  const current = quarterOfMonth(berlinDate(now).slice(0, 7));
  const [year, q] = [Number(current.id.slice(0, 4)), Number(current.id.slice(6))];
  return q === 1 ? parseQuarter(`${year - 1}-Q4`) : parseQuarter(`${year}-Q${q - 1}`);
}

/** True when the quarter has fully ended at `now` (in Germany). */
export function quarterEnded(q: Quarter, now: Date): boolean {
  return berlinDate(now).slice(0, 7) > q.to;
}
