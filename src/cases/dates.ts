/** Calendar arithmetic for deadlines, on ISO dates (YYYY-MM-DD), in the municipality's calendar. */

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

/**
 * A deadline of one month (§ 70 VwGO, § 84 SGG) ends on the day of the next month with
 * the same number, or that month's last day (§ 188 Abs. 2, 3 BGB); a deadline ending on a
 * Saturday or Sunday moves to the next Monday (§ 193 BGB; public holidays are not modelled).
 */
export function addOneMonth(date: string): string {
  const [y, m, day] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = new Date(Date.UTC(y, m, Math.min(day, lastDay)));
  return isoDate(nextWorkingDay(d));
}

export function nextWorkingDay(d: Date): Date {
  const out = new Date(d);
  while (out.getUTCDay() === 0 || out.getUTCDay() === 6) out.setUTCDate(out.getUTCDate() + 1);
  return out;
}

/** Formats an ISO date the German way (01.08.2025). */
export function germanDate(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}
