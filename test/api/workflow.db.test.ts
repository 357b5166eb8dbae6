import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineDouble } from './engine-double.ts';
import { PDF, STORES, eventually, multipart, startTestPlatform, type TestPlatform } from './helpers.ts';

describe.each(STORES)('workflow through the HTTP API (%s)', (kind) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform(kind, engineDouble());
  });
  afterAll(async () => t?.close());

  it('Wohngeld: missing income → Nachforderung → completed → decided → draft → approved → issued → objection → changed by team lead', async () => {
    const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller' }] };
    const sub = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Erika Musterfrau', anschrift: 'Hauptstr. 1, 12345 Musterstadt' }, antrag }, headers: { 'idempotency-key': 'e2e-wohngeld-0001' } });
    expect(sub.status).toBe(201);
    expect(sub.body.aktenzeichen).toMatch(/^WG-\d{4}-\d{6}$/);
    const citizen = await t.citizenLogin(sub.body.aktenzeichen, sub.body.accessCode);
    const id = sub.body.caseId as string;

    const cw = await t.login('sachbearbeitung');
    let c = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
    expect(c.state).toBe('checked');
    expect(c.outcome).toBe('missing_inputs');
    const missing = (await t.call('GET', `/api/cases/${id}/missing`, { token: cw })).body.items;
    expect(missing.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(['$.haushaltsmitglieder[0].einkuenfte', 'mietbescheinigung']));

    // The citizen sees no decision before it is issued.
    let mine = (await t.call('GET', `/api/my/cases/${id}`, { token: citizen })).body;
    expect(mine.decision).toBeNull();

    const req = await t.call('POST', `/api/cases/${id}/request-documents`, { token: cw, body: { version: c.version } });
    expect(req.status).toBe(200);
    expect(req.body.state).toBe('documents_requested');
    expect(req.body.documentsDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    mine = (await t.call('GET', `/api/my/cases/${id}`, { token: citizen })).body;
    expect(mine.missing.length).toBeGreaterThan(0);
    const letter = mine.letters.find((l: { kind: string }) => l.kind === 'nachforderung');
    expect(letter.text).toContain('§ 60 SGB I');
    expect(letter.text).toContain('§ 66');

    // The citizen completes data and documents.
    const put = await t.call('PUT', `/api/my/cases/${id}/application`, {
      token: citizen,
      body: { version: mine.version, antrag: { ...antrag, haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', einkuenfte: [{ art: 'erwerb', brutto_monat: '900.00' }] }] } },
    });
    expect(put.status).toBe(200);
    for (const checklistId of ['mietbescheinigung', 'einkommensnachweis']) {
      const m = multipart({ checklistId }, { name: `${checklistId}.pdf`, type: 'application/pdf', content: PDF });
      const up = await t.call('POST', `/api/my/cases/${id}/documents`, { token: citizen, payload: m.payload, headers: m.headers });
      expect(up.status).toBe(201);
    }
    const done = await t.call('POST', `/api/my/cases/${id}/complete`, { token: citizen, body: { version: put.body.version } });
    expect(done.status).toBe(200);
    expect(done.body.outcome).toBe('decided');

    // The drafting job prepares the draft.
    c = await eventually(async () => {
      const r = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
      return r.state === 'draft_prepared' ? r : null;
    });
    const drafts = (await t.call('GET', `/api/cases/${id}/drafts`, { token: cw })).body.items;
    expect(drafts.some((d: { kind: string }) => d.kind === 'bescheid')).toBe(true);

    c = (await t.call('POST', `/api/cases/${id}/submit-review`, { token: cw, body: { version: c.version } })).body;
    expect(c.state).toBe('under_review');
    c = (await t.call('POST', `/api/cases/${id}/approve`, { token: cw, body: { version: c.version } })).body;
    expect(c.state).toBe('approved');
    c = (await t.call('POST', `/api/cases/${id}/issue`, { token: cw, body: { version: c.version } })).body;
    expect(c.state).toBe('issued');
    expect(c.objectionDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    mine = (await t.call('GET', `/api/my/cases/${id}`, { token: citizen })).body;
    expect(mine.decision.values.wohngeld_monat).toBeGreaterThan(0);
    expect(mine.decision.approvedBy).toEqual(['Sabine Sachbearbeiterin']);
    const obj = await t.call('POST', `/api/my/cases/${id}/objection`, { token: citizen, body: { version: mine.version, reason: 'Meine Miete ist höher als angesetzt, siehe Mietvertrag.' } });
    expect(obj.status).toBe(201);

    // The approver may not reassess her own decision; the team lead may.
    const own = await t.call('POST', `/api/cases/${id}/reassess`, { token: cw, body: { version: obj.body.version, result: 'upheld', reason: 'Die Berechnung ist richtig.' } });
    expect(own.status).toBe(403);
    const lead = await t.login('teamleitung');
    const changed = await t.call('POST', `/api/cases/${id}/reassess`, {
      token: lead,
      body: { version: obj.body.version, result: 'changed', reason: 'Widerspruch begründet: Mietvertrag belegt höhere Miete.', overrides: { wohngeld_monat: { value: 250, reason: 'Höhere Miete laut Mietvertrag vom 01.01.2025.' } } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.state).toBe('decision_changed');
    expect(changed.body.decision.values.wohngeld_monat).toBe(250);

    mine = (await t.call('GET', `/api/my/cases/${id}`, { token: citizen })).body;
    expect(mine.decision.values.wohngeld_monat).toBe(250);
    expect(mine.letters.some((l: { kind: string; text: string }) => l.kind === 'abhilfebescheid' && l.text.includes('Höhere Miete laut Mietvertrag'))).toBe(true);

    const history = (await t.call('GET', `/api/cases/${id}/history`, { token: lead })).body.items;
    const types = history.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['received', 'checked', 'request_documents', 'application_updated', 'document_added', 'complete', 'prepare_draft', 'submit_review', 'approve', 'issue', 'file_objection', 'reassess_changed']));
    for (const e of history) {
      expect(e.actor.name).toBeTruthy();
      expect(e.at).toBeTruthy();
    }
  });
});
