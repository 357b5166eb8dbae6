/**
 * Calendar arithmetic for FEEL dates, times and durations (DMN 1.5 §10.3.2.3.4–7): proleptic
 * Gregorian calendar, years −999 999 999 … 999 999 999, seconds as Decimal (no float), time
 * offsets in seconds and IANA zone ids resolved through the ICU data built into Node.
 */
import { Decimal } from '../decimal.ts';
import { DaysTimeDuration, FeelDate, FeelDateTime, FeelTime, YearsMonthsDuration } from './values.ts';

const SECONDS_PER_DAY = 86400;
const D_SECONDS_PER_DAY = new Decimal(SECONDS_PER_DAY);
const D60 = new Decimal(60);
const D3600 = new Decimal(3600);
const DZERO = new Decimal(0);
export const MAX_YEAR = 999_999_999;

// ---------------------------------------------------------------------------------------------
// Day numbers (days since 1970-01-01), after H. Hinnant's civil-from-days algorithms.

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): FeelDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return new FeelDate(m <= 2 ? y + 1 : y, m, d);
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export function makeDate(y: number, m: number, d: number): FeelDate | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (Math.abs(y) > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return new FeelDate(y, m, d);
}

export function epochDays(d: FeelDate): number {
  return daysFromCivil(d.year, d.month, d.day);
}

export function dateFromEpochDays(days: number): FeelDate | null {
  const d = civilFromDays(days);
  return Math.abs(d.year) > MAX_YEAR ? null : d;
}

/** ISO weekday, Monday = 1 … Sunday = 7. */
export function isoWeekday(d: FeelDate): number {
  const n = epochDays(d); // 1970-01-01 was a Thursday (4)
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

export function dayOfYear(d: FeelDate): number {
  return epochDays(d) - daysFromCivil(d.year, 1, 1) + 1;
}

/** ISO 8601 week number. */
export function isoWeekOfYear(d: FeelDate): number {
  const n = epochDays(d);
  const thursday = n - isoWeekday(d) + 4; // the Thursday of this ISO week decides its year
  const y = civilFromDays(thursday).year;
  return Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1;
}

/** Adds months, clamping the day to the last day of the target month (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(d: FeelDate, months: number): FeelDate | null {
  const total = d.year * 12 + (d.month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  if (Math.abs(y) > MAX_YEAR) return null;
  return new FeelDate(y, m, Math.min(d.day, daysInMonth(y, m)));
}

// ---------------------------------------------------------------------------------------------
// Time zones

const zoneFormatters = new Map<string, Intl.DateTimeFormat | null>();

function zoneFormatter(zone: string): Intl.DateTimeFormat | null {
  let f = zoneFormatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      });
    } catch {
      f = null;
    }
    zoneFormatters.set(zone, f);
  }
  return f;
}

export function isValidZone(zone: string): boolean {
  return zoneFormatter(zone) !== null;
}

/** Offset of an IANA zone at a UTC instant (epoch milliseconds), in seconds. */
function zoneOffsetAt(zone: string, epochMs: number): number | null {
  const f = zoneFormatter(zone);
  if (!f || !Number.isFinite(epochMs) || Math.abs(epochMs) > 8.64e15) return null;
  const parts = f.formatToParts(new Date(epochMs));
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, bc = false;
  for (const p of parts) {
    switch (p.type) {
      case 'year': y = Number(p.value); break;
      case 'month': mo = Number(p.value); break;
      case 'day': d = Number(p.value); break;
      case 'hour': h = Number(p.value); break;
      case 'minute': mi = Number(p.value); break;
      case 'second': s = Number(p.value); break;
      case 'era': bc = p.value === 'BC' || p.value === 'B'; break;
      default: break;
    }
  }
  if (bc) y = 1 - y;
  const wallMs = (daysFromCivil(y, mo, d) * SECONDS_PER_DAY + h * 3600 + mi * 60 + s) * 1000;
  const utcSecondsFloor = Math.floor(epochMs / 1000) * 1000;
  return Math.round((wallMs - utcSecondsFloor) / 1000);
}

/** Offset that a zone applies to a local wall-clock time (seconds since epoch as if UTC). */
export function zoneOffsetForLocal(zone: string, localSeconds: number): number | null {
  const guess = zoneOffsetAt(zone, localSeconds * 1000);
  if (guess === null) return null;
  const second = zoneOffsetAt(zone, (localSeconds - guess) * 1000);
  return second ?? guess;
}

// ---------------------------------------------------------------------------------------------
// Parsing

const DATE_RE = /^(-?)(\d{4,9})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)(Z|z|[+-]\d{2}:\d{2}(?::\d{2})?|@[A-Za-z][A-Za-z0-9_+\-/]*)?$/;
const DURATION_RE = /^(-)?P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d*)?)S)?)?$/;

export function parseDate(s: string): FeelDate | null {
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const digits = m[2]!;
  if (digits.length > 4 && digits.startsWith('0')) return null;
  const y = Number(digits) * (m[1] ? -1 : 1);
  return makeDate(y, Number(m[3]), Number(m[4]));
}

function parseOffset(s: string): number | null {
  if (s === 'Z' || s === 'z') return 0;
  const sign = s[0] === '-' ? -1 : 1;
  const hh = Number(s.slice(1, 3));
  const mm = Number(s.slice(4, 6));
  const ss = s.length > 6 ? Number(s.slice(7, 9)) : 0;
  if (hh > 14 || mm > 59 || ss > 59) return null;
  return sign * (hh * 3600 + mm * 60 + ss);
}

export function parseTime(s: string): FeelTime | null {
  const m = TIME_RE.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const sec = new Decimal(m[3]!);
  if (h > 23 || mi > 59 || sec.gte(60)) return null;
  const suffix = m[4];
  if (suffix === undefined) return new FeelTime(h, mi, sec, null, null);
  if (suffix.startsWith('@')) {
    const zone = suffix.slice(1);
    return isValidZone(zone) ? new FeelTime(h, mi, sec, null, zone) : null;
  }
  const off = parseOffset(suffix);
  return off === null ? null : new FeelTime(h, mi, sec, off, null);
}

/** `2012-12-24T23:59:00`, with offset or zone; a bare date means midnight (DMN 1.5 §10.3.4.1). */
export function parseDateTime(s: string): FeelDateTime | null {
  const t = s.indexOf('T');
  if (t < 0) {
    const d = parseDate(s);
    return d ? new FeelDateTime(d, new FeelTime(0, 0, DZERO, null, null)) : null;
  }
  const d = parseDate(s.slice(0, t));
  if (!d) return null;
  const timeText = s.slice(t + 1);
  if (timeText.startsWith('24:00:00')) {
    const rest = timeText.slice(8);
    const midnight = parseTime(`00:00:00${rest}`);
    const next = dateFromEpochDays(epochDays(d) + 1);
    return midnight && next ? new FeelDateTime(next, midnight) : null;
  }
  const time = parseTime(timeText);
  return time ? new FeelDateTime(d, time) : null;
}

export function parseDuration(s: string): DaysTimeDuration | YearsMonthsDuration | null {
  const m = DURATION_RE.exec(s);
  if (!m) return null;
  const neg = m[1] === '-';
  const hasYM = m[2] !== undefined || m[3] !== undefined;
  const hasDT = m[4] !== undefined || m[5] !== undefined || m[6] !== undefined || m[7] !== undefined;
  if (hasYM && hasDT) return null;
  if (hasYM) {
    const months = Number(m[2] ?? 0) * 12 + Number(m[3] ?? 0);
    if (!Number.isSafeInteger(months)) return null;
    return new YearsMonthsDuration(neg ? -months || 0 : months);
  }
  let secs = new Decimal(m[7] ?? 0)
    .plus(new Decimal(m[6] ?? 0).times(D60))
    .plus(new Decimal(m[5] ?? 0).times(D3600))
    .plus(new Decimal(m[4] ?? 0).times(D_SECONDS_PER_DAY));
  if (neg && !secs.isZero()) secs = secs.neg();
  return new DaysTimeDuration(secs);
}

// ---------------------------------------------------------------------------------------------
// Formatting

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function formatDate(d: FeelDate): string {
  return d.toString();
}

function formatSeconds(sec: Decimal): string {
  const whole = sec.floor().toNumber();
  const frac = sec.minus(whole);
  if (frac.isZero()) return pad2(whole);
  return pad2(whole) + frac.toFixed().slice(1);
}

function formatOffset(off: number): string {
  if (off === 0) return 'Z';
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  return `${sign}${pad2(h)}:${pad2(m)}${s ? `:${pad2(s)}` : ''}`;
}

export function formatTime(t: FeelTime): string {
  let out = `${pad2(t.hour)}:${pad2(t.minute)}:${formatSeconds(t.second)}`;
  if (t.zone !== null) out += `@${t.zone}`;
  else if (t.offsetSeconds !== null) out += formatOffset(t.offsetSeconds);
  return out;
}

export function formatDateTime(dt: FeelDateTime): string {
  return `${formatDate(dt.date)}T${formatTime(dt.time)}`;
}

export function formatDaysTime(d: DaysTimeDuration): string {
  const neg = d.seconds.isNegative() && !d.seconds.isZero();
  const total = d.seconds.abs();
  const days = total.divToInt(D_SECONDS_PER_DAY);
  let rest = total.minus(days.times(D_SECONDS_PER_DAY));
  const hours = rest.divToInt(D3600);
  rest = rest.minus(hours.times(D3600));
  const minutes = rest.divToInt(D60);
  const secs = rest.minus(minutes.times(D60));
  let out = neg ? '-P' : 'P';
  if (!days.isZero()) out += `${days.toFixed()}D`;
  if (!hours.isZero() || !minutes.isZero() || !secs.isZero()) {
    out += 'T';
    if (!hours.isZero()) out += `${hours.toFixed()}H`;
    if (!minutes.isZero()) out += `${minutes.toFixed()}M`;
    if (!secs.isZero()) out += `${secs.toFixed()}S`;
  }
  return out === 'P' || out === '-P' ? 'PT0S' : out;
}

export function formatYearsMonths(d: YearsMonthsDuration): string {
  const a = Math.abs(d.months);
  const y = Math.floor(a / 12);
  const m = a % 12;
  let out = d.months < 0 ? '-P' : 'P';
  if (y) out += `${y}Y`;
  if (m || !y) out += `${m}M`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Instants and arithmetic

export function secondsOfDay(t: FeelTime): Decimal {
  return new Decimal(t.hour * 3600 + t.minute * 60).plus(t.second);
}

/** Offset in seconds that applies to a date-time, or null for local date-times. */
export function offsetOf(dt: FeelDateTime): number | null {
  if (dt.time.offsetSeconds !== null) return dt.time.offsetSeconds;
  if (dt.time.zone !== null) {
    const local = epochDays(dt.date) * SECONDS_PER_DAY + dt.time.hour * 3600 + dt.time.minute * 60 + dt.time.second.floor().toNumber();
    return zoneOffsetForLocal(dt.time.zone, local);
  }
  return null;
}

export function hasZone(dt: FeelDateTime | FeelTime): boolean {
  const t = dt instanceof FeelDateTime ? dt.time : dt;
  return t.offsetSeconds !== null || t.zone !== null;
}

/** Seconds since 1970-01-01T00:00:00Z; local date-times are read as UTC. */
export function instantSeconds(dt: FeelDateTime): Decimal {
  const local = new Decimal(epochDays(dt.date)).times(D_SECONDS_PER_DAY).plus(secondsOfDay(dt.time));
  const off = offsetOf(dt);
  return off ? local.minus(off) : local;
}

/** Local seconds since epoch (wall clock as if UTC), ignoring the offset. */
export function localSeconds(dt: FeelDateTime): Decimal {
  return new Decimal(epochDays(dt.date)).times(D_SECONDS_PER_DAY).plus(secondsOfDay(dt.time));
}

/** Builds a date-time from wall-clock seconds since epoch, keeping offset and zone of `like`. */
export function dateTimeFromLocalSeconds(local: Decimal, like: FeelTime): FeelDateTime | null {
  const days = local.div(D_SECONDS_PER_DAY).floor();
  const date = dateFromEpochDays(days.toNumber());
  if (!date) return null;
  const sod = local.minus(days.times(D_SECONDS_PER_DAY));
  return new FeelDateTime(date, timeFromSeconds(sod, like));
}

export function timeFromSeconds(sod: Decimal, like: FeelTime | null): FeelTime {
  let s = sod.mod(D_SECONDS_PER_DAY);
  if (s.isNegative()) s = s.plus(D_SECONDS_PER_DAY);
  const h = s.divToInt(D3600).toNumber();
  const rest = s.minus(h * 3600);
  const m = rest.divToInt(D60).toNumber();
  return new FeelTime(h, m, rest.minus(m * 60), like?.offsetSeconds ?? null, like?.zone ?? null);
}
