import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlinDate, quarterOfMonth } from '../../fairness/index.ts';
import { LEARNING_UNITS } from '../../governance/index.ts';
import { openFairness, openLedger } from '../../store/index.ts';
import { engineDouble } from '../../../test/api/engine-double.ts';
import { PDF, STORES, eventually, multipart, startTestPlatform, type TestPlatform } from '../../../test/api/helpers.ts';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const PROFILE = {
  organization: 'Stadt Musterstadt',
  area: 'Musterstadt',
  contactEmail: 'ki-register@musterstadt.example',
  benefitsDepartment: 'Amt für Soziales und Wohnen',
  youthDepartment: 'Jugendamt',
  serviceDepartment: 'Bürgerservice',
  reviewDue: day(365),
  languageModel: { provider: 'Kommunales Rechenzentrum', model: 'open-llm-de' },
};
const PACKAGE = [
  { item: 'systembeschreibung', ref: 'dms:KI-7/1' },
  { item: 'zweck', ref: 'dms:KI-7/2' },
  { item: 'daten', ref: 'dms:KI-7/3' },
  { item: 'kontrollmoeglichkeiten', ref: 'dms:KI-7/4' },
  { item: 'dsfa', ref: 'https://intranet.example/dsfa/7' },
  { item: 'fria', notApplicable: 'Kein Hochrisiko-System nach Anhang III; keine FRIA-Pflicht.' },
  { item: 'schulung', ref: 'dms:KI-7/6' },
  { item: 'dv-entwurf', ref: 'dms:KI-7/7' },
];
const DESCRIPTION =
  'Die Stadt möchte einen Chat-Assistenten auf ihrer Website einsetzen. Er beantwortet allgemeine Fragen zu Leistungen – nur aus den Beschreibungen der Stadt – und sagt bei jeder Antwort, dass er eine Maschine ist. Er sieht keine Anträge und speichert keine Fragen.';

describe.each(STORES)('participation through the HTTP API (%s)', (kind) => {
  let t: TestPlatform;
  let admin: string;
  let lead: string;
  let cw: string;
  const users = new Map<string, string>();
  const entry = async (id: string) => (await t.call('GET', `/api/governance/register/${id}`, { token: admin })).body;
  /** A request from a given client address (reports count once per address and day). */
  const from = async (ip: string, method: string, url: string, body?: unknown) => {
    const r = await t.platform.app!.inject({ method: method as 'POST', url, remoteAddress: ip, ...(body !== undefined ? { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
    return { status: r.statusCode, body: r.json() };
  };

  beforeAll(async () => {
    t = await startTestPlatform(kind, engineDouble());
    admin = await t.login('admin');
    lead = await t.login('teamleitung');
    cw = await t.login('sachbearbeitung');
    const r = await t.call('POST', '/api/governance/register/product-systems', { token: admin, body: PROFILE });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    for (const u of (await t.call('GET', '/api/admin/users', { token: admin })).body.items as { id: string; username: string }[]) users.set(u.username, u.id);
    // The team lead owns the chatbot and the rule engine entry.
    for (const id of ['buerger-chatbot', 'wohngeld-regelwerk']) {
      expect((await t.call('PUT', `/api/governance/register/${id}/owners`, { token: admin, body: { owners: [users.get('teamleitung')] } })).status).toBe(200);
    }
  });
  afterAll(async () => t?.close());

  it('consultation: prepared by the owner, opened once the entry is public, commented, reported, moderated, closed after the deadline and answered — and the gate sees it', async () => {
    const body = (closesOn: string) => ({
      entryId: 'buerger-chatbot',
      occasion: 'before-activation',
      opensOn: day(0),
      closesOn,
      content: { title: 'Chat-Assistent auf musterstadt.example', plainLanguage: DESCRIPTION, questions: ['Welche Fragen sollte der Assistent beantworten können?', 'Was sollte er nie tun?'], documents: [{ title: 'Registereintrag', url: '/transparenz#buerger-chatbot', kind: 'register-entry' }] },
    });
    const short = await t.call('POST', '/api/participation/staff/consultations', { token: lead, body: body(day(5)) });
    expect(short.status).toBe(400);
    expect(short.body.error.problems).toEqual([{ path: '$.closesOn', message: 'Die Frist für Beiträge muss mindestens 14 Tage nach dem Beginn enden.' }]);
    expect((await t.call('POST', '/api/participation/staff/consultations', { token: cw, body: body(day(21)) })).status).toBe(403);
    const created = await t.call('POST', '/api/participation/staff/consultations', { token: lead, body: body(day(21)) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect((await t.call('GET', `/api/participation/consultations/${id}`)).status).toBe(404); // drafts are not public

    // The register entry is still a draft: the consultation cannot open before it is public.
    const notYet = await t.call('POST', `/api/participation/staff/consultations/${id}/open`, { token: lead, body: { version: 1 } });
    expect(notYet.status).toBe(409);
    expect(notYet.body.error.message).toMatch(/noch ein Entwurf/);
    const e = (await entry('buerger-chatbot')).entry;
    expect((await t.call('POST', '/api/governance/register/buerger-chatbot/transition', { token: lead, body: { version: e.version, to: 'consultation' } })).status).toBe(200);
    const opened = await t.call('POST', `/api/participation/staff/consultations/${id}/open`, { token: lead, body: { version: 1 } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body).toMatchObject({ status: 'open', openedOn: day(0) });
    const [record] = await t.db.query<{ record: { openedAt: string; closesAt: string; url: string } }>(`SELECT record FROM governance_consultations WHERE system_id = 'buerger-chatbot'`);
    expect(record!.record).toMatchObject({ openedAt: day(0), closesAt: day(21), url: `http://localhost:3000/beteiligung/${id}` });

    // Citizens without login: code of conduct accepted, no personal data (the comment is public).
    const noConduct = await t.call('POST', `/api/participation/consultations/${id}/comments`, { body: { body: 'Der Assistent sollte auch Gebühren nennen.', acceptConduct: false } });
    expect(noConduct.body.error.problems.map((p: { path: string }) => p.path)).toEqual(['$.acceptConduct']);
    const pii = await t.call('POST', `/api/participation/consultations/${id}/comments`, { body: { body: 'Ich heiße Erika Mustermann und wohne in der Hauptstraße 5, 12345 Musterstadt. Bitte rufen Sie mich an.', acceptConduct: true } });
    expect(pii.status).toBe(400);
    expect(pii.body.error.message).toMatch(/öffentlich angezeigt und darf keine persönlichen Daten enthalten \(erkannt: Name, Anschrift\)/);
    expect(JSON.stringify(pii.body)).not.toContain('Mustermann');
    const c1 = await t.call('POST', `/api/participation/consultations/${id}/comments`, { body: { body: 'Der Assistent sollte Gebühren immer mit Rechtsgrundlage nennen.', section: 'Welche Fragen sollte der Assistent beantworten können?', acceptConduct: true } });
    expect(c1.status).toBe(201);
    expect(c1.body.number).toBe(1);
    const c2 = await t.call('POST', `/api/participation/staff/consultations/${id}/comments`, { token: cw, body: { body: 'Aus dem Bürgerservice: Bitte auch in Leichter Sprache antworten.', acceptConduct: true } });
    expect(c2.status).toBe(201);
    const c3 = await t.call('POST', `/api/participation/consultations/${id}/comments`, { body: { body: 'Das ist doch alles Unsinn, ihr Idioten im Rathaus!', acceptConduct: true } });
    expect(c3.body.number).toBe(3);

    // Reports: one per address; three distinct reports take the comment off the page until a moderator decides.
    const report = (ip: string, commentId: string) => from(ip, 'POST', `/api/participation/comments/${commentId}/reports`, { rule: 'respekt' });
    expect((await report('10.0.0.1', c3.body.id)).status).toBe(201);
    const again = await report('10.0.0.1', c3.body.id);
    expect(again.status).toBe(200);
    expect(again.body.counted).toBe(false);
    expect((await report('10.0.0.2', c3.body.id)).body.underReview).toBe(false);
    expect((await report('10.0.0.3', c3.body.id)).body.underReview).toBe(true);
    let pub = (await t.call('GET', `/api/participation/consultations/${id}`)).body;
    expect(pub.comments.map((c: { number: number; visible: boolean }) => [c.number, c.visible])).toEqual([[1, true], [2, true], [3, false]]);
    expect(pub.comments[2].note).toMatch(/gemeldet und wird geprüft/);
    expect(pub.comments[1].author).toBe('Beitrag aus der Verwaltung');
    expect(JSON.stringify(pub)).not.toMatch(/Sabine|sachbearbeitung|authorUserId/);

    // Moderation: only owners and the administration; a hidden comment keeps a note naming the rule.
    expect((await t.call('POST', `/api/participation/staff/comments/${c3.body.id}/moderation`, { token: cw, body: { action: 'hide', rule: 'respekt', reason: 'Beleidigung der Beschäftigten.' } })).status).toBe(403);
    const noRule = await t.call('POST', `/api/participation/staff/comments/${c3.body.id}/moderation`, { token: lead, body: { action: 'hide', reason: 'Beleidigung der Beschäftigten.' } });
    expect(noRule.body.error.problems[0].path).toBe('$.rule');
    expect((await t.call('POST', `/api/participation/staff/comments/${c3.body.id}/moderation`, { token: lead, body: { action: 'hide', rule: 'respekt', reason: 'Beleidigung der Beschäftigten.' } })).body.status).toBe('hidden');
    pub = (await t.call('GET', `/api/participation/consultations/${id}`)).body;
    expect(pub.comments[2].note).toMatch(/ausgeblendet.*Respektvoll bleiben/);
    const staffView = (await t.call('GET', `/api/participation/staff/consultations/${id}`, { token: lead })).body;
    expect(staffView.moderationLog.map((m: { action: string }) => m.action)).toEqual(['auto-review', 'hide']);
    expect(staffView.moderationQueue[0].reports).toHaveLength(3);

    // Before the deadline: comments still possible, closing is not.
    expect((await t.call('POST', `/api/participation/staff/consultations/${id}/close`, { token: lead, body: { version: 2 } })).status).toBe(409);
    // The deadline passes: the consultation (and its governance record) opened 20 days ago and closed yesterday.
    await t.db.query('UPDATE participation_consultations SET opens_on = $2, closes_on = $3, opened_on = $2 WHERE id = $1', [id, day(-20), day(-1)]);
    await t.db.query(
      `UPDATE governance_consultations SET opened_at = $1::date, record = record || jsonb_build_object('openedAt', $1::text, 'closesAt', $2::text) WHERE system_id = 'buerger-chatbot'`,
      [day(-20), day(-1)],
    );
    const late = await t.call('POST', `/api/participation/consultations/${id}/comments`, { body: { body: 'Noch ein später Gedanke zum Assistenten.', acceptConduct: true } });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/Frist für Beiträge ist am .* abgelaufen/);
    const closed = await t.call('POST', `/api/participation/staff/consultations/${id}/close`, { token: lead, body: { version: 2 } });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);

    // The response: every visible comment answered, a summary of how the input was used.
    const summary = 'Wir haben alle Beiträge gelesen. Der Assistent nennt Gebühren künftig immer mit Rechtsgrundlage und verweist auf die Leichte-Sprache-Seiten. Beleidigende Beiträge wurden ausgeblendet.';
    const early = await t.call('POST', `/api/participation/staff/consultations/${id}/response`, { token: lead, body: { version: 3, summary } });
    expect(early.status).toBe(400);
    expect(early.body.error.problems).toEqual([{ path: '$.comments', message: 'Noch ohne Antwort: Beitrag Nr. 1, 2.' }]);
    expect((await t.call('PUT', `/api/participation/staff/comments/${c1.body.id}/disposition`, { token: lead, body: { kind: 'accepted', explanation: 'Jede Gebühr im Assistenten nennt jetzt ihre Rechtsgrundlage.' } })).status).toBe(200);
    expect((await t.call('PUT', `/api/participation/staff/comments/${c2.body.id}/disposition`, { token: lead, body: { kind: 'partly', explanation: 'Antworten verweisen auf Leichte Sprache; eigene Antworten darin folgen.' } })).status).toBe(200);
    expect((await t.call('PUT', `/api/participation/staff/comments/${c3.body.id}/disposition`, { token: lead, body: { kind: 'noted', explanation: 'Zur Kenntnis genommen, trotz des Tons.' } })).status).toBe(409);
    expect((await t.call('POST', `/api/participation/staff/consultations/${id}/response`, { token: lead, body: { version: 3, summary: 'Zu kurz.' } })).body.error.problems[0].path).toBe('$.summary');
    const responded = await t.call('POST', `/api/participation/staff/consultations/${id}/response`, { token: lead, body: { version: 3, summary, changes: ['Gebühren mit Rechtsgrundlage', 'Verweis auf Leichte Sprache'] } });
    expect(responded.status, JSON.stringify(responded.body)).toBe(200);
    pub = (await t.call('GET', `/api/participation/consultations/${id}`)).body;
    expect(pub.status.code).toBe('responded');
    expect(pub.response).toMatchObject({ summary, publishedOn: day(0), publishedBy: 'Verwaltung (Verantwortliche des Systems)' });
    expect(pub.comments[0].disposition).toMatchObject({ kind: 'accepted', label: 'übernommen' });

    // The governance record is complete: the obligation „consultation completed“ is met by the automatic check.
    const [done] = await t.db.query<{ record: { closedAt: string; responsePublishedAt: string } }>(`SELECT record FROM governance_consultations WHERE system_id = 'buerger-chatbot'`);
    expect(done!.record).toMatchObject({ closedAt: day(0), responsePublishedAt: day(0) });
    const part = (await entry('buerger-chatbot')).obligations.find((o: { id: string }) => o.id === 'POL-PART');
    expect(part.status).toBe('met');
    expect(part.evidence[0].ref).toBe(`http://localhost:3000/beteiligung/${id}`);
    // … and every step is in the register's audit trail and the ledger.
    const events = (await t.call('GET', '/api/governance/events?entryId=buerger-chatbot', { token: admin })).body.items as { summary: string; seq: number }[];
    expect(events.filter((x) => x.summary.startsWith('Beteiligung ab')).length).toBe(3);
    const leaves = await t.db.query(`SELECT 1 FROM ledger_leaves WHERE covers = ANY($1)`, [events.map((x) => `governance:${x.seq}`)]);
    expect(leaves.length).toBe(events.length);

    // The transparency data shows the consultation with its status.
    const tr = (await t.call('GET', '/api/participation/transparency')).body;
    const sys = tr.systems.find((s: { entryId: string }) => s.entryId === 'buerger-chatbot');
    expect(sys.consultations).toEqual([expect.objectContaining({ id, status: 'responded', label: 'abgeschlossen, Antwort veröffentlicht', responsePublishedOn: day(0) })]);
    expect(tr.systems.some((s: { entryId: string }) => s.entryId === 'wohngeld-regelwerk')).toBe(false); // drafts are not public
  });

  it('staff council: the activation gate stays closed until the council approved through the participation procedure', async () => {
    const id = 'entwurfsassistent';
    // Everything else the gate asks for (as in the governance tests): overseer with AI literacy, obligations, DPIA, consultation.
    let e = (await entry(id)).entry;
    expect((await t.call('PATCH', `/api/governance/register/${id}`, { token: admin, body: { version: e.version, content: { humanOversight: { ...e.humanOversight, overseers: [{ personId: users.get('teamleitung'), name: 'Tanja Teamleiterin', role: 'Teamleitung', authority: 'Entwürfe verwerfen' }] } } } })).status).toBe(200);
    for (const u of LEARNING_UNITS) {
      await t.call('POST', `/api/governance/literacy/units/${u.id}/attempts`, { token: lead, body: { answers: Object.fromEntries(u.quiz.map((q) => [q.id, q.correct])) } });
    }
    for (const o of (await entry(id)).obligations.filter((x: { check?: string }) => !x.check)) {
      expect((await t.call('POST', `/api/governance/register/${id}/obligations`, { token: admin, body: { obligationId: o.id, status: 'met', evidence: [{ title: `Nachweis ${o.id}`, ref: `dms:KI-${o.id}` }] } })).status).toBe(201);
    }
    expect((await t.call('PATCH', `/api/governance/register/${id}/bundle`, { token: admin, body: { version: 0, dpia: { title: 'DSFA', ref: 'https://intranet.example/dsfa/7', completedAt: day(-20), summary: 'Pseudonymisierung vor dem Modell.' } } })).status).toBe(200);
    expect((await t.call('PUT', `/api/governance/register/${id}/consultation`, { token: admin, body: { openedAt: day(-60), closesAt: day(-30), closedAt: day(-30), responsePublishedAt: day(-25) } })).status).toBe(200);
    e = (await entry(id)).entry;
    for (const to of ['consultation', 'approved']) e = (await t.call('POST', `/api/governance/register/${id}/transition`, { token: admin, body: { version: e.version, to } })).body;
    const reasons = async () => (await t.call('GET', `/api/governance/register/${id}/activation`, { token: admin })).body;
    let gate = await reasons();
    expect(gate.allowed).toBe(false);
    expect(gate.openObligations.map((o: { id: string }) => o.id)).toEqual(['DE-PV']);
    expect((await t.call('POST', `/api/governance/register/${id}/transition`, { token: admin, body: { version: e.version, to: 'active' } })).status).toBe(403);

    // Informing needs the complete package; only the administration records the council's steps.
    const partial = await t.call('POST', '/api/participation/staff-council', { token: admin, body: { entryId: id, informedOn: day(-30), package: PACKAGE.slice(0, 5) } });
    expect(partial.status).toBe(400);
    expect(partial.body.error.problems.map((p: { message: string }) => p.message)).toEqual(expect.arrayContaining([expect.stringContaining('Schulungs- und Qualifizierungsplan'), expect.stringContaining('Entwurf der Dienstvereinbarung')]));
    expect((await t.call('POST', '/api/participation/staff-council', { token: lead, body: { entryId: id, informedOn: day(-30), package: PACKAGE } })).status).toBe(403);
    const informed = await t.call('POST', '/api/participation/staff-council', { token: admin, body: { entryId: id, informedOn: day(-30), package: PACKAGE } });
    expect(informed.status, JSON.stringify(informed.body)).toBe(201);
    expect(informed.body).toMatchObject({ status: 'informed', statusLabel: 'unterrichtet, Beschluss steht aus', needsRenewal: false });
    gate = await reasons();
    expect(gate.allowed).toBe(false);
    expect(JSON.stringify(gate)).toMatch(/hat noch nicht beschlossen/);
    const pid = informed.body.id as string;
    const deliberated = await t.call('POST', `/api/participation/staff-council/${pid}/deliberations`, { token: admin, body: { version: 1, on: day(-20), note: 'Erörterung: Protokolle nicht personenbezogen auswerten.' } });
    expect(deliberated.body.status).toBe('deliberation');

    // A refusal keeps the gate closed; the Einigungsstelle is called; its outcome is a new Beschluss.
    const refused = await t.call('POST', `/api/participation/staff-council/${pid}/vote`, { token: admin, body: { version: 2, result: 'rejected', on: day(-15), resolutionRef: 'PR-2026-14' } });
    expect(refused.body.status).toBe('rejected');
    expect(JSON.stringify(await reasons())).toMatch(/hat die Zustimmung verweigert/);
    const concil = await t.call('POST', `/api/participation/staff-council/${pid}/conciliation`, { token: admin, body: { version: 3, calledOn: day(-12), note: 'Einigungsstelle zur Auswertung von Protokollen angerufen.' } });
    expect(concil.body.status).toBe('conciliation');
    const noAgreement = await t.call('POST', `/api/participation/staff-council/${pid}/vote`, { token: admin, body: { version: 4, result: 'approved-with-conditions', on: day(-5), conditions: ['Keine Leistungskontrolle aus Protokollen'] } });
    expect(noAgreement.status).toBe(400);
    expect(noAgreement.body.error.problems[0].path).toBe('$.serviceAgreement');
    const before = await t.call('POST', `/api/participation/staff-council/${pid}/vote`, { token: admin, body: { version: 4, result: 'approved-with-conditions', on: day(-14), conditions: ['Keine Leistungskontrolle'], serviceAgreement: { ref: 'DV-KI-2026', concludedOn: day(-5) } } });
    expect(before.body.error.problems[0].path).toBe('$.on'); // before the Einigungsstelle was called
    const approved = await t.call('POST', `/api/participation/staff-council/${pid}/vote`, {
      token: admin,
      body: { version: 4, result: 'approved-with-conditions', on: day(-5), conditions: ['Keine Leistungskontrolle aus Protokollen'], resolutionRef: 'ES-2026-2', serviceAgreement: { ref: 'DV-KI-2026', concludedOn: day(-5), basedOnTemplate: 'dv-amtsklar@2026-1' } },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    gate = await reasons();
    expect(gate).toMatchObject({ allowed: true, reasons: [] });
    const active = await t.call('POST', `/api/governance/register/${id}/transition`, { token: admin, body: { version: e.version, to: 'active' } });
    expect(active.status, JSON.stringify(active.body)).toBe(200);
    const dePv = (await entry(id)).obligations.find((o: { id: string }) => o.id === 'DE-PV');
    expect(dePv.evidence.map((x: { ref: string }) => x.ref)).toContain('DV-KI-2026');
    // Four governance records of the council: pending, rejected, pending (Einigungsstelle), approved with conditions.
    const rows = await t.db.query<{ record: { vote: string } }>(`SELECT record FROM governance_staff_council WHERE system_id = $1 ORDER BY seq`, [id]);
    expect(rows.map((r) => r.record.vote)).toEqual(['pending', 'rejected', 'pending', 'approved-with-conditions']);
    const list = (await t.call('GET', `/api/participation/staff-council?entryId=${id}`, { token: cw })).body.items;
    expect(list[0]).toMatchObject({ status: 'approved-with-conditions', serviceAgreement: { ref: 'DV-KI-2026' }, deliberations: [expect.objectContaining({ on: day(-20) })] });
    // The template the agreement is based on is published.
    const tpl = (await t.call('GET', '/api/participation/service-agreement-template')).body;
    expect(tpl).toMatchObject({ id: 'dv-amtsklar', version: '2026-1' });
    expect(tpl.markdown).toMatch(/Erprobung ist ausdrücklich gewollt/);
  });

  it('feedback: rated, redacted before storing, routed to the owners of the system, counted on the transparency data', async () => {
    const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [{ id: 'p1', einkuenfte: [{ art: 'erwerb', brutto_monat: '900.00' }] }] };
    const sub = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Erika Musterfrau', anschrift: 'Hauptstr. 1, 12345 Musterstadt', telefon: '0151 23456789' }, antrag } });
    const other = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Otto Anders' }, antrag } });
    const citizen = await t.citizenLogin(sub.body.aktenzeichen, sub.body.accessCode);
    const text = 'Die Berechnung verstehe ich nicht. Erika Musterfrau, Hauptstr. 1, 12345 Musterstadt, Telefon 0151 23456789, IBAN DE89 3704 0044 0532 0130 00.';
    const r = await t.call('POST', `/api/participation/cases/${sub.body.caseId}/feedback`, { token: citizen, body: { subject: 'decision', rating: 2, text } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.routedTo).toBe('wohngeld-regelwerk');
    expect(r.body.notice).toMatch(/Wir haben persönliche Daten aus Ihrem Text entfernt \(.*Name.*\)/);
    const [row] = await t.db.query<{ text: string; removed: string[]; author_kind: string; channel: string }>('SELECT text, removed, author_kind, channel FROM participation_feedback WHERE id = $1', [r.body.id]);
    expect(row!.text).toMatch(/^Die Berechnung verstehe ich nicht\. \[Name entfernt\]/);
    for (const secret of ['Musterfrau', 'Hauptstr', '23456789', 'DE89', '0130']) expect(row!.text).not.toContain(secret);
    expect(row).toMatchObject({ author_kind: 'citizen', channel: 'portal' });
    // Reading the case's known values to redact them is logged like any access to personal data.
    const log = await t.db.query<{ purpose: string }>('SELECT purpose FROM data_access_log WHERE case_id = $1', [sub.body.caseId]);
    expect(log.map((l) => l.purpose)).toContain('Entfernen personenbezogener Daten aus einer Rückmeldung');

    expect((await t.call('POST', `/api/participation/cases/${other.body.caseId}/feedback`, { token: citizen, body: { subject: 'decision', rating: 5 } })).status).toBe(404);
    expect((await t.call('POST', `/api/participation/cases/${sub.body.caseId}/feedback`, { token: citizen, body: { subject: 'decision', rating: 7 } })).body.error.problems).toEqual([
      { path: '$.rating', message: 'Bewertung von 1 (gar nicht hilfreich) bis 5 (sehr hilfreich) erwartet.' },
    ]);
    expect((await t.call('POST', `/api/participation/cases/${sub.body.caseId}/feedback`, { token: citizen, body: { subject: 'letter', rating: 3, ref: '00000000-0000-4000-8000-000000000000' } })).body.error.problems[0].path).toBe('$.ref');
    // Staff give feedback on cases of their team, on the explanation for caseworkers.
    const staff = await t.call('POST', `/api/participation/cases/${sub.body.caseId}/feedback`, { token: cw, body: { subject: 'explanation', rating: 4, ref: 'caseworker', text: 'Die Zwischensumme Y fehlt in der Erklärung.' } });
    expect(staff.status).toBe(201);
    expect((await t.call('POST', `/api/participation/cases/${sub.body.caseId}/feedback`, { token: await t.login('kita'), body: { subject: 'decision', rating: 3 } })).status).toBe(404);
    // Without login: chatbot answers and public explanations.
    const bot = await t.call('POST', '/api/participation/feedback', { body: { subject: 'chatbot-answer', rating: 5, ref: 'personalausweis', text: 'Schnelle und richtige Antwort.' } });
    expect(bot.body.routedTo).toBe('buerger-chatbot');
    expect((await t.call('POST', '/api/participation/feedback', { body: { subject: 'decision', rating: 5 } })).status).toBe(400);
    const unknownPack = await t.call('POST', '/api/participation/feedback', { body: { subject: 'explanation', rating: 3, packId: 'gibtsnicht' } });
    expect(unknownPack.status).toBe(400);
    expect(unknownPack.body.error.problems[0].path).toBe('$.packId');
    expect((await t.call('POST', '/api/participation/feedback', { headers: { 'x-gemeinde': 'gibtsnicht' }, body: { subject: 'chatbot-answer', rating: 5 } })).status).toBe(404);

    // The owners' inbox: the team lead owns both entries; another caseworker owns none.
    const inbox = (await t.call('GET', '/api/participation/feedback/inbox', { token: lead })).body.items as { id: string; entryId: string; text: string | null }[];
    expect(inbox.map((f) => f.entryId).sort()).toEqual(['buerger-chatbot', 'wohngeld-regelwerk', 'wohngeld-regelwerk']);
    expect((await t.call('GET', '/api/participation/feedback/inbox', { token: await t.login('sachbearbeitung2') })).body.items).toEqual([]);
    expect((await t.call('GET', '/api/participation/feedback/inbox', { token: admin })).body.items.length).toBe(3);
    expect((await t.call('PATCH', `/api/participation/feedback/${r.body.id}`, { token: cw, body: { status: 'done' } })).status).toBe(403);
    const handled = await t.call('PATCH', `/api/participation/feedback/${r.body.id}`, { token: lead, body: { status: 'done', note: 'Erklärung der Zwischensummen ergänzt.' } });
    expect(handled.body).toMatchObject({ status: 'done', handledBy: users.get('teamleitung') });

    const tr = (await t.call('GET', '/api/participation/transparency')).body;
    expect(tr.systems.find((s: { entryId: string }) => s.entryId === 'buerger-chatbot').feedback).toMatchObject({ total: 1, averageRating: '5,0', bySubject: { 'chatbot-answer': 1 } });
  });

  it('objection: filed online with reasons and a document, routed to a person not involved, changed — and counted in the fairness records', async () => {
    // A refusal (Wohngeld 0 €) needs two approvals; the Abhilfe grants Wohngeld.
    const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [{ id: 'p1', einkuenfte: [{ art: 'erwerb', brutto_monat: '4000.00' }] }] };
    const sub = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Frieda Widerspruch' }, antrag } });
    const id = sub.body.caseId as string;
    const cw2 = await t.login('sachbearbeitung2');
    let c = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
    for (const m of (await t.call('GET', `/api/cases/${id}/missing`, { token: cw })).body.items) {
      const mp = multipart({ checklistId: m.id }, { name: 'n.pdf', type: 'application/pdf', content: PDF });
      expect((await t.call('POST', `/api/cases/${id}/documents`, { token: cw, payload: mp.payload, headers: mp.headers })).status).toBe(201);
    }
    c = (await t.call('POST', `/api/cases/${id}/check`, { token: cw, body: { version: c.version } })).body;
    c = await eventually(async () => {
      const r = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
      return r.state === 'draft_prepared' ? r : null;
    });
    c = (await t.call('POST', `/api/cases/${id}/submit-review`, { token: cw, body: { version: c.version } })).body;
    c = (await t.call('POST', `/api/cases/${id}/approve`, { token: cw, body: { version: c.version } })).body;
    c = (await t.call('POST', `/api/cases/${id}/approve`, { token: cw2, body: { version: c.version } })).body;
    c = (await t.call('POST', `/api/cases/${id}/issue`, { token: cw, body: { version: c.version } })).body;
    expect(c.state).toBe('issued');
    // The fairness monitor records the issued decision (its listener or its schedule's reconciliation).
    const { records, reports } = openFairness({ db: t.db, ledger: openLedger(t.db) });
    await records.reconcile();

    const citizen = await t.citizenLogin(sub.body.aktenzeichen, sub.body.accessCode);
    let status = (await t.call('GET', `/api/participation/cases/${id}/objection`, { token: citizen })).body;
    expect(status).toMatchObject({ canObject: true, objectionDue: c.objectionDue, objection: null });
    const obj = await t.call('POST', `/api/my/cases/${id}/objection`, { token: citizen, body: { version: c.version, reason: 'Mein Einkommen ist seit März gesunken, siehe Bescheinigung.' } });
    expect(obj.status).toBe(201);
    const doc = multipart({}, { name: 'bescheinigung.pdf', type: 'application/pdf', content: PDF });
    expect((await t.call('POST', `/api/my/cases/${id}/documents`, { token: citizen, payload: doc.payload, headers: doc.headers })).status).toBe(201);

    // Routed at once to the only team member not involved (two caseworkers approved; one issued): the team lead.
    status = (await t.call('GET', `/api/participation/cases/${id}/objection`, { token: citizen })).body;
    expect(status.objection).toMatchObject({ status: 'in_review', assigned: true });
    expect(status.objection.assignedTo).toBeUndefined();
    expect(JSON.stringify(status)).not.toMatch(/Tanja/);
    const staffStatus = (await t.call('GET', `/api/participation/cases/${id}/objection`, { token: lead })).body;
    expect(staffStatus.objection).toMatchObject({ assignedTo: users.get('teamleitung'), assignedToName: 'Tanja Teamleiterin' });
    const list = (await t.call('GET', '/api/participation/objections', { token: lead })).body.items;
    expect(list.find((i: { caseId: string }) => i.caseId === id)).toMatchObject({ mine: true, assignedToName: 'Tanja Teamleiterin' });
    const wrong = await t.call('PUT', `/api/participation/cases/${id}/objection/assignee`, { token: lead, body: { userId: users.get('sachbearbeitung2') } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/nicht beteiligt war/);

    const version = (await t.call('GET', `/api/cases/${id}`, { token: lead })).body.version;
    const changed = await t.call('POST', `/api/cases/${id}/reassess`, {
      token: lead,
      body: { version, result: 'changed', reason: 'Einkommensbescheinigung belegt geringeres Einkommen.', overrides: { wohngeld_monat: { value: 120, reason: 'Einkommen laut Bescheinigung vom 01.03.2025.' } } },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    // the override needs a second person (four-eyes); until then the objection is still being decided
    expect(changed.body.state).toBe('abhilfe_review');
    status = (await t.call('GET', `/api/participation/cases/${id}/objection`, { token: citizen })).body;
    expect(status.objection).toMatchObject({ status: 'in_review' });
    const approved = await t.call('POST', `/api/cases/${id}/approve-abhilfe`, { token: await t.login('sachbearbeitung2'), body: { version: changed.body.version } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.state).toBe('decision_changed');
    status = (await t.call('GET', `/api/participation/cases/${id}/objection`, { token: citizen })).body;
    expect(status.objection).toMatchObject({ status: 'decided', result: 'changed' });
    expect(status.objection.statusLabel).toMatch(/Bescheid wurde geändert/);

    // The fairness monitor's decision record (written from the same case events by its own store):
    // the first decision was a refusal, the objection changed it to a grant.
    await records.reconcile();
    const { columns } = await reports.columns('musterstadt', 'wohngeld', quarterOfMonth(berlinDate(new Date()).slice(0, 7)));
    expect(columns.n).toBe(1);
    expect({ claim: columns.claim[0], objection: columns.objection[0], changed: columns.changed[0], finalClaim: columns.finalClaim[0] }).toEqual({ claim: 0, objection: 1, changed: 1, finalClaim: 1 });
  });
});
