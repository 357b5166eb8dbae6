import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AmtsklarError } from '../common/index.ts';
import { CODE_OF_CONDUCT_VERSION, CONDUCT_RULES, REPORT_THRESHOLD } from './code-of-conduct.ts';
import { afterReport, checkComment, checkContent, checkPeriod, closeConsultation, consultationRecord, moderate, openConsultation, publicView, publishResponse, type EntryFacts } from './consultation.ts';
import type { Consultation, ConsultationComment } from './model.ts';

const TODAY = '2026-03-02';
const entry = (status: EntryFacts['status']): EntryFacts => ({ id: 'buerger-chatbot', name: 'Chatbot', status, version: 3 });
const draft: Consultation = {
  id: 'c1',
  municipalityId: 'm',
  entryId: 'buerger-chatbot',
  entryVersion: 2,
  occasion: 'before-activation',
  status: 'draft',
  title: 'Chatbot',
  plainLanguage: 'x'.repeat(60),
  questions: ['Was soll er können?'],
  documents: [],
  opensOn: TODAY,
  closesOn: '2026-03-20',
  openedOn: null,
  closedOn: null,
  response: null,
  version: 1,
  createdBy: 'u',
  createdAt: '',
  updatedAt: '',
};
const comment = (n: number, extra: Partial<ConsultationComment> = {}): ConsultationComment => ({
  id: `k${n}`,
  consultationId: 'c1',
  municipalityId: 'm',
  number: n,
  authorKind: 'citizen',
  authorUserId: null,
  authorLabel: 'Beitrag aus der Bürgerschaft',
  section: null,
  body: 'Ein Beitrag ohne persönliche Daten.',
  conductVersion: CODE_OF_CONDUCT_VERSION,
  status: 'visible',
  reports: 0,
  disposition: null,
  createdAt: `${TODAY}T10:00:00Z`,
  ...extra,
});

function problems(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof AmtsklarError) return [...e.problems];
    throw e;
  }
  throw new Error('no error');
}

describe('consultation rules', () => {
  it('names every missing or wrong part of the content with its JSON path, in German', () => {
    expect(problems(() => checkContent({ title: 'abc', plainLanguage: 'kurz', questions: ['?'], documents: [{ title: 'Eintrag', url: 'ftp://x', kind: 'x' as never }] })).map((p) => p.path)).toEqual([
      '$.content.title',
      '$.content.plainLanguage',
      '$.content.questions[0]',
      '$.content.documents[0].url',
      '$.content.documents[0].kind',
    ]);
    expect(checkContent({ title: '  Chatbot  ', plainLanguage: 'y'.repeat(50) })).toEqual({ title: 'Chatbot', plainLanguage: 'y'.repeat(50), questions: [], documents: [] });
  });

  it('refuses personal data in the published text itself, naming the field', () => {
    const text = `${'Wir möchten den Bürger-Assistenten einführen und fragen Sie vorher. '.repeat(2)}Fragen an Herrn Thomas Müller, Telefon 0151 23456789, thomas.mueller@example.org.`;
    expect(problems(() => checkContent({ title: 'Bürger-Assistent', plainLanguage: text }))[0]!.path).toBe('$.content.plainLanguage');
    expect(problems(() => checkContent({ title: 'Bürger-Assistent', plainLanguage: 'y'.repeat(50), questions: ['Überweisung an DE89 3704 0044 0532 0130 00?'] }))[0]!.path).toBe('$.content.questions[0]');
  });

  it('asks for a comment phase of at least two weeks that has not begun in the past', () => {
    expect(problems(() => checkPeriod(TODAY, '2026-03-15', TODAY))).toEqual([{ path: '$.closesOn', message: 'Die Frist für Beiträge muss mindestens 14 Tage nach dem Beginn enden.' }]);
    expect(checkPeriod(TODAY, '2026-03-16', TODAY)).toEqual({ opensOn: TODAY, closesOn: '2026-03-16' });
    expect(problems(() => checkPeriod('2026-03-01', '2026-04-01', TODAY))[0]!.path).toBe('$.opensOn');
    expect(problems(() => checkPeriod('2026-02-30', '2026-04-01', TODAY))[0]!.path).toBe('$.opensOn');
  });

  it('opens only for a published register entry, within the period', () => {
    expect(() => openConsultation(draft, entry('draft'), TODAY)).toThrow(/noch ein Entwurf/);
    expect(() => openConsultation({ ...draft, opensOn: '2026-03-05' }, entry('consultation'), TODAY)).toThrow(/beginnt erst am 05.03.2026/);
    const open = openConsultation(draft, entry('consultation'), TODAY);
    expect(open).toMatchObject({ status: 'open', openedOn: TODAY, entryVersion: 3 });
    expect(() => openConsultation(open, entry('consultation'), TODAY)).toThrow(/bereits offen für Beiträge/);
    expect(consultationRecord(open, 'https://x/beteiligung/c1')).toEqual({ systemId: 'buerger-chatbot', openedAt: TODAY, closesAt: '2026-03-20', url: 'https://x/beteiligung/c1' });
  });

  it('takes comments only in the phase, with the code of conduct accepted, never with personal data', () => {
    const open = openConsultation(draft, entry('consultation'), TODAY);
    expect(problems(() => checkComment(open, { body: 'Gute Idee, aber bitte barrierefrei.', acceptConduct: 'yes' }, TODAY))).toEqual([{ path: '$.acceptConduct', message: 'Bitte bestätigen Sie, dass Sie den Verhaltenskodex einhalten.' }]);
    expect(problems(() => checkComment(open, { body: 'Gute Idee.', section: 'Unbekannte Frage', acceptConduct: true }, TODAY)).map((p) => p.path)).toEqual(['$.section']);
    expect(checkComment(open, { body: 'Gute Idee, aber bitte barrierefrei.', section: 'Was soll er können?', acceptConduct: true }, TODAY)).toEqual({ body: 'Gute Idee, aber bitte barrierefrei.', section: 'Was soll er können?' });
    for (const pii of ['Rufen Sie mich an: 0151 23456789', 'Meine Mail: anna.beispiel@example.org', 'Frau Schneider im Amt war unfreundlich.', 'IBAN DE89 3704 0044 0532 0130 00']) {
      expect(() => checkComment(open, { body: pii, acceptConduct: true }, TODAY), pii).toThrow(/darf keine persönlichen Daten enthalten/);
    }
    expect(() => checkComment(open, { body: 'Zu spät, aber trotzdem.', acceptConduct: true }, '2026-03-21')).toThrow(/Frist für Beiträge ist am 20.03.2026 abgelaufen/);
    expect(() => checkComment(draft, { body: 'Zu früh, aber trotzdem.', acceptConduct: true }, TODAY)).toThrow(/noch nicht begonnen/);
  });

  it(`takes a comment off the page after ${REPORT_THRESHOLD} distinct reports until a moderator decides, with the rule named`, () => {
    expect(afterReport(comment(1), REPORT_THRESHOLD - 1)).toEqual({ comment: comment(1, { reports: REPORT_THRESHOLD - 1 }), autoReview: false });
    const r = afterReport(comment(1), REPORT_THRESHOLD);
    expect(r).toMatchObject({ comment: { status: 'under_review' }, autoReview: true });
    expect(afterReport(r.comment, REPORT_THRESHOLD + 1).autoReview).toBe(false);
    expect(problems(() => moderate(r.comment, 'hide', 'gibtsnicht', 'Beleidigung.')).map((p) => p.path)).toEqual(['$.rule']);
    const hidden = moderate(r.comment, 'hide', 'respekt', 'Beleidigt Beschäftigte.');
    expect(hidden).toMatchObject({ comment: { status: 'hidden' }, rule: 'respekt' });
    expect(() => moderate(hidden.comment, 'hide', 'respekt', 'Noch einmal ausblenden.')).toThrow(/bereits ausgeblendet/);
    expect(moderate(hidden.comment, 'restore', undefined, 'Doch sachliche Kritik.').comment.status).toBe('visible');
    const v = publicView(openConsultation(draft, entry('consultation'), TODAY), [comment(1), hidden.comment], new Map([['k1', 'respekt']]), TODAY, 'Chatbot');
    expect(v.comments[1]).toEqual({ id: 'k1', number: 1, visible: false, note: 'Dieser Beitrag wurde ausgeblendet (Verstoß gegen den Verhaltenskodex: Respektvoll bleiben: keine Beleidigungen, keine Drohungen).' });
  });

  it('publishes the response only after the deadline, with every visible comment answered and no report pending', () => {
    const open = openConsultation(draft, entry('consultation'), TODAY);
    const summary = 'Wir haben alle Beiträge gelesen und den Assistenten so geändert, dass er Gebühren mit ihrer Rechtsgrundlage nennt.';
    expect(() => publishResponse(open, [], { summary }, '2026-03-25', 'Verwaltung')).toThrow(/Erst die Beteiligung abschließen/);
    expect(() => closeConsultation(open, '2026-03-20')).toThrow(/läuft noch bis einschließlich 20.03.2026/);
    const closed = closeConsultation(open, '2026-03-21');
    const comments = [comment(1), comment(2, { status: 'under_review' }), comment(3, { status: 'hidden' })];
    expect(problems(() => publishResponse(closed, comments, { summary }, '2026-03-25', 'Verwaltung'))).toEqual([
      { path: '$.comments', message: 'Gemeldete Beiträge warten auf Moderation: Nr. 2.' },
      { path: '$.comments', message: 'Noch ohne Antwort: Beitrag Nr. 1.' },
    ]);
    const answered = [comment(1, { disposition: { kind: 'accepted', explanation: 'Umgesetzt.' } }), comment(3, { status: 'hidden' })];
    const done = publishResponse(closed, answered, { summary, changes: ['Gebühren mit Rechtsgrundlage'] }, '2026-03-25', 'Verwaltung');
    expect(done).toMatchObject({ status: 'responded', response: { publishedOn: '2026-03-25', changes: ['Gebühren mit Rechtsgrundlage'] } });
    expect(consultationRecord(done, 'u')).toMatchObject({ closedAt: '2026-03-21', responsePublishedAt: '2026-03-25' });
  });

  it('keeps the code of conduct’s rules and the published text in step', () => {
    const text = readFileSync(new URL('../../content/participation/verhaltenskodex.md', import.meta.url), 'utf8');
    expect(text).toMatch(new RegExp(`^version: ${CODE_OF_CONDUCT_VERSION}$`, 'm'));
    for (const r of CONDUCT_RULES) expect(text, r.id).toContain(`{#${r.id}}`);
    expect([...text.matchAll(/\{#([a-z-]+)\}/g)].map((m) => m[1])).toEqual(CONDUCT_RULES.map((r) => r.id));
  });
});
