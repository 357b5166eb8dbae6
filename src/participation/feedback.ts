import type { Problem } from '../common/index.ts';
import { invalid } from './consultation.ts';
import { FEEDBACK_SUBJECTS, type Feedback, type FeedbackStatus, type FeedbackSubject } from './model.ts';
import { optionalText } from './text.ts';

export interface FeedbackInput {
  subject: unknown;
  rating: unknown;
  text?: unknown;
  /** Letter id, explanation audience, chatbot service id or answer mode: what was rated. */
  ref?: unknown;
  packId?: unknown;
}

export interface CheckedFeedback {
  subject: FeedbackSubject;
  rating: number;
  text: string | null;
  ref: string | null;
  packId: string | null;
}

const REF = /^[A-Za-z0-9][A-Za-z0-9:._#/-]{0,199}$/;
const PACK = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Rating 1 (gar nicht hilfreich) to 5 (sehr hilfreich), optional free text (redacted later). */
export function checkFeedback(raw: FeedbackInput): CheckedFeedback {
  const problems: Problem[] = [];
  if (!(FEEDBACK_SUBJECTS as readonly unknown[]).includes(raw.subject)) problems.push({ path: '$.subject', message: `Erwartet: ${FEEDBACK_SUBJECTS.join(', ')}.` });
  if (typeof raw.rating !== 'number' || !Number.isInteger(raw.rating) || raw.rating < 1 || raw.rating > 5) problems.push({ path: '$.rating', message: 'Bewertung von 1 (gar nicht hilfreich) bis 5 (sehr hilfreich) erwartet.' });
  const text = optionalText(raw.text, '$.text', 2000, 'Ihr Text', problems) ?? null;
  let ref: string | null = null;
  if (raw.ref !== undefined && raw.ref !== null && raw.ref !== '') {
    if (typeof raw.ref !== 'string' || !REF.test(raw.ref)) problems.push({ path: '$.ref', message: 'Kennung des bewerteten Inhalts (Buchstaben, Ziffern, :._#/-) erwartet.' });
    else ref = raw.ref;
  }
  let packId: string | null = null;
  if (raw.packId !== undefined && raw.packId !== null && raw.packId !== '') {
    if (typeof raw.packId !== 'string' || !PACK.test(raw.packId)) problems.push({ path: '$.packId', message: 'Kennung eines Regelwerks erwartet.' });
    else packId = raw.packId;
  }
  if (problems.length > 0) throw invalid('Die Rückmeldung ist unvollständig.', problems);
  return { subject: raw.subject as FeedbackSubject, rating: raw.rating as number, text, ref, packId };
}

/** A register entry as the router sees it. */
export interface RoutableEntry {
  id: string;
  status: string;
  packs: readonly string[];
  features: readonly string[];
}

/**
 * Feedback goes to the owners of the system that produced what was rated: the rule pack's
 * entry for decisions and explanations, the drafting assistant for letters (else the
 * pack's entry), the chatbot's entry for its answers. Retired and draft entries come last;
 * without any entry it goes to the administration.
 */
export function routeFeedback(subject: FeedbackSubject, packId: string | null, entries: readonly RoutableEntry[]): string | null {
  const rank = (e: RoutableEntry) => (e.status === 'active' ? 0 : e.status === 'retired' ? 3 : e.status === 'draft' ? 2 : 1);
  const pick = (f: (e: RoutableEntry) => boolean, specific: (e: RoutableEntry) => number = () => 0) =>
    entries
      .filter(f)
      .sort((a, b) => specific(a) - specific(b) || rank(a) - rank(b) || a.id.localeCompare(b.id))[0]?.id ?? null;
  // The rule pack's own entry links that pack alone; entries built on several packs or on a
  // feature (drafting, chatbot, fully automated decisions, monitoring) come after it.
  const packEntry = () => (packId ? pick((e) => e.packs.includes(packId), (e) => (e.features.length === 0 ? 0 : 2) + (e.packs.length === 1 ? 0 : 1)) : null);
  switch (subject) {
    case 'chatbot-answer':
      return pick((e) => e.features.includes('chatbot'));
    case 'letter':
      return pick((e) => e.features.includes('drafting')) ?? packEntry();
    case 'decision':
    case 'explanation':
      return packEntry();
  }
}

export const STATUS_LABELS: Record<FeedbackStatus, string> = { new: 'neu', in_progress: 'in Bearbeitung', done: 'erledigt' };

export function checkHandling(raw: { status: unknown; note?: unknown }): { status: FeedbackStatus; note: string | null } {
  const problems: Problem[] = [];
  if (raw.status !== 'new' && raw.status !== 'in_progress' && raw.status !== 'done') problems.push({ path: '$.status', message: 'Erwartet: new, in_progress, done.' });
  const note = optionalText(raw.note, '$.note', 2000, 'Vermerk', problems) ?? null;
  if (problems.length > 0) throw invalid('Die Bearbeitung ist unvollständig.', problems);
  return { status: raw.status as FeedbackStatus, note };
}

export interface FeedbackCounts {
  total: number;
  /** Mean rating with one decimal, German („4,2“), computed in integers with half-even rounding. */
  averageRating: string | null;
  byRating: Record<1 | 2 | 3 | 4 | 5, number>;
  bySubject: Record<FeedbackSubject, number>;
  handled: number;
}

export function countFeedback(items: readonly Pick<Feedback, 'rating' | 'subject' | 'status'>[]): FeedbackCounts {
  const byRating = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } as FeedbackCounts['byRating'];
  const bySubject = Object.fromEntries(FEEDBACK_SUBJECTS.map((s) => [s, 0])) as FeedbackCounts['bySubject'];
  let sum = 0;
  let handled = 0;
  for (const f of items) {
    byRating[f.rating as 1] += 1;
    bySubject[f.subject] += 1;
    sum += f.rating;
    if (f.status === 'done') handled++;
  }
  return { total: items.length, averageRating: oneDecimal(sum, items.length), byRating, bySubject, handled };
}

function oneDecimal(sum: number, n: number): string | null {
  if (n === 0) return null;
  const scaled = sum * 10;
  let q = Math.floor(scaled / n);
  const r = scaled - q * n;
  if (2 * r > n || (2 * r === n && q % 2 === 1)) q += 1;
  return `${Math.floor(q / 10)},${q % 10}`;
}
