import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedEngine } from '../index.ts';
import { realEngineWithFallback } from '../../../test/api/engine-double.ts';
import { PDF, STORES, multipart, startTestPlatform, type TestPlatform } from '../../../test/api/helpers.ts';

// Findings of an independent audit of the API: personal data in the Rechenweg, the auditor's view,
// the order of the access log, overrides beyond what an application may say, and a Nachforderung
// a citizen could end without supplying anything.
describe.each(STORES)('personal data and the case workflow (%s)', (kind) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform(kind, realEngineWithFallback(installedEngine()));
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  const kitaAntrag = { stichtag: '2025-09-01', kind: { vorname: 'Mirabella', geburtsdatum: '2022-01-01', betreuungsstunden_woche: 35 }, einkuenfte_eltern_vorjahr: 40000, haertefallantrag: true };

  it('records every read of the Rechenweg; the auditor sees neither application facts nor written reasons', async () => {
    const sub = await t.call('POST', '/api/applications', { body: { packId: 'kita-beitrag', applicant: { name: 'Erika Geheimname' }, antrag: kitaAntrag } });
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    const id = sub.body.caseId as string;
    const cw = await t.login('kita');
    const dpo = await t.login('datenschutz');
    const before = (await t.call('GET', `/api/dpo/access-log?caseId=${id}`, { token: dpo })).body.items.length as number;
    const read = await t.call('GET', `/api/cases/${id}`, { token: cw });
    expect(read.headers['cache-control']).toBe('no-store'); // no copy in a shared office browser or a proxy
    const c = read.body;
    expect(JSON.stringify(c.decision.trace)).toContain('Mirabella'); // the caseworker's Rechenweg holds the facts …
    const log = (await t.call('GET', `/api/dpo/access-log?caseId=${id}`, { token: dpo })).body.items as { purpose: string }[];
    expect(log.length).toBe(before + 1); // … so the read is recorded
    expect(log[0]!.purpose).toContain('Rechenweg');

    const decided = await t.call('POST', `/api/cases/${id}/discretion`, { token: cw, body: { version: c.version, point: 'haertefall_erlass', option: 'teilerlass', reason: 'Einkommen der Mutter Erika vollständig weggefallen.' } });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    // a workflow step that evaluates again answers with the Rechenweg: a read as well, and recorded
    expect(JSON.stringify(decided.body.decision.trace)).toContain('Mirabella');
    const afterStep = (await t.call('GET', `/api/dpo/access-log?caseId=${id}`, { token: dpo })).body.items as { purpose: string }[];
    expect(afterStep.length).toBe(before + 2);
    expect(afterStep[0]!.purpose).toContain('Ermessenspunkt entscheiden');
    // the history shows the written reason: recorded too
    const history = (await t.call('GET', `/api/cases/${id}/history`, { token: cw })).body.items as { reason: string | null }[];
    expect(history.some((e) => e.reason?.includes('weggefallen'))).toBe(true);
    const afterHistory = (await t.call('GET', `/api/dpo/access-log?caseId=${id}`, { token: dpo })).body.items as { purpose: string }[];
    expect(afterHistory.length).toBe(before + 3);
    expect(afterHistory[0]!.purpose).toBe('Fallbearbeitung (Verlauf ansehen)');
    // the officer sees who read and which case, without looking people up elsewhere
    expect(afterHistory[0]).toMatchObject({ actor_kind: 'user', actor_name: expect.stringMatching(/\S/), actor_role: 'caseworker', aktenzeichen: sub.body.aktenzeichen });
    const audit = await t.call('GET', `/api/audit/cases/${id}`, { token: await t.login('pruefung') });
    expect(audit.status).toBe(200);
    const text = JSON.stringify(audit.body);
    // the facts of the application and the written reason; computed values (the income after § 2) are decision data
    for (const secret of ['Mirabella', '2022-01-01', 'Erika', 'weggefallen']) expect(text, secret).not.toContain(secret);
    const tabelle = audit.body.decision.trace.find((s: { rule: string }) => s.rule === 'tabellenbeitrag');
    expect(tabelle.inputs.beitragstabelle).not.toContain('Antragsangabe'); // the law's own table stays visible
    expect(audit.body.decision.receipt.resultHash).toMatch(/^sha256:/);
    expect(audit.body.decision.values.beitrag_monat).toBeDefined();
    expect(audit.body.decision.humanDecisions[0]).toMatchObject({ point: 'haertefall_erlass', option: 'teilerlass', hasReason: true });
  });

  it('lists the access log newest first, across ten and more entries', async () => {
    const dpo = await t.login('datenschutz');
    const cw = await t.login('sachbearbeitung');
    const sub = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Lea Leserin' }, antrag: { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [{ id: 'p1', einkuenfte: [{ art: 'rente', brutto_monat: '900.00' }] }] } } });
    for (let i = 0; i < 11; i++) expect((await t.call('GET', `/api/cases/${sub.body.caseId}`, { token: cw })).status).toBe(200);
    const items = (await t.call('GET', '/api/dpo/access-log?pageSize=200', { token: dpo })).body.items as { id: string }[];
    expect(items.length).toBeGreaterThanOrEqual(10);
    const ids = items.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('refuses an override an application could not say (a negative income), naming $.value, and changes nothing', async () => {
    const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', geburtsdatum: '1985-04-12', einkuenfte: [{ art: 'erwerb', brutto_monat: '1800.00' }] }] };
    const sub = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Otto Override' }, antrag } });
    const id = sub.body.caseId as string;
    const cw = await t.login('sachbearbeitung');
    const c = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
    for (const value of ['-5', { a: 1 }, '12.345']) {
      const r = await t.call('POST', `/api/cases/${id}/overrides`, { token: cw, body: { version: c.version, name: 'Y', value, reason: 'Begründung, lang genug für die Prüfung' } });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(JSON.stringify(r.body)).toContain('$.value');
    }
    const after = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
    expect(after.version).toBe(c.version);
    expect(after.decision.values.Y).toBe(c.decision.values.Y);
    expect(after.overrides).toEqual({});
  });

  it('a citizen cannot end a Nachforderung while something is missing; the deadline stays', async () => {
    const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', geburtsdatum: '1985-04-12', einkuenfte: [{ art: 'erwerb' }] }] };
    const sub = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Nora Nachforderung' }, antrag } });
    const id = sub.body.caseId as string;
    const citizen = await t.citizenLogin(sub.body.aktenzeichen, sub.body.accessCode);
    const cw = await t.login('sachbearbeitung');
    const c = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
    expect(c.outcome).toBe('missing_inputs');
    expect((await t.call('POST', `/api/cases/${id}/request-documents`, { token: cw, body: { version: c.version } })).status).toBe(200);
    const mine = (await t.call('GET', `/api/my/cases/${id}`, { token: citizen })).body;
    expect(mine.documentsDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const r = await t.call('POST', `/api/my/cases/${id}/complete`, { token: citizen, body: { version: mine.version } });
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(JSON.stringify(r.body)).toContain('brutto_monat');
    const still = (await t.call('GET', `/api/my/cases/${id}`, { token: citizen })).body;
    expect(still).toMatchObject({ state: mine.state, version: mine.version, documentsDue: mine.documentsDue });

    // a document the citizen sent: its download is logged with the purpose the caseworker gives
    const m = multipart({ checklistId: 'verdienst' }, { name: 'lohn.pdf', type: 'application/pdf', content: PDF });
    const up = await t.call('POST', `/api/my/cases/${id}/documents`, { token: citizen, payload: m.payload, headers: m.headers });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const got = await t.call('GET', `/api/cases/${id}/documents/${up.body.id}?purpose=${encodeURIComponent('Abgleich mit der Lohnabrechnung')}`, { token: cw });
    expect(got.status).toBe(200);
    const log = (await t.call('GET', `/api/dpo/access-log?caseId=${id}`, { token: await t.login('datenschutz') })).body.items as { purpose: string; what: string }[];
    expect(log[0]).toMatchObject({ purpose: 'Abgleich mit der Lohnabrechnung', what: `Unterlage ${up.body.id}` });
  });
});
