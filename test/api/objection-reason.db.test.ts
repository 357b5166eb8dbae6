import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineDouble } from './engine-double.ts';
import { PDF, STORES, checkAndIssue, multipart, startTestPlatform, type TestPlatform } from './helpers.ts';

/**
 * The person deciding an objection reads what the citizen wrote (stored sealed under the case's
 * key): only staff of the case's team, only with a stated purpose, and every read is in the
 * data-protection officer's access log.
 */
const REASON = 'Meine Miete ist höher, weil die Nebenkosten gestiegen sind.';

describe.each(STORES)('the objection text for the person deciding it (%s)', (kind) => {
  let t: TestPlatform;
  let cw: string;
  let id = '';

  beforeAll(async () => {
    t = await startTestPlatform(kind, engineDouble());
    cw = await t.login('sachbearbeitung');
    const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', einkuenfte: [{ art: 'erwerb', brutto_monat: '900.00' }] }] };
    const sub = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Olga Objekt' }, antrag } });
    expect(sub.status).toBe(201);
    id = sub.body.caseId as string;
    const citizen = await t.citizenLogin(sub.body.aktenzeichen, sub.body.accessCode);
    for (const checklistId of ['mietbescheinigung', 'einkommensnachweis']) {
      const m = multipart({ checklistId }, { name: `${checklistId}.pdf`, type: 'application/pdf', content: PDF });
      expect((await t.call('POST', `/api/my/cases/${id}/documents`, { token: citizen, payload: m.payload, headers: m.headers })).status).toBe(201);
    }
    const { issued: c } = await checkAndIssue(t, id, cw);
    expect(c.state).toBe('issued');
    // before any objection there is nothing to read, and nothing is recorded
    const none = await t.call('GET', `/api/cases/${id}/objection/reason?purpose=Prüfung des Widerspruchs`, { token: cw });
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ objection: null });
    expect((await t.call('POST', `/api/my/cases/${id}/objection`, { token: citizen, body: { version: c.version, reason: REASON } })).status).toBe(201);
  }, 300_000);
  afterAll(async () => t?.close());

  it('gives the team its text with a purpose and records the read', async () => {
    const dpo = await t.login('datenschutz');
    const before = (await t.call('GET', `/api/dpo/access-log?caseId=${id}`, { token: dpo })).body.items.length as number;
    for (const user of ['sachbearbeitung2', 'teamleitung']) {
      const r = await t.call('GET', `/api/cases/${id}/objection/reason?purpose=${encodeURIComponent('Prüfung des Widerspruchs')}`, { token: await t.login(user) });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.objection).toMatchObject({ reason: REASON, filedAt: expect.stringMatching(/^\d{4}-/) });
    }
    const log = (await t.call('GET', `/api/dpo/access-log?caseId=${id}`, { token: dpo })).body.items as { purpose: string; what: string; actor_role: string }[];
    expect(log.length).toBe(before + 2);
    expect(log[0]).toMatchObject({ purpose: 'Prüfung des Widerspruchs', what: 'Begründung des Widerspruchs', actor_role: 'team_lead' });
    expect(log[1]).toMatchObject({ purpose: 'Prüfung des Widerspruchs', what: 'Begründung des Widerspruchs', actor_role: 'caseworker' });
  });

  it('refuses without a purpose, other roles, another team and the citizen — and records nothing', async () => {
    const dpo = await t.login('datenschutz');
    const before = (await t.call('GET', `/api/dpo/access-log?caseId=${id}`, { token: dpo })).body.items.length as number;
    const noPurpose = await t.call('GET', `/api/cases/${id}/objection/reason`, { token: cw });
    expect(noPurpose.status).toBe(400);
    expect(JSON.stringify(noPurpose.body)).toContain('purpose');
    for (const user of ['pruefung', 'admin', 'datenschutz']) {
      const r = await t.call('GET', `/api/cases/${id}/objection/reason?purpose=Neugier%20am%20Fall`, { token: await t.login(user) });
      expect(r.status, user).toBe(403);
      expect(JSON.stringify(r.body)).not.toContain('Nebenkosten');
    }
    // the Kita team works on other cases: for them this case does not exist
    const other = await t.call('GET', `/api/cases/${id}/objection/reason?purpose=Neugier%20am%20Fall`, { token: await t.login('kita') });
    expect(other.status).toBe(404);
    const anon = await t.call('GET', `/api/cases/${id}/objection/reason?purpose=Neugier%20am%20Fall`);
    expect(anon.status).toBe(401);
    const after = (await t.call('GET', `/api/dpo/access-log?caseId=${id}`, { token: dpo })).body.items.length as number;
    expect(after).toBe(before);
  });
});
