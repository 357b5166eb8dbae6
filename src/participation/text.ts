import type { Problem } from '../common/index.ts';

/** Trimmed text of a length in [min, max], or a German problem at `path`. */
export function checkText(v: unknown, path: string, min: number, max: number, what: string, problems: Problem[]): string {
  if (typeof v !== 'string') {
    problems.push({ path, message: `${what}: Text erwartet.` });
    return '';
  }
  const t = v.trim();
  if (t.length < min) problems.push({ path, message: min <= 1 ? `${what} fehlt.` : `${what}: mindestens ${min} Zeichen.` });
  else if (t.length > max) problems.push({ path, message: `${what}: höchstens ${max} Zeichen.` });
  return t;
}

export function optionalText(v: unknown, path: string, max: number, what: string, problems: Problem[]): string | undefined {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) return undefined;
  return checkText(v, path, 1, max, what, problems);
}

/** A link a document may have: http(s) or a path on this server. */
export function isLink(v: string): boolean {
  return /^https?:\/\/[^\s]+$/.test(v) || /^\/[^\s]*$/.test(v);
}
