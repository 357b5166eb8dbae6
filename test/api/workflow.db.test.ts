import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultHash } from '../../src/engine/index.ts';
import { installedEngine } from '../../src/server/index.ts';
import { realEngineWithFallback } from './engine-double.ts';
import { PDF, STORES, eventually, multipart, startTestPlatform, type TestPlatform } from './helpers.ts';

describe.each(STORES)('workflow through the HTTP API (%s)', (kind) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform(kind, realEngineWithFallback(installedEngine()));
  });
  afterAll(async () => t?.close());

  it('Wohngeld: missing income → Nachforderung → completed → decided → draft → approved → issued → objection → changed by team lead', async () => {
    const member = (brutto?: string) => ({ id: 'p1', rolle: 'antragsteller', geburtsdatum: '1985-04-12', einkuenfte: [{ art: 'erwerb', ...(brutto ? { brutto_monat: brutto } : {}) }], abzuege_16: { steuern: true, kranken_pflege: true, rente: true } });
    const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [member()] };
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
    const ids = missing.map((m: { id: string }) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['$.haushaltsmitglieder[0].einkuenfte[0].brutto_monat', 'antrag', 'meldebestaetigung', 'iban', 'mietbescheinigung', 'mietzahlung', 'verdienst']));

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
      body: { version: mine.version, antrag: { ...antrag, haushaltsmitglieder: [member('1800.00')] } },
    });
    expect(put.status).toBe(200);
    for (const checklistId of ids.filter((i: string) => !i.startsWith('$'))) {
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
    expect(mine.decision.values.wohngeld_monat).toBe(169);
    expect(mine.decision.approvedBy).toEqual(['Sabine Sachbearbeiterin']);
    expect(resultHash(mine.decision)).toBe(mine.decision.receipt.resultHash);
    const obj = await t.call('POST', `/api/my/cases/${id}/objection`, { token: citizen, body: { version: mine.version, reason: 'Meine Miete ist höher als angesetzt, siehe Mietvertrag.' } });
    expect(obj.status).toBe(201);

    // The approver may not reassess her own decision; the team lead may.
    const own = await t.call('POST', `/api/cases/${id}/reassess`, { token: cw, body: { version: obj.body.version, result: 'upheld', reason: 'Die Berechnung ist richtig.' } });
    expect(own.status).toBe(403);
    const lead = await t.login('teamleitung');
    // An Abhilfe grants the objection (§ 72 VwGO): a result worse for the person is refused, and nothing is stored.
    const before = (await t.call('GET', `/api/cases/${id}`, { token: lead })).body;
    const worse = await t.call('POST', `/api/cases/${id}/reassess`, {
      token: lead,
      body: { version: obj.body.version, result: 'changed', reason: 'Neu berechnet.', overrides: { wohngeld_monat: { value: 100, reason: 'Geringerer Betrag.' } } },
    });
    expect(worse.status).toBe(409);
    expect(worse.body.error.message).toContain('monatliches Wohngeld: bisher 169 €, neu 100 €');
    expect(worse.body.error.problems[0].path).toBe('$.result');
    const after = (await t.call('GET', `/api/cases/${id}`, { token: lead })).body;
    expect(after).toEqual(before);
    const propose = (version: number) =>
      t.call('POST', `/api/cases/${id}/reassess`, {
        token: lead,
        body: { version, result: 'changed', reason: 'Widerspruch begründet: Mietvertrag belegt höhere Miete.', overrides: { wohngeld_monat: { value: 250, reason: 'Höhere Miete laut Mietvertrag vom 01.01.2025.' } } },
      });
    // An override needs two people (the municipality's four-eyes setting), in an Abhilfe too: the
    // change waits for a second person's approval, and until then the issued decision stands.
    let proposed = await propose(obj.body.version);
    expect(proposed.status).toBe(200);
    expect(proposed.body.state).toBe('abhilfe_review');
    expect(proposed.body.actions).toEqual(expect.arrayContaining(['approve_abhilfe', 'return_abhilfe']));
    expect(proposed.body.decision.values.wohngeld_monat).toBe(169);
    expect(proposed.body.overrides).toEqual({});
    expect(proposed.body.abhilfe).toMatchObject({ proposedByName: 'Tanja Teamleiterin', values: { wohngeld_monat: 250 }, overrides: { wohngeld_monat: { value: 250 } }, needed: 2 });
    mine = (await t.call('GET', `/api/my/cases/${id}`, { token: citizen })).body;
    expect(mine.decision.values.wohngeld_monat).toBe(169);
    expect(mine.letters.some((l: { kind: string }) => l.kind === 'abhilfebescheid')).toBe(false);
    // not by the person who proposed it
    const self = await t.call('POST', `/api/cases/${id}/approve-abhilfe`, { token: lead, body: { version: proposed.body.version } });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toContain('Vier-Augen-Prinzip');
    // returned: nothing of it applies, the objection is open again
    const second = await t.login('sachbearbeitung2');
    const back = await t.call('POST', `/api/cases/${id}/return-abhilfe`, { token: second, body: { version: proposed.body.version, reason: 'Mietvertrag liegt der Akte noch nicht bei.' } });
    expect(back.status).toBe(200);
    expect(back.body.state).toBe('objection_filed');
    expect(back.body.abhilfe).toBeNull();
    expect(back.body.decision.receipt.resultHash).toBe(before.decision.receipt.resultHash);
    proposed = await propose(back.body.version);
    expect(proposed.body.state).toBe('abhilfe_review');
    // the second person may have approved the contested decision: she checks the proposer's decision on the objection
    const changed = await t.call('POST', `/api/cases/${id}/approve-abhilfe`, { token: cw, body: { version: proposed.body.version } });
    expect(changed.status).toBe(200);
    expect(changed.body.state).toBe('decision_changed');
    expect(changed.body.abhilfe).toBeNull();
    expect(changed.body.decision.values.wohngeld_monat).toBe(250);
    expect(changed.body.decision.receipt.resultHash).toBe(proposed.body.abhilfe.resultHash);
    expect(changed.body.approvals.map((a: { name: string }) => a.name)).toEqual(['Tanja Teamleiterin', 'Sabine Sachbearbeiterin']);

    mine = (await t.call('GET', `/api/my/cases/${id}`, { token: citizen })).body;
    expect(mine.decision.values.wohngeld_monat).toBe(250);
    // what the portal hands out is the sealed decision: it recomputes to its receipt (overrides included)
    expect(mine.decision.overrides).toEqual([expect.objectContaining({ rule: 'wohngeld_monat', value: 250, by: 'Tanja Teamleiterin' })]);
    expect(resultHash(mine.decision)).toBe(mine.decision.receipt.resultHash);
    expect(mine.letters.some((l: { kind: string; text: string }) => l.kind === 'abhilfebescheid' && l.text.includes('Höhere Miete laut Mietvertrag'))).toBe(true);
    // the first Bescheid stays among the citizen's letters after the objection changed the decision
    expect(mine.letters.filter((l: { kind: string }) => l.kind === 'bescheid')).toHaveLength(1);

    const history = (await t.call('GET', `/api/cases/${id}/history`, { token: lead })).body.items;
    const types = history.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['received', 'checked', 'request_documents', 'application_updated', 'document_added', 'complete', 'prepare_draft', 'submit_review', 'approve', 'issue', 'file_objection', 'propose_abhilfe', 'return_abhilfe', 'approve_abhilfe']));
    for (const e of history) {
      expect(e.actor.name).toBeTruthy();
      expect(e.at).toBeTruthy();
    }
    // The whole walk is in the ledger, the changed decision and its approval included.
    await t.platform.ledger.catchUp();
    expect(await t.platform.ledger.verify()).toEqual([]);
    // The workflow's overrides column is what the next recomputation reads: changed against the sealed decision, it is a finding.
    const [row] = await t.db.query<{ overrides: object }>('SELECT overrides FROM cases WHERE id = $1', [id]);
    const tampered = async (set: string, expected: RegExp) => {
      await t.db.query(`UPDATE cases SET overrides = ${set} WHERE id = $1`, [id]);
      const findings = await t.platform.ledger.verify();
      await t.db.query('UPDATE cases SET overrides = $2::jsonb WHERE id = $1', [id, JSON.stringify(row!.overrides)]);
      expect(findings).toEqual([{ where: expect.stringContaining('Überschreibung wohngeld_monat'), message: expect.stringMatching(expected) }]);
    };
    await tampered(`jsonb_set(overrides, '{wohngeld_monat,value}', '400')`, /Wert 400, versiegelt 250/);
    await tampered(`jsonb_set(overrides, '{wohngeld_monat,reason}', '"Anders begründet."')`, /Begründung wurde verändert/);
    await tampered(`jsonb_set(overrides, '{wohngeld_monat,by}', '"Sven Sachbearbeiter"')`, /von Sven Sachbearbeiter, versiegelt Tanja Teamleiterin/);
    await tampered(`'{}'::jsonb`, /fehlt aber in der Datenbank/);
    expect(await t.platform.ledger.verify()).toEqual([]);
  });

  it('one application sent five times at once under one idempotency key is stored once; a refused application uses up no Aktenzeichen', async () => {
    const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '480.00', haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', geburtsdatum: '1970-01-01', einkuenfte: [{ art: 'erwerb', brutto_monat: '1600.00' }], abzuege_16: { steuern: true, kranken_pflege: true, rente: true } }] };
    const count = async () => Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases'))[0]!.n);
    const before = await count();
    const send = () => t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Paula Parallel' }, antrag }, headers: { 'idempotency-key': `parallel-${kind}-0001` } });
    const answers = await Promise.all(Array.from({ length: 5 }, send));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.caseId)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.aktenzeichen)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
    // every repeat gets the access code and login link back, though the kept answer holds them only encrypted
    expect(new Set(answers.map((a) => a.body.accessCode)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.loginToken)).size).toBe(1);
    const [kept] = await t.db.query<{ response: Record<string, unknown> }>('SELECT response FROM idempotency_keys WHERE key = $1', [`parallel-${kind}-0001`]);
    expect(kept!.response).not.toHaveProperty('accessCode');
    expect(kept!.response).not.toHaveProperty('loginToken');
    expect(JSON.stringify(kept!.response)).not.toContain(String(answers[0]!.body.accessCode));
    expect(kept!.response.sealedSecrets).toEqual(expect.any(String));
    expect(await count()).toBe(before + 1);
    const events = await t.db.query<{ type: string }>('SELECT type FROM case_events WHERE case_id = $1 ORDER BY id', [answers[0]!.body.caseId]);
    expect(events.map((e) => e.type)).toEqual(['received', 'checked']);

    // Aktenzeichen are drawn when a case is stored: a refused application leaves no gap.
    const serial = (az: string) => Number(az.slice(-6));
    const first = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Anna Erst' }, antrag } });
    const refused = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Bert Falsch' }, antrag: { ...antrag, mietenstufe: 8 } } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/mietenstufe/);
    const next = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Cora Dann' }, antrag } });
    expect(serial(next.body.aktenzeichen)).toBe(serial(first.body.aktenzeichen) + 1);
  });

  it('Kita hardship (§ 6 Satzung): needs a named person with a reason before approval; objection changed by the team lead', async () => {
    const antrag = { stichtag: '2025-09-01', kind: { vorname: 'Lina', geburtsdatum: '2021-01-01', betreuungsstunden_woche: 35 }, einkuenfte_eltern_vorjahr: '45000', haertefallantrag: true };
    const sub = await t.call('POST', '/api/applications', { body: { packId: 'kita-beitrag', applicant: { name: 'Familie Kaya' }, antrag } });
    expect(sub.status).toBe(201);
    const id = sub.body.caseId as string;
    const citizen = await t.citizenLogin(sub.body.aktenzeichen, sub.body.accessCode);
    const kita = await t.login('kita');
    let c = (await t.call('GET', `/api/cases/${id}`, { token: kita })).body;
    expect(c.outcome).toBe('needs_human');
    const point = c.decision.discretion[0];
    const option = (id: string) => point.options.find((o: { id: string }) => o.id === id).id as string;
    expect(point.norm).toContain('§ 6');
    // Documents for the hardship, then no approval without the human decision.
    const missing = (await t.call('GET', `/api/cases/${id}/missing`, { token: kita })).body.items.filter((m: { kind: string }) => m.kind === 'document');
    for (const m of missing) {
      const mp = multipart({ checklistId: m.id }, { name: 'nachweis.pdf', type: 'application/pdf', content: PDF });
      expect((await t.call('POST', `/api/my/cases/${id}/documents`, { token: citizen, payload: mp.payload, headers: mp.headers })).status).toBe(201);
    }
    expect((await t.call('POST', `/api/cases/${id}/submit-review`, { token: kita, body: { version: c.version } })).status).toBe(409);
    const noReason = await t.call('POST', `/api/cases/${id}/discretion`, { token: kita, body: { version: c.version, point: point.point, option: option('teilerlass'), reason: 'ok' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.problems[0].path).toBe('$.reason');
    const decided = await t.call('POST', `/api/cases/${id}/discretion`, {
      token: kita,
      body: { version: c.version, point: point.point, option: option('teilerlass'), reason: 'Pflege der Großmutter und Kreditraten belegt; unzumutbare Belastung.' },
    });
    expect(decided.status).toBe(200);
    expect(decided.body.outcome).toBe('decided');
    expect(decided.body.discretion[point.point].by).toBe('Karl Kita-Sachbearbeiter');
    expect(decided.body.decision.values.beitrag_monat).toBe('60.00');
    c = await eventually(async () => {
      const r = (await t.call('GET', `/api/cases/${id}`, { token: kita })).body;
      return r.state === 'draft_prepared' ? r : null;
    });
    const draft = (await t.call('GET', `/api/cases/${id}/drafts`, { token: kita })).body.items.find((d: { kind: string }) => d.kind === 'bescheid');
    expect(draft.text).toContain('Pflege der Großmutter');
    c = (await t.call('POST', `/api/cases/${id}/submit-review`, { token: kita, body: { version: c.version } })).body;
    c = (await t.call('POST', `/api/cases/${id}/approve`, { token: kita, body: { version: c.version } })).body;
    expect(c.state).toBe('approved');
    c = (await t.call('POST', `/api/cases/${id}/issue`, { token: kita, body: { version: c.version } })).body;
    expect(c.state).toBe('issued');
    const mine = (await t.call('GET', `/api/my/cases/${id}`, { token: citizen })).body;
    expect(mine.decision.discretionDecisions[point.point].reason).toContain('Pflege');
    const obj = await t.call('POST', `/api/my/cases/${id}/objection`, { token: citizen, body: { version: mine.version, reason: 'Die Belastung ist so hoch, dass ein voller Erlass nötig ist.' } });
    expect(obj.status).toBe(201);
    const lead = await t.login('kita-leitung');
    const changed = await t.call('POST', `/api/cases/${id}/reassess`, {
      token: lead,
      body: { version: obj.body.version, result: 'changed', reason: 'Nachgewiesene Pflegekosten rechtfertigen den vollen Erlass.', discretion: { [point.point]: { option: option('voller_erlass'), reason: 'Voller Erlass wegen nachgewiesener Pflegekosten.' } } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.state).toBe('decision_changed');
    expect(changed.body.discretion[point.point].by).toBe('Katrin Kita-Teamleiterin');
    expect(changed.body.decision.values.beitrag_monat).toBe('0.00');
    // a discretion decision changed in the workflow's column behind the sealed decision's back is a finding
    await t.platform.ledger.catchUp();
    expect(await t.platform.ledger.verify()).toEqual([]);
    await t.db.query(`UPDATE cases SET discretion = jsonb_set(discretion, ARRAY[$2::text, 'option'], '"teilerlass"') WHERE id = $1`, [id, point.point]);
    const findings = await t.platform.ledger.verify();
    await t.db.query(`UPDATE cases SET discretion = jsonb_set(discretion, ARRAY[$2::text, 'option'], to_jsonb($3::text)) WHERE id = $1`, [id, point.point, option('voller_erlass')]);
    expect(findings).toEqual([{ where: expect.stringContaining(`Ermessensentscheidung ${point.point}`), message: expect.stringMatching(/Wert "teilerlass", versiegelt "voller_erlass"/) }]);
    expect(await t.platform.ledger.verify()).toEqual([]);
  });

  it('four-eyes for refusals, optimistic locking, late objections and wrong steps', async () => {
    const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '600.00', haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', geburtsdatum: '1970-01-01', einkuenfte: [{ art: 'erwerb', brutto_monat: '4000.00' }], abzuege_16: { steuern: true, kranken_pflege: true, rente: true } }] };
    const sub = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Max Mustermann' }, antrag } });
    const id = sub.body.caseId as string;
    const cw = await t.login('sachbearbeitung');
    const cw2 = await t.login('sachbearbeitung2');
    let c = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
    const missing = (await t.call('GET', `/api/cases/${id}/missing`, { token: cw })).body.items;
    for (const m of missing) {
      const mp = multipart({ checklistId: m.id }, { name: 'n.pdf', type: 'application/pdf', content: PDF });
      expect((await t.call('POST', `/api/cases/${id}/documents`, { token: cw, payload: mp.payload, headers: mp.headers })).status).toBe(201);
    }
    c = (await t.call('POST', `/api/cases/${id}/check`, { token: cw, body: { version: c.version } })).body;
    expect(c.decision.values.wohngeld_monat).toBe(0);
    c = await eventually(async () => {
      const r = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
      return r.state === 'draft_prepared' ? r : null;
    });
    c = (await t.call('POST', `/api/cases/${id}/submit-review`, { token: cw, body: { version: c.version } })).body;
    expect(c.requiredApprovals).toBe(2);
    // Two people at once: one wins, the other gets a 409 in German.
    const [a, b] = await Promise.all([
      t.call('POST', `/api/cases/${id}/approve`, { token: cw, body: { version: c.version } }),
      t.call('POST', `/api/cases/${id}/approve`, { token: cw2, body: { version: c.version } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.message).toContain('inzwischen von jemand anderem geändert');
    const winner = a.status === 200 ? a : b;
    expect(winner.body.state).toBe('under_review');
    // The same person cannot give the second approval.
    const again = await t.call('POST', `/api/cases/${id}/approve`, { token: winner === a ? cw : cw2, body: { version: winner.body.version } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('Vier-Augen');
    const second = await t.call('POST', `/api/cases/${id}/approve`, { token: winner === a ? cw2 : cw, body: { version: winner.body.version } });
    expect(second.body.state).toBe('approved');
    expect(second.body.approvals).toHaveLength(2);
    // A wrong step: issuing twice.
    const issued = await t.call('POST', `/api/cases/${id}/issue`, { token: cw, body: { version: second.body.version } });
    const twice = await t.call('POST', `/api/cases/${id}/issue`, { token: cw, body: { version: issued.body.version } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('nicht möglich');
    // Past the objection deadline.
    await t.db.query("UPDATE cases SET objection_due = '2020-01-01' WHERE id = $1", [id]);
    const citizen = await t.citizenLogin(sub.body.aktenzeichen, sub.body.accessCode);
    const late = await t.call('POST', `/api/my/cases/${id}/objection`, { token: citizen, body: { version: issued.body.version, reason: 'Ich bin mit dem Bescheid nicht einverstanden.' } });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('Widerspruchsfrist');
  });

  it('no decision reaches a citizen without a named approver unless fully automated decisions are enabled for a pack without discretion', async () => {
    const admin = await t.login('admin');
    const refused = await t.call('PUT', '/api/admin/settings', { token: admin, body: { automatedDecisions: { 'kita-beitrag': { enabled: true, legalBasis: '§ 31a SGB X' } } } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('Ermessen');
    const before = await t.call('POST', '/api/applications', { body: { packId: 'gebuehr', applicant: { name: 'A' }, antrag: { stichtag: '2025-01-01' } } });
    await new Promise((r) => setTimeout(r, 1500));
    const c1 = (await t.db.query<{ state: string }>('SELECT state FROM cases WHERE id = $1', [before.body.caseId]))[0]!;
    expect(c1.state).toBe('draft_prepared'); // off by default: waits for a person
    const on = await t.call('PUT', '/api/admin/settings', { token: admin, body: { automatedDecisions: { gebuehr: { enabled: true, legalBasis: '§ 35a VwVfG i. V. m. Gebührensatzung § 4' } } } });
    expect(on.status).toBe(200);
    const sub = await t.call('POST', '/api/applications', { body: { packId: 'gebuehr', applicant: { name: 'B' }, antrag: { stichtag: '2025-01-01' } } });
    const citizen = await t.citizenLogin(sub.body.aktenzeichen, sub.body.accessCode);
    const mine = await eventually(async () => {
      const r = (await t.call('GET', `/api/my/cases/${sub.body.caseId}`, { token: citizen })).body;
      return r.state === 'issued' ? r : null;
    });
    expect(mine.decision.approvedBy).toEqual(['vollautomatisiert']);
    const events = await t.db.query<{ type: string; data: { legalBasis?: string } }>("SELECT type, data FROM case_events WHERE case_id = $1 AND type = 'issue'", [sub.body.caseId]);
    expect(events[0]!.data.legalBasis).toContain('§ 35a VwVfG');
    await t.call('PUT', '/api/admin/settings', { token: admin, body: { automatedDecisions: { gebuehr: { enabled: false, legalBasis: '-----' } } } });
  });

  it('the municipality’s own model server for drafts: checked when set, the key only by the name of its environment variable, removed with null', async () => {
    const admin = await t.login('admin');
    const put = (model: unknown) => t.call('PUT', '/api/admin/settings', { token: admin, body: { drafting: { model } } });
    const badUrl = await put({ baseUrl: 'ftp://modelle', model: 'm' });
    expect(badUrl.status).toBe(400);
    expect(JSON.stringify(badUrl.body.error)).toContain('$.drafting.model.baseUrl');
    const badEnv = await put({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKeyEnv: 'geheim123' });
    expect(badEnv.status).toBe(400);
    expect(JSON.stringify(badEnv.body.error)).toContain('apiKeyEnv');
    expect((await put({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm', apiKey: 'sk-123' })).status).toBe(400);
    const ok = await put({ baseUrl: 'http://127.0.0.1:9/v1', model: 'kommune-modell', apiKeyEnv: 'MODELL_SCHLUESSEL', allowedDataClasses: ['pseudonymisiert'] });
    expect(ok.status).toBe(200);
    expect(ok.body.drafting.model).toEqual({ baseUrl: 'http://127.0.0.1:9/v1', model: 'kommune-modell', apiKeyEnv: 'MODELL_SCHLUESSEL', allowedDataClasses: ['pseudonymisiert'] });
    // Other settings leave it alone; null removes it.
    expect((await t.call('PUT', '/api/admin/settings', { token: admin, body: { reminderDays: 10 } })).body.drafting.model.model).toBe('kommune-modell');
    const off = await put(null);
    expect(off.status).toBe(200);
    expect(off.body.drafting).toBeUndefined();
  });
});
