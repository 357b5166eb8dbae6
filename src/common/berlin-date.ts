const BERLIN = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The calendar date in Germany of an instant, `YYYY-MM-DD`: an office's day, not UTC's (a letter
 * written at 00:30 bears that day's date, a report's quarter ends at midnight in Germany).
 */
export function berlinDate(at: Date | string): string {
  return BERLIN.format(typeof at === 'string' ? new Date(at) : at);
}
