import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TracedDecision } from '../../src/cases/index.ts';
import { installedEngine } from '../../src/server/index.ts';
import { realEngineWithFallback } from './engine-double.ts';
import { STORES, startTestPlatform, type TestPlatform } from './helpers.ts';

// A submission stores its decision without the Rechenweg; whoever looks at it gets the trace the
// engine computes again from the sealed application, checked against the stored receipt.
describe.each(STORES)('the Rechenweg of a submitted application (%s)', (kind) => {
  let t: TestPlatform;
  const engine = installedEngine();
  beforeAll(async () => {
    t = await startTestPlatform(kind, realEngineWithFallback(engine));
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  const member = (brutto?: string) => ({ id: 'p1', rolle: 'antragsteller', geburtsdatum: '1979-11-23', einkuenfte: [{ art: 'erwerb', ...(brutto ? { brutto_monat: brutto } : {}) }], abzuege_16: { steuern: true, kranken_pflege: true, rente: true } });
  const antrag = (brutto?: string) => ({ stichtag: '2025-03-01', mietenstufe: 4, miete_monat: '585.00', haushaltsmitglieder: [member(brutto)] });
  const submit = async (a: object) => {
    const sub = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'Rita Rechenweg' }, antrag: a } });
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    return sub.body as { caseId: string; aktenzeichen: string; accessCode: string };
  };
  const storedDecision = async (id: string) => {
    const [row] = await t.db.query<{ d: string }>('SELECT decision::text AS d FROM cases WHERE id = $1', [id]);
    return { text: row!.d, decision: JSON.parse(row!.d) as Record<string, unknown> & { packVersion: string; receipt: unknown } };
  };
  const accessLog = async (id: string) => (await t.call('GET', `/api/dpo/access-log?caseId=${id}&pageSize=200`, { token: await t.login('datenschutz') })).body.items as { purpose: string; actorKind: string }[];

  it('keeps the facts out of the decision row; caseworker, explanation and auditor get the engine\'s Rechenweg, each read recorded', async () => {
    const a = antrag('1720.00');
    const { caseId: id } = await submit(a);
    const stored = await storedDecision(id);
    expect(stored.decision.trace).toBeUndefined();
    expect(stored.text).not.toContain('1979-11-23');
    expect(stored.text).not.toContain('1720');
    const expected = engine.decide('wohngeld', stored.decision.packVersion, a, { trace: true }) as TracedDecision;
    expect(expected.trace.length).toBeGreaterThan(10);

    const cw = await t.login('sachbearbeitung');
    const before = (await accessLog(id)).length;
    const c = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
    expect(c.decision.trace).toEqual(expected.trace);
    expect(c.decision.receipt).toEqual(stored.decision.receipt);
    expect(JSON.stringify(c.decision.trace)).toContain('"brutto_monat":"1720"'); // the application's facts
    let log = await accessLog(id);
    expect(log.length).toBe(before + 1);
    expect(log[0]!.purpose).toContain('Rechenweg');

    const ex = await t.call('GET', `/api/cases/${id}/explanation?level=rechenweg`, { token: cw });
    expect(ex.status, JSON.stringify(ex.body)).toBe(200);
    expect(JSON.stringify(ex.body)).toContain('1.720'); // the income, from the recomputed trace
    log = await accessLog(id);
    expect(log.length).toBe(before + 2);
    expect(log[0]!.purpose).toContain('Erklärung');

    const audit = await t.call('GET', `/api/audit/cases/${id}`, { token: await t.login('pruefung') });
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    expect(audit.body.decision.trace.map((s: { rule: string }) => s.rule)).toEqual(expected.trace.map((s) => (s as { rule: string }).rule));
    expect(JSON.stringify(audit.body)).not.toContain('"brutto_monat":"1720"');
    log = await accessLog(id);
    expect(log.length).toBe(before + 3);
    expect(log[0]!.purpose, JSON.stringify(log[0])).toContain('Prüfung');
  });

  it('gives the workbench the case and its explanation from one read of the Rechenweg: one access record, the same explanation as the endpoint', async () => {
    const { caseId: id } = await submit(antrag('1810.00'));
    const cw = await t.login('sachbearbeitung');
    const before = (await accessLog(id)).length;
    const both = await t.call('GET', `/api/cases/${id}?explain=rechenweg`, { token: cw });
    expect(both.status, JSON.stringify(both.body)).toBe(200);
    const log = await accessLog(id);
    expect(log.length).toBe(before + 1);
    expect(log[0]!.purpose).toBe('Fallbearbeitung (Rechenweg und Erklärung ansehen)');
    const alone = await t.call('GET', `/api/cases/${id}/explanation?level=rechenweg`, { token: cw });
    expect(both.body.explanation).toEqual(alone.body);
    expect(both.body.explanation.audience).toBe('caseworker');
    expect(both.body.decision.trace.length).toBeGreaterThan(10);
    const short = await t.call('GET', `/api/cases/${id}?explain=kurz`, { token: cw });
    expect(short.body.explanation).toEqual((await t.call('GET', `/api/cases/${id}/explanation?level=kurz`, { token: cw })).body);
    // without the option the view is as before, with no explanation
    expect((await t.call('GET', `/api/cases/${id}`, { token: cw })).body).not.toHaveProperty('explanation');
    const bad = await t.call('GET', `/api/cases/${id}?explain=alles`, { token: cw });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('explain');
  });

  it('shows no Rechenweg that no longer leads to the stored decision: the case stays open with the reason, the explanation is refused, nothing changes', async () => {
    const { caseId: id } = await submit(antrag('1650.00'));
    await t.db.query(`UPDATE cases SET decision = jsonb_set(decision::jsonb, '{receipt,resultHash}', '"sha256:${'0'.repeat(64)}"')::json WHERE id = $1`, [id]);
    const before = await t.db.query('SELECT * FROM cases WHERE id = $1', [id]);
    const cw = await t.login('sachbearbeitung');
    const c = await t.call('GET', `/api/cases/${id}`, { token: cw });
    expect(c.status).toBe(200);
    expect(c.body.decision.trace).toBeUndefined();
    expect(c.body.decision.rechenwegProblem.message).toMatch(/Rechenweg lässt sich nicht nachrechnen/);
    expect(c.body.decision.rechenwegProblem.problems[0].path).toBe('$.decision.receipt');
    const withExplanation = await t.call('GET', `/api/cases/${id}?explain=rechenweg`, { token: cw });
    expect(withExplanation.status).toBe(200);
    expect(withExplanation.body.explanation).toBeNull();
    expect(withExplanation.body.decision.rechenwegProblem.problems[0].path).toBe('$.decision.receipt');
    const ex = await t.call('GET', `/api/cases/${id}/explanation`, { token: cw });
    expect(ex.status).toBe(409);
    expect(ex.body.error.message).toMatch(/Rechenweg lässt sich nicht nachrechnen/);
    expect(JSON.stringify(ex.body)).toContain('$.decision.receipt');
    expect(await t.db.query('SELECT * FROM cases WHERE id = $1', [id])).toEqual(before);
  });

  it('names a pack release that is no longer installed instead of a Rechenweg', async () => {
    const { caseId: id } = await submit(antrag('1650.00'));
    await t.db.query(`UPDATE cases SET decision = jsonb_set(decision::jsonb, '{packVersion}', '"1999.1"')::json WHERE id = $1`, [id]);
    const cw = await t.login('sachbearbeitung');
    const c = await t.call('GET', `/api/cases/${id}`, { token: cw });
    expect(c.status).toBe(200);
    expect(c.body.decision.rechenwegProblem.message).toContain('1999.1');
    expect(c.body.decision.rechenwegProblem.problems[0].path).toBe('$.decision.packVersion');
    expect((await t.call('GET', `/api/cases/${id}/explanation`, { token: cw })).status).toBe(409);
  });

  it('a correction during a Nachforderung keeps the Rechenweg of the application the decision was made on', async () => {
    const first = antrag();
    const sub = await submit(first);
    const id = sub.caseId;
    const cw = await t.login('sachbearbeitung');
    const c = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
    expect(c.outcome).toBe('missing_inputs');
    const req = await t.call('POST', `/api/cases/${id}/request-documents`, { token: cw, body: { version: c.version } });
    expect(req.status, JSON.stringify(req.body)).toBe(200);
    const citizen = await t.citizenLogin(sub.aktenzeichen, sub.accessCode);
    const put = await t.call('PUT', `/api/my/cases/${id}/application`, { token: citizen, body: { version: req.body.version, antrag: antrag('1800.00') } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    // Not yet decided towards the citizen: no explanation, and nothing read for it.
    const early = await t.call('GET', `/api/my/cases/${id}/explanation`, { token: citizen });
    expect(early.status).toBe(409);
    expect((await accessLog(id)).some((e) => e.purpose.includes('Erklärung'))).toBe(false);
    const stored = await storedDecision(id);
    expect(Array.isArray(stored.decision.trace)).toBe(true); // kept: the application it was made on is gone
    const after = (await t.call('GET', `/api/cases/${id}`, { token: cw })).body;
    expect(after.state).toBe('documents_requested');
    expect(after.decision.outcome).toBe('missing_inputs');
    expect(after.decision.trace).toEqual(engine.decide('wohngeld', stored.decision.packVersion, first, { trace: true }).trace);
  });
});
