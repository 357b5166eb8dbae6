import { AmtsklarError, sha256Hex } from '../common/index.ts';
import { parseServiceDescription } from './content-parse.ts';
import { scanInjection } from './injection.ts';
import { buildCatalog } from './catalog.ts';
import type { Catalog, ServiceDescription } from './model.ts';

/**
 * The editorial workflow for service descriptions: staff write a draft, submit it for review,
 * a second person approves and publishes it (four eyes) or sends it back with a comment.
 * Every revision is kept with who did what when; publishing supersedes the previous published
 * revision, so the assistant always answers from exactly one reviewed version per service.
 */

export type RevisionState = 'entwurf' | 'in_pruefung' | 'veroeffentlicht' | 'ersetzt' | 'zurueckgezogen';

/** `redaktion` writes and submits; `freigabe` reviews, publishes and withdraws. */
export type EditorialRole = 'redaktion' | 'freigabe';

export interface EditorialActor {
  id: string;
  roles: readonly EditorialRole[];
}

export type EditorialAction = 'angelegt' | 'bearbeitet' | 'eingereicht' | 'zurueckgewiesen' | 'veroeffentlicht' | 'ersetzt' | 'zurueckgezogen';

export interface EditorialEvent {
  action: EditorialAction;
  actor: string;
  at: string;
  comment?: string;
}

export interface Revision {
  serviceId: string;
  /** 1, 2, 3 … per service. */
  revision: number;
  state: RevisionState;
  /** The Markdown file with front matter, as an editor writes it. */
  text: string;
  /** `sha256:` of the text, for the record and for caches. */
  textHash: string;
  author: string;
  /** Optimistic lock: every change increments it. */
  version: number;
  history: EditorialEvent[];
}

function fail(code: 'conflict' | 'forbidden' | 'invalid_input', message: string, path = '$'): never {
  throw new AmtsklarError(code, message, [{ path, message }]);
}

function need(actor: EditorialActor, role: EditorialRole, what: string): void {
  if (!actor.roles.includes(role)) fail('forbidden', `${what} darf nur, wer die Rolle „${role}“ hat.`);
}

function expectVersion(rev: Revision, version: number): void {
  if (rev.version !== version) fail('conflict', `Die Fassung wurde inzwischen geändert (Version ${rev.version}, nicht ${version}). Bitte neu laden.`, '$.version');
}

/**
 * Parses and checks a draft text: it must be a valid service description of the expected
 * service and carry no injection signatures (content is data, never instructions).
 */
export function checkDraftText(text: string, serviceId: string | undefined): ServiceDescription {
  if (typeof text !== 'string' || text.trim() === '') fail('invalid_input', 'Der Text der Leistungsbeschreibung fehlt.', '$.text');
  const file = `entwurf/${serviceId ?? 'neu'}.md`;
  const parsed = parseServiceDescription(text, file);
  if (serviceId !== undefined && parsed.id !== serviceId) fail('invalid_input', `Die Kennung im Text („${parsed.id}“) passt nicht zur Leistung „${serviceId}“.`, '$.text');
  const scan = scanInjection(text);
  if (scan.found) {
    fail('invalid_input', `Der Text enthält Anweisungen an einen Assistenten oder versteckte Zeichen (${scan.signals.join(', ')}). Solche Texte werden nicht angenommen.`, '$.text');
  }
  return parsed;
}

function event(action: EditorialAction, actor: EditorialActor, now: Date, comment?: string): EditorialEvent {
  return { action, actor: actor.id, at: now.toISOString(), ...(comment ? { comment } : {}) };
}

/** A new draft; `previous` are the service's existing revisions (for numbering). */
export function createDraft(text: string, actor: EditorialActor, now: Date, previous: readonly Revision[] = []): Revision {
  need(actor, 'redaktion', 'Einen Entwurf anlegen');
  const parsed = checkDraftText(text, previous[0]?.serviceId);
  if (previous.some((r) => r.state === 'entwurf' || r.state === 'in_pruefung')) {
    fail('conflict', `Für „${parsed.id}“ gibt es schon einen offenen Entwurf. Bitte diesen bearbeiten.`);
  }
  return {
    serviceId: parsed.id,
    revision: Math.max(0, ...previous.map((r) => r.revision)) + 1,
    state: 'entwurf',
    text,
    textHash: `sha256:${sha256Hex(text)}`,
    author: actor.id,
    version: 1,
    history: [event('angelegt', actor, now)],
  };
}

export function editDraft(rev: Revision, text: string, actor: EditorialActor, now: Date, version: number): Revision {
  need(actor, 'redaktion', 'Einen Entwurf bearbeiten');
  expectVersion(rev, version);
  if (rev.state !== 'entwurf') fail('conflict', `Nur Entwürfe können bearbeitet werden; diese Fassung ist „${rev.state}“.`, '$.state');
  checkDraftText(text, rev.serviceId);
  return { ...rev, text, textHash: `sha256:${sha256Hex(text)}`, version: rev.version + 1, history: [...rev.history, event('bearbeitet', actor, now)] };
}

export function submitDraft(rev: Revision, actor: EditorialActor, now: Date, version: number): Revision {
  need(actor, 'redaktion', 'Einen Entwurf zur Prüfung einreichen');
  expectVersion(rev, version);
  if (rev.state !== 'entwurf') fail('conflict', `Nur Entwürfe können eingereicht werden; diese Fassung ist „${rev.state}“.`, '$.state');
  checkDraftText(rev.text, rev.serviceId);
  return { ...rev, state: 'in_pruefung', version: rev.version + 1, history: [...rev.history, event('eingereicht', actor, now)] };
}

/** Everyone who wrote or changed the text: none of them may approve it (four eyes). */
function writers(rev: Revision): Set<string> {
  return new Set(rev.history.filter((e) => e.action === 'angelegt' || e.action === 'bearbeitet').map((e) => e.actor));
}

export interface ReviewResult {
  revision: Revision;
  /** The previously published revision, now superseded (to be stored as well). */
  superseded?: Revision;
}

/**
 * Approve (publish) or send back. Approval needs the role `freigabe` and a person who did not
 * write the text; sending back needs a comment that says what to change.
 */
export function reviewDraft(
  rev: Revision,
  decision: 'freigeben' | 'zurueckweisen',
  actor: EditorialActor,
  now: Date,
  version: number,
  published: Revision | undefined,
  comment?: string,
): ReviewResult {
  need(actor, 'freigabe', 'Eine Fassung prüfen');
  expectVersion(rev, version);
  if (rev.state !== 'in_pruefung') fail('conflict', `Nur eingereichte Fassungen können geprüft werden; diese ist „${rev.state}“.`, '$.state');
  if (decision === 'zurueckweisen') {
    if (!comment || comment.trim().length < 10) fail('invalid_input', 'Bitte begründen Sie die Zurückweisung (mindestens 10 Zeichen).', '$.comment');
    return { revision: { ...rev, state: 'entwurf', version: rev.version + 1, history: [...rev.history, event('zurueckgewiesen', actor, now, comment.trim())] } };
  }
  if (writers(rev).has(actor.id)) fail('forbidden', 'Vier-Augen-Prinzip: Wer den Text geschrieben oder geändert hat, darf ihn nicht selbst freigeben.');
  checkDraftText(rev.text, rev.serviceId);
  const revision: Revision = { ...rev, state: 'veroeffentlicht', version: rev.version + 1, history: [...rev.history, event('veroeffentlicht', actor, now, comment?.trim() || undefined)] };
  if (published && published.serviceId === rev.serviceId && published.state === 'veroeffentlicht') {
    const superseded: Revision = { ...published, state: 'ersetzt', version: published.version + 1, history: [...published.history, event('ersetzt', actor, now, `durch Fassung ${rev.revision}`)] };
    return { revision, superseded };
  }
  return { revision };
}

/** Takes a published description offline (the service is no longer offered); the reason is recorded. */
export function withdraw(rev: Revision, actor: EditorialActor, now: Date, version: number, reason: string): Revision {
  need(actor, 'freigabe', 'Eine Leistungsbeschreibung zurückziehen');
  expectVersion(rev, version);
  if (rev.state !== 'veroeffentlicht') fail('conflict', `Nur veröffentlichte Fassungen können zurückgezogen werden; diese ist „${rev.state}“.`, '$.state');
  if (!reason || reason.trim().length < 10) fail('invalid_input', 'Bitte begründen Sie das Zurückziehen (mindestens 10 Zeichen).', '$.reason');
  return { ...rev, state: 'zurueckgezogen', version: rev.version + 1, history: [...rev.history, event('zurueckgezogen', actor, now, reason.trim())] };
}

/** The revision in effect for each service: its published one, if any. */
export function publishedRevisions(revisions: readonly Revision[]): Map<string, Revision> {
  const out = new Map<string, Revision>();
  for (const r of revisions) if (r.state === 'veroeffentlicht') out.set(r.serviceId, r);
  return out;
}

/**
 * The catalogue as citizens see it: the repository's descriptions, each replaced by its
 * published revision where there is one, without withdrawn services.
 */
export function catalogWithRevisions(base: Catalog, published: readonly Revision[], withdrawn: readonly string[]): Catalog {
  const replaced = new Map(published.map((r) => [r.serviceId, parseServiceDescription(r.text, `redaktion/${r.serviceId}@${r.revision}`)]));
  const gone = new Set(withdrawn);
  const services = base.services
    .filter((s) => !gone.has(s.id))
    .map((s) => replaced.get(s.id) ?? { ...s, sections: s.sections.filter((sec) => !sec.generated) });
  for (const [id, s] of replaced) if (!base.services.some((b) => b.id === id)) services.push(s);
  return buildCatalog(services, [...base.offices.values()]);
}
