import { AmtsklarError, type Problem } from '../common/index.ts';
import { MIN_CONSULTATION_DAYS, type ConsultationRecord } from '../governance/index.ts';
import { CODE_OF_CONDUCT_VERSION, CONDUCT_RULE_IDS, REPORT_THRESHOLD, conductRule } from './code-of-conduct.ts';
import { daysBetween, germanDay, isIsoDay } from './dates.ts';
import {
  DISPOSITIONS,
  DISPOSITION_LABELS,
  DOCUMENT_KINDS,
  type Consultation,
  type ConsultationComment,
  type ConsultationContent,
  type ConsultationOccasion,
  type Disposition,
  type IsoDay,
} from './model.ts';
import { refusePersonalData } from './text-guard.ts';
import { checkText, isLink, optionalText } from './text.ts';

/** A comment phase of at least two weeks, so people who read a paper or a notice board can still take part. */
export const MIN_COMMENT_DAYS = MIN_CONSULTATION_DAYS;

/** What the consultation needs to know about the register entry. */
export interface EntryFacts {
  id: string;
  name: string;
  status: 'draft' | 'consultation' | 'approved' | 'active' | 'retired';
  version: number;
  activatedAt?: string | undefined;
}

export function invalid(message: string, problems: Problem[]): AmtsklarError {
  return new AmtsklarError('invalid_input', message, problems);
}

export function conflict(message: string, path = '$.status'): AmtsklarError {
  return new AmtsklarError('conflict', message, [{ path, message }]);
}

/** Checks and normalises title, descriptions, questions and documents (German problems with JSON paths). */
export function checkContent(raw: Partial<ConsultationContent>): ConsultationContent {
  const problems: Problem[] = [];
  const title = checkText(raw.title, '$.content.title', 5, 200, 'Titel', problems);
  const plainLanguage = checkText(raw.plainLanguage, '$.content.plainLanguage', 50, 20_000, 'Beschreibung in einfacher Sprache', problems);
  const easyLanguage = optionalText(raw.easyLanguage, '$.content.easyLanguage', 20_000, 'Fassung in Leichter Sprache', problems);
  const questions: string[] = [];
  if (raw.questions !== undefined && !Array.isArray(raw.questions)) problems.push({ path: '$.content.questions', message: 'Liste von Fragen erwartet.' });
  else (raw.questions ?? []).slice(0, 10).forEach((q, i) => questions.push(checkText(q, `$.content.questions[${i}]`, 5, 500, 'Leitfrage', problems)));
  if ((raw.questions?.length ?? 0) > 10) problems.push({ path: '$.content.questions', message: 'Höchstens 10 Leitfragen.' });
  const documents: ConsultationContent['documents'] = [];
  if (raw.documents !== undefined && !Array.isArray(raw.documents)) problems.push({ path: '$.content.documents', message: 'Liste von Unterlagen erwartet.' });
  else
    (raw.documents ?? []).slice(0, 20).forEach((d, i) => {
      const p = `$.content.documents[${i}]`;
      const t = checkText(d?.title, `${p}.title`, 3, 200, 'Titel der Unterlage', problems);
      const url = checkText(d?.url, `${p}.url`, 1, 1000, 'Verweis', problems);
      if (url && !isLink(url)) problems.push({ path: `${p}.url`, message: 'Verweis mit http://, https:// oder / am Anfang erwartet.' });
      if (!(DOCUMENT_KINDS as readonly string[]).includes(d?.kind)) problems.push({ path: `${p}.kind`, message: `Art der Unterlage: ${DOCUMENT_KINDS.join(', ')}.` });
      documents.push({ title: t, url, kind: d?.kind });
    });
  if ((raw.documents?.length ?? 0) > 20) problems.push({ path: '$.content.documents', message: 'Höchstens 20 Unterlagen.' });
  if (problems.length > 0) throw invalid('Die Beteiligung ist unvollständig.', problems);
  // the whole text is published: like every public contribution, it names the office, not people
  refusePersonalData(title, '$.content.title', 'public');
  refusePersonalData(plainLanguage, '$.content.plainLanguage', 'public');
  if (easyLanguage) refusePersonalData(easyLanguage, '$.content.easyLanguage', 'public');
  questions.forEach((q, i) => refusePersonalData(q, `$.content.questions[${i}]`, 'public'));
  documents.forEach((d, i) => refusePersonalData(d.title, `$.content.documents[${i}].title`, 'public'));
  return { title, plainLanguage, ...(easyLanguage ? { easyLanguage } : {}), questions, documents };
}

export function checkPeriod(opensOn: unknown, closesOn: unknown, todayIs: IsoDay): { opensOn: IsoDay; closesOn: IsoDay } {
  const problems: Problem[] = [];
  if (!isIsoDay(opensOn)) problems.push({ path: '$.opensOn', message: 'Beginn im Format JJJJ-MM-TT erwartet.' });
  if (!isIsoDay(closesOn)) problems.push({ path: '$.closesOn', message: 'Ende der Frist im Format JJJJ-MM-TT erwartet.' });
  if (problems.length === 0) {
    if ((opensOn as string) < todayIs) problems.push({ path: '$.opensOn', message: 'Der Beginn liegt in der Vergangenheit.' });
    if (daysBetween(opensOn as string, closesOn as string) < MIN_COMMENT_DAYS) {
      problems.push({ path: '$.closesOn', message: `Die Frist für Beiträge muss mindestens ${MIN_COMMENT_DAYS} Tage nach dem Beginn enden.` });
    }
  }
  if (problems.length > 0) throw invalid('Der Zeitraum der Beteiligung ist ungültig.', problems);
  return { opensOn: opensOn as IsoDay, closesOn: closesOn as IsoDay };
}

/** Which occasion fits the entry: a system that was never active is consulted before activation. */
export function checkOccasion(occasion: ConsultationOccasion, entry: EntryFacts): void {
  if (entry.status === 'retired') throw conflict(`„${entry.name}“ ist außer Betrieb; dazu gibt es keine Beteiligung mehr.`, '$.entryId');
  if (occasion === 'major-change' && !entry.activatedAt) {
    throw invalid('„Wesentliche Änderung“ gilt nur für Systeme, die schon in Betrieb waren.', [{ path: '$.occasion', message: '„before-activation“ wählen.' }]);
  }
  if (occasion === 'before-activation' && entry.status === 'active') {
    throw invalid('Das System ist bereits aktiv; eine neue Beteiligung ist eine zu einer wesentlichen Änderung.', [{ path: '$.occasion', message: '„major-change“ wählen.' }]);
  }
}

/**
 * Opening: the register entry must be public (not a draft), so the consultation is visible
 * on the transparency page with the entry it is about; the period must have begun.
 */
export function openConsultation(c: Consultation, entry: EntryFacts, todayIs: IsoDay): Consultation {
  if (c.status !== 'draft') throw conflict(`Die Beteiligung ist bereits ${STATUS_LABELS[c.status]}.`);
  if (entry.status === 'draft') {
    throw conflict(`Der Registereintrag „${entry.name}“ ist noch ein Entwurf. Reichen Sie ihn zuerst zur Beteiligung ein (Status „Beteiligung“), damit er öffentlich sichtbar ist.`, '$.entryId');
  }
  if (entry.status === 'retired') throw conflict(`„${entry.name}“ ist außer Betrieb.`, '$.entryId');
  if (todayIs < c.opensOn) throw conflict(`Die Beteiligung beginnt erst am ${germanDay(c.opensOn)}.`, '$.opensOn');
  if (todayIs > c.closesOn) throw conflict(`Die Frist endete bereits am ${germanDay(c.closesOn)}; bitte einen neuen Zeitraum festlegen.`, '$.closesOn');
  return { ...c, status: 'open', openedOn: todayIs, entryVersion: entry.version };
}

export function acceptsComments(c: Consultation, todayIs: IsoDay): boolean {
  return c.status === 'open' && todayIs <= c.closesOn;
}

export interface CommentInput {
  body: unknown;
  section?: unknown;
  acceptConduct: unknown;
}

/**
 * A new comment: only in the comment phase, with the code of conduct accepted, and without
 * personal data (the comment is public; PII guard with policy „refuse“).
 */
export function checkComment(c: Consultation, input: CommentInput, todayIs: IsoDay): { body: string; section: string | null } {
  if (c.status === 'draft') throw conflict('Die Beteiligung hat noch nicht begonnen.');
  if (!acceptsComments(c, todayIs)) throw conflict(`Die Frist für Beiträge ist am ${germanDay(c.closesOn)} abgelaufen.`, '$.body');
  const problems: Problem[] = [];
  if (input.acceptConduct !== true) problems.push({ path: '$.acceptConduct', message: 'Bitte bestätigen Sie, dass Sie den Verhaltenskodex einhalten.' });
  const body = checkText(input.body, '$.body', 10, 5000, 'Beitrag', problems);
  let section: string | null = null;
  if (input.section !== undefined && input.section !== null && input.section !== '') {
    section = checkText(input.section, '$.section', 1, 500, 'Bezug', problems);
    if (section && !c.questions.includes(section) && !c.documents.some((d) => d.title === section)) {
      problems.push({ path: '$.section', message: 'Bezug auf eine der Leitfragen oder Unterlagen erwartet.' });
    }
  }
  if (problems.length > 0) throw invalid('Der Beitrag kann so nicht angenommen werden.', problems);
  refusePersonalData(body, '$.body', 'public');
  return { body, section };
}

export function checkReport(rule: unknown, note: unknown): { rule: string; note: string | null } {
  const problems: Problem[] = [];
  if (typeof rule !== 'string' || !CONDUCT_RULE_IDS.includes(rule)) problems.push({ path: '$.rule', message: `Regel des Verhaltenskodex erwartet: ${CONDUCT_RULE_IDS.join(', ')}.` });
  const n = optionalText(note, '$.note', 1000, 'Hinweis', problems) ?? null;
  if (problems.length > 0) throw invalid('Die Meldung ist unvollständig.', problems);
  // A report's note is read by moderators only, but it must not spread what it reports.
  if (n) refusePersonalData(n, '$.note', 'public');
  return { rule: rule as string, note: n };
}

/** After a new distinct report: enough reports take the comment off the public page until a moderator decides. */
export function afterReport(comment: ConsultationComment, distinctReports: number): { comment: ConsultationComment; autoReview: boolean } {
  const next = { ...comment, reports: distinctReports };
  if (comment.status === 'visible' && distinctReports >= REPORT_THRESHOLD) return { comment: { ...next, status: 'under_review' }, autoReview: true };
  return { comment: next, autoReview: false };
}

export function moderate(comment: ConsultationComment, action: 'hide' | 'restore', rule: unknown, reason: unknown): { comment: ConsultationComment; rule: string | null; reason: string } {
  const problems: Problem[] = [];
  const r = checkText(reason, '$.reason', 10, 2000, 'Begründung', problems);
  let ruleId: string | null = null;
  if (action === 'hide') {
    if (typeof rule !== 'string' || !conductRule(rule)) problems.push({ path: '$.rule', message: `Die verletzte Regel des Verhaltenskodex angeben: ${CONDUCT_RULE_IDS.join(', ')}.` });
    else ruleId = rule;
  }
  if (problems.length > 0) throw invalid('Die Moderationsentscheidung ist unvollständig.', problems);
  if (action === 'hide' && comment.status === 'hidden') throw conflict('Der Beitrag ist bereits ausgeblendet.');
  if (action === 'restore' && comment.status === 'visible') throw conflict('Der Beitrag ist sichtbar.');
  // A restored comment stays visible however often it is reported again by the same people.
  return { comment: { ...comment, status: action === 'hide' ? 'hidden' : 'visible', ...(action === 'hide' ? { disposition: null } : {}) }, rule: ruleId, reason: r };
}

export function closeConsultation(c: Consultation, todayIs: IsoDay): Consultation {
  if (c.status !== 'open') throw conflict(`Nur eine laufende Beteiligung kann abgeschlossen werden (jetzt: ${STATUS_LABELS[c.status]}).`);
  if (todayIs <= c.closesOn) throw conflict(`Die Frist läuft noch bis einschließlich ${germanDay(c.closesOn)}.`, '$.closesOn');
  return { ...c, status: 'closed', closedOn: todayIs };
}

export function checkDisposition(c: Consultation, comment: ConsultationComment, raw: { kind: unknown; explanation: unknown }): Disposition {
  if (c.status === 'draft' || c.status === 'open') throw conflict('Beiträge werden nach dem Ende der Frist ausgewertet.');
  if (c.status === 'responded') throw conflict('Die Antwort ist veröffentlicht; die Auswertung ist abgeschlossen.');
  if (comment.status !== 'visible') throw conflict('Ausgeblendete oder gemeldete Beiträge werden nicht ausgewertet; zuerst moderieren.', '$.commentId');
  const problems: Problem[] = [];
  if (!(DISPOSITIONS as readonly unknown[]).includes(raw.kind)) problems.push({ path: '$.kind', message: `Erwartet: ${DISPOSITIONS.join(', ')}.` });
  const explanation = checkText(raw.explanation, '$.explanation', 10, 2000, 'Erläuterung', problems);
  if (problems.length > 0) throw invalid('Die Auswertung des Beitrags ist unvollständig.', problems);
  refusePersonalData(explanation, '$.explanation', 'public');
  return { kind: raw.kind as Disposition['kind'], explanation };
}

/**
 * The published response: after the comment phase, every visible comment has been
 * answered (Decidim's accountability: accepted, partly, not accepted — with reasons), no
 * report is waiting for a moderator, and a summary says how the input was used.
 */
export function publishResponse(c: Consultation, comments: readonly ConsultationComment[], raw: { summary: unknown; changes?: unknown }, todayIs: IsoDay, publishedBy: string): Consultation {
  if (c.status === 'open') throw conflict('Erst die Beteiligung abschließen (nach Ende der Frist), dann antworten.');
  if (c.status !== 'closed') throw conflict(`Eine Antwort ist nur nach dem Abschluss möglich (jetzt: ${STATUS_LABELS[c.status]}).`);
  const problems: Problem[] = [];
  const summary = checkText(raw.summary, '$.summary', 100, 20_000, 'Zusammenfassung, wie die Beiträge verwendet wurden', problems);
  const changes: string[] = [];
  if (raw.changes !== undefined && !Array.isArray(raw.changes)) problems.push({ path: '$.changes', message: 'Liste der Änderungen erwartet.' });
  else (raw.changes as unknown[] | undefined ?? []).forEach((x, i) => changes.push(checkText(x, `$.changes[${i}]`, 5, 2000, 'Änderung', problems)));
  const pending = comments.filter((x) => x.status === 'under_review');
  if (pending.length > 0) problems.push({ path: '$.comments', message: `Gemeldete Beiträge warten auf Moderation: Nr. ${pending.map((x) => x.number).join(', ')}.` });
  const open = comments.filter((x) => x.status === 'visible' && !x.disposition);
  if (open.length > 0) problems.push({ path: '$.comments', message: `Noch ohne Antwort: Beitrag Nr. ${open.map((x) => x.number).join(', ')}.` });
  if (problems.length > 0) throw invalid('Die Antwort kann noch nicht veröffentlicht werden.', problems);
  refusePersonalData(summary, '$.summary', 'public');
  changes.forEach((x, i) => refusePersonalData(x, `$.changes[${i}]`, 'public'));
  return { ...c, status: 'responded', response: { summary, changes, publishedOn: todayIs, publishedBy } };
}

/** What the governance gate reads (obligation POL-PART „consultation completed“). */
export function consultationRecord(c: Consultation, url: string): ConsultationRecord {
  if (!c.openedOn) throw conflict('Die Beteiligung wurde nicht eröffnet.');
  return {
    systemId: c.entryId,
    openedAt: c.openedOn,
    closesAt: c.closesOn,
    ...(c.closedOn ? { closedAt: c.closedOn } : {}),
    ...(c.response ? { responsePublishedAt: c.response.publishedOn } : {}),
    url,
  };
}

export const STATUS_LABELS: Record<Consultation['status'], string> = {
  draft: 'in Vorbereitung',
  open: 'offen für Beiträge',
  closed: 'abgeschlossen, Antwort in Arbeit',
  responded: 'abgeschlossen, Antwort veröffentlicht',
};

export const OCCASION_LABELS: Record<ConsultationOccasion, string> = {
  'before-activation': 'vor der Inbetriebnahme',
  'major-change': 'zu einer wesentlichen Änderung',
};

export function commentLabel(kind: 'citizen' | 'staff'): string {
  return kind === 'staff' ? 'Beitrag aus der Verwaltung' : 'Beitrag aus der Bürgerschaft';
}

/** The public page of a consultation: comments without who wrote them, hidden ones as a note with the rule. */
export function publicView(c: Consultation, comments: readonly ConsultationComment[], hiddenRules: ReadonlyMap<string, string | null>, todayIs: IsoDay, entryName: string) {
  const phaseOver = c.status !== 'open' || todayIs > c.closesOn;
  return {
    id: c.id,
    entryId: c.entryId,
    entryName,
    occasion: { code: c.occasion, label: OCCASION_LABELS[c.occasion] },
    status: { code: c.status, label: c.status === 'open' && phaseOver ? 'Frist abgelaufen, Auswertung läuft' : STATUS_LABELS[c.status] },
    acceptsComments: acceptsComments(c, todayIs),
    title: c.title,
    plainLanguage: c.plainLanguage,
    easyLanguage: c.easyLanguage ?? null,
    questions: c.questions,
    documents: c.documents,
    opensOn: c.opensOn,
    closesOn: c.closesOn,
    period: `${germanDay(c.opensOn)} bis ${germanDay(c.closesOn)}`,
    conductVersion: CODE_OF_CONDUCT_VERSION,
    comments: comments.map((x) =>
      x.status === 'visible'
        ? {
            id: x.id,
            number: x.number,
            author: x.authorLabel,
            section: x.section,
            body: x.body,
            createdOn: x.createdAt.slice(0, 10),
            visible: true as const,
            disposition: x.disposition ? { kind: x.disposition.kind, label: DISPOSITION_LABELS[x.disposition.kind], explanation: x.disposition.explanation } : null,
          }
        : {
            id: x.id,
            number: x.number,
            visible: false as const,
            note:
              x.status === 'under_review'
                ? 'Dieser Beitrag wurde gemeldet und wird geprüft.'
                : `Dieser Beitrag wurde ausgeblendet (Verstoß gegen den Verhaltenskodex: ${conductRule(hiddenRules.get(x.id) ?? '')?.title ?? 'Regel verletzt'}).`,
          },
    ),
    response: c.response ? { summary: c.response.summary, changes: c.response.changes, publishedOn: c.response.publishedOn, publishedBy: c.response.publishedBy } : null,
    counts: {
      comments: comments.length,
      visible: comments.filter((x) => x.status === 'visible').length,
      accepted: comments.filter((x) => x.disposition?.kind === 'accepted' || x.disposition?.kind === 'partly').length,
    },
  };
}
