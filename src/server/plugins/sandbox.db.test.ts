import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxResetSchedule } from '../../jobs/index.ts';
import { loadInstalledPacks } from '../../pack-files/index.ts';
import { SandboxService } from '../../participation/index.ts';
import { seedTenant } from '../../seed/index.ts';
import { sandboxStore } from '../../store/index.ts';
import { engineDouble } from '../../../test/api/engine-double.ts';
import { STORES, eventually, startTestPlatform, type TestPlatform } from '../../../test/api/helpers.ts';

const SECRET_NAME = 'Geheimrat Realperson';
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe.each(STORES)('the experimentation space (%s)', (kind) => {
  let t: TestPlatform;
  let session: string;
  const real: { caseId: string; aktenzeichen: string; accessCode: string; citizenToken: string }[] = [];
  const secrets = () => [SECRET_NAME, ...real.flatMap((r) => [r.caseId, r.aktenzeichen, r.accessCode])];
  const noLeak = (body: unknown) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    for (const s of secrets()) expect(text, `leaks ${s}`).not.toContain(s);
  };

  beforeAll(async () => {
    t = await startTestPlatform(kind, engineDouble());
    await seedTenant(t.db, 'nachbarstadt', 'Nachbarstadt');
    // Real cases with personal data, in two municipalities: none of it may ever show in the sandbox.
    for (const gemeinde of ['musterstadt', 'nachbarstadt']) {
      const sub = await t.call('POST', '/api/applications', {
        headers: { 'x-gemeinde': gemeinde },
        body: { packId: 'wohngeld', applicant: { name: SECRET_NAME, anschrift: 'Geheimweg 7, 12345 Musterstadt' }, antrag: { stichtag: '2025-03-01', miete_monat: '600.00', haushaltsmitglieder: [{ id: 'p1', einkuenfte: [{ art: 'erwerb', brutto_monat: '900.00' }] }] } },
      });
      expect(sub.status).toBe(201);
      real.push({ caseId: sub.body.caseId, aktenzeichen: sub.body.aktenzeichen, accessCode: sub.body.accessCode, citizenToken: await t.citizenLogin(sub.body.aktenzeichen, sub.body.accessCode, gemeinde) });
    }
    const s = await t.call('POST', '/api/sandbox/sessions', { body: {} });
    expect(s.status).toBe(201);
    session = s.body.sessionId;
  });
  afterAll(async () => t?.close());

  it('is labelled as a practice space with synthetic data only, and offers the day’s cases', async () => {
    const info = await t.call('GET', '/api/sandbox');
    expect(info.status).toBe(200);
    expect(info.headers['x-amtsklar-umgebung']).toBe('uebung; keine echten Daten');
    expect(info.body).toMatchObject({ tenant: 'experimentierraum', label: 'Übungsumgebung – keine echten Daten', day: new Date().toISOString().slice(0, 10), kiosk: { idleSeconds: 180, warningSeconds: 30 } });
    const cases = (await t.call('GET', '/api/sandbox/cases')).body.items as { no: number; packId: string; purpose: string; outcome: string; label: string }[];
    expect(cases).toHaveLength(12);
    const expected = { decided: 'decided', discretion: 'needs_human', missing: 'missing_inputs' } as Record<string, string>;
    for (const c of cases) {
      expect(c.outcome, c.label).toBe(expected[c.purpose]);
      expect(c.label).toMatch(/^Übungsfall \d+: (Wohngeld|Kita-Beitrag) · /);
    }
    expect(new Set(cases.map((c) => `${c.packId}:${c.purpose}`)).size).toBe(6);
  });

  it('caseworker’s desk: explanations at every level, a discretion decision, the draft, and the fact gate catching the planted error', async () => {
    const cases = (await t.call('GET', '/api/sandbox/cases')).body.items as { no: number; packId: string; purpose: string }[];
    const no = cases.find((c) => c.packId === 'wohngeld' && c.purpose === 'discretion')!.no;
    const base = `/api/sandbox/sessions/${session}/cases/${no}`;
    const levels: Record<string, unknown> = {};
    for (const audience of ['citizen', 'caseworker', 'auditor']) {
      const v = await t.call('GET', `${base}?audience=${audience}`);
      expect(v.status).toBe(200);
      expect(v.body.explanation.audience).toBe(audience);
      levels[audience] = v.body.explanation;
    }
    expect(JSON.stringify(levels.citizen)).not.toBe(JSON.stringify(levels.auditor));
    const open = (await t.call('GET', `${base}?audience=caseworker`)).body;
    expect(open.outcome).toBe('needs_human');
    const point = open.openDiscretion[0];
    expect(point.options.length).toBeGreaterThan(1);
    expect((await t.call('POST', `${base}/draft`, { body: {} })).status).toBe(409);

    const pii = await t.call('POST', `${base}/discretion`, { body: { point: point.point, option: point.options[0].id, reason: 'Laut Herrn Meier, Tel. 0151 23456789, reicht das Ersparte.' } });
    expect(pii.status).toBe(400);
    expect(pii.body.error.message).toMatch(/keine echten persönlichen Daten ein \(erkannt: .*Telefonnummer/);
    expect((await t.call('POST', `${base}/discretion`, { body: { point: point.point, option: 'gibtsnicht', reason: 'Ersparnisse decken den Bedarf.' } })).body.error.problems[0].path).toBe('$.option');
    const decided = await t.call('POST', `${base}/discretion`, { body: { point: point.point, option: point.options[0].id, reason: 'Ersparnisse decken den Lebensunterhalt.', audience: 'caseworker' } });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.outcome).toBe('decided');
    expect(decided.body.decidedDiscretion).toEqual([expect.objectContaining({ point: point.point, reason: 'Ersparnisse decken den Lebensunterhalt.' })]);

    const draft = await t.call('POST', `${base}/draft`, { body: {} });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect(draft.body.gate.passed).toBe(true);
    expect(draft.body.text).toContain('Experimentierraum (Übungsbehörde)');
    expect(draft.body.text).toContain('Ersparnisse decken den Lebensunterhalt.');
    const planted = await t.call('POST', `${base}/draft`, { body: { planted: true } });
    expect(planted.body.planted).toMatchObject({ section: 'tenor' });
    expect(planted.body.gate.passed).toBe(false);
    expect(planted.body.gate.findings.some((f: { found: string | null }) => f.found?.includes(planted.body.planted.to))).toBe(true);
    // A person's own edit is checked the same way; personal data in it is refused.
    const amount = Number(decided.body.mainValue);
    const edit = await t.call('POST', `${base}/draft`, { body: { edits: [{ section: 'tenor', text: `Ihnen wird Wohngeld in Höhe von monatlich ${amount + 3},00 € bewilligt.` }] } });
    expect(edit.body.gate.passed).toBe(false);
    const editPii = await t.call('POST', `${base}/draft`, { body: { edits: [{ section: 'tenor', text: 'Sehr geehrte Frau Beispiel, Ihre IBAN DE89370400440532013000 ist vermerkt.' }] } });
    expect(editPii.status).toBe(400);
    // Starting over with the case.
    expect((await t.call('POST', `${base}/reset`)).body.outcome).toBe('needs_human');
  });

  it('calculators with what-if for Wohngeld and Kita; every pool case can be loaded; names, Aktenzeichen and other fields are refused', async () => {
    const cases = (await t.call('GET', '/api/sandbox/cases')).body.items as { no: number; packId: string }[];
    for (const c of cases) {
      const v = (await t.call('GET', `/api/sandbox/sessions/${session}/cases/${c.no}`)).body;
      const calc = await t.call('POST', '/api/sandbox/calculate', { body: { packId: c.packId, antrag: v.application, audience: 'auditor' } });
      expect(calc.status, `${c.no}: ${JSON.stringify(calc.body)}`).toBe(200);
      expect(calc.body).toMatchObject({ label: 'Übungsumgebung – keine echten Daten', audience: 'auditor' });
    }
    const wg = (await t.call('GET', `/api/sandbox/sessions/${session}/cases/${cases.find((c) => c.packId === 'wohngeld')!.no}`)).body.application;
    const members = wg.haushaltsmitglieder as { einkuenfte?: unknown[] }[];
    const k = members.findIndex((m) => (m.einkuenfte?.length ?? 0) > 0);
    const w = await t.call('POST', '/api/sandbox/what-if', { body: { packId: 'wohngeld', antrag: wg, path: `$.haushaltsmitglieder[${k}].einkuenfte[0].brutto_monat`, change: 'claim' } });
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    expect(w.body.sentences.length).toBeGreaterThan(0);
    const kita = (await t.call('GET', `/api/sandbox/sessions/${session}/cases/${cases.find((c) => c.packId === 'kita-beitrag')!.no}`)).body.application;
    expect((await t.call('POST', '/api/sandbox/what-if', { body: { packId: 'kita-beitrag', antrag: kita, path: '$.einkuenfte_eltern_vorjahr', change: 'value' } })).status).toBe(200);

    const refused = async (antrag: object, path: string) => {
      const r = await t.call('POST', '/api/sandbox/calculate', { body: { packId: 'wohngeld', antrag } });
      expect(r.status, path).toBe(400);
      expect(r.body.error.problems.map((p: { path: string }) => p.path)).toContain(path);
      noLeak(r.body);
    };
    await refused({ ...wg, personalien: { vorname: 'Erika', nachname: 'Mustermann' } }, '$.antrag.personalien');
    await refused({ ...wg, aktenzeichen: real[0]!.aktenzeichen }, '$.antrag.aktenzeichen');
    await refused({ ...wg, antragsteller: SECRET_NAME }, '$.antrag.antragsteller');
    const kitaName = await t.call('POST', '/api/sandbox/calculate', { body: { packId: 'kita-beitrag', antrag: { ...kita, kind: { ...kita.kind, vorname: 'Lea' } } } });
    expect(kitaName.body.error.problems.map((p: { path: string }) => p.path)).toEqual(['$.antrag.kind.vorname']);
    expect((await t.call('POST', '/api/sandbox/calculate', { body: { packId: 'gebuehr', antrag: wg } })).status).toBe(400);
  });

  it('the assistant can be tried; personal data typed in is refused; questions about a real case get no data', async () => {
    const ok = await t.call('POST', '/api/sandbox/chat', { body: { message: 'Was kostet ein Personalausweis?' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.label).toBe('Übungsumgebung – keine echten Daten');
    expect(ok.body.response.disclosure.text).toMatch(/automatischen Assistenten/);
    expect(JSON.stringify(ok.body.response)).toMatch(/Personalausweis/);
    const pii = await t.call('POST', '/api/sandbox/chat', { body: { message: 'Meine Steuer-ID ist 86095742719, bekomme ich Wohngeld?' } });
    expect(pii.status).toBe(400);
    expect(pii.body.error.message).toMatch(/Steuer-Identifikationsnummer/);
    const probe = await t.call('POST', '/api/sandbox/chat', { body: { message: `Wie ist der Stand meines Antrags ${real[0]!.aktenzeichen}?` } });
    expect(probe.status).toBe(200);
    expect(probe.body.response.mode).toBe('handover');
    noLeak({ ...probe.body, response: { ...probe.body.response, answer: null } });
    expect(JSON.stringify(probe.body)).not.toContain(SECRET_NAME);
  });

  it('no real case or personal data is reachable from the sandbox (tested by trying)', async () => {
    const ids = [...real.map((r) => r.caseId), ...(await t.db.query<{ id: string }>('SELECT id FROM users')).map((u) => String(u.id)), ...(await t.db.query<{ id: string }>('SELECT id FROM citizens')).map((u) => String(u.id))];
    // Real ids where a session belongs: nothing.
    for (const id of ids) {
      const r = await t.call('GET', `/api/sandbox/sessions/${id}/cases/1`);
      expect(r.status).toBe(404);
      noLeak(r.body);
      expect((await t.call('DELETE', `/api/sandbox/sessions/${id}`)).status).toBe(404);
    }
    // Real case ids where a practice case number belongs: refused; guessing numbers beyond the pool: nothing.
    for (const id of real.map((r) => r.caseId)) expect((await t.call('GET', `/api/sandbox/sessions/${session}/cases/${id}`)).status).toBe(400);
    for (const no of [0, 13, 14, 99, 500, 999, 1000, -1]) {
      const r = await t.call('GET', `/api/sandbox/sessions/${session}/cases/${no}`);
      expect([400, 404]).toContain(r.status);
    }
    // Other tenants, by header or query: the space has no tenant switch.
    const other = await t.call('GET', `/api/sandbox/cases`, { headers: { 'x-gemeinde': 'nachbarstadt' } });
    expect(other.status).toBe(200);
    noLeak(other.body);
    const byQuery = await t.call('GET', '/api/sandbox/cases?gemeinde=nachbarstadt');
    expect(byQuery.body).toEqual(other.body);
    expect(other.body).toEqual((await t.call('GET', '/api/sandbox/cases')).body);
    // A sandbox session is no login: it opens no case, no citizen portal, no administration.
    for (const url of ['/api/cases', `/api/cases/${real[0]!.caseId}`, '/api/my/cases', '/api/admin/users', '/api/dpo/access-log', '/api/audit/decisions', '/api/governance/register']) {
      expect((await t.call('GET', url, { token: session })).status, url).toBe(401);
      expect((await t.call('GET', url, { headers: { cookie: `amtsklar_sid=${session}` } })).status, url).toBe(401);
    }
    expect((await t.call('POST', '/api/sandbox/reset')).status).toBe(401);
    expect((await t.call('POST', '/api/sandbox/reset', { token: real[0]!.citizenToken })).status).toBe(403);
    // Every sandbox route, with real ids and personal data put into every parameter and body: no leak, no 5xx.
    const routes = t.platform.app!.routeTable.filter((r) => r.url.startsWith('/api/sandbox'));
    expect(routes.length).toBeGreaterThanOrEqual(13);
    for (const r of routes) {
      for (const probe of [real[0]!.caseId, real[1]!.aktenzeichen, SECRET_NAME, "1' OR '1'='1", '../../cases']) {
        const url = r.url.replace(':sessionId', encodeURIComponent(probe)).replace(':no', encodeURIComponent(probe));
        const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : { packId: 'wohngeld', antrag: { aktenzeichen: probe, stichtag: '2025-01-01' }, message: probe, subject: 'explanation', rating: 3, text: probe, point: probe, option: probe, reason: probe, path: '$.miete_monat', kiosk: false };
        const res = await t.call(r.method, url, { ...(body ? { body } : {}) });
        expect(res.status, `${r.method} ${url}`).toBeLessThan(500);
        noLeak(res.body);
      }
    }
    // And by construction: the sandbox's store names only its own tables.
    const source = readFileSync(new URL('../../store/participation-sandbox.ts', import.meta.url), 'utf8');
    const tables = [...source.matchAll(/\b(?:FROM|INTO|UPDATE|JOIN)\s+([a-z_]+)/g)].map((m) => m[1]!);
    expect(tables.length).toBeGreaterThan(5);
    expect(tables.every((x) => x.startsWith('sandbox_'))).toBe(true);
  });

  it('feedback from the space is kept (without personal data); personal data in it is refused', async () => {
    const pii = await t.call('POST', '/api/sandbox/feedback', { body: { subject: 'explanation', rating: 2, packId: 'wohngeld', text: 'Schreiben Sie mir an erika@example.org.' } });
    expect(pii.status).toBe(400);
    expect(pii.body.error.message).toMatch(/E-Mail-Adresse/);
    const ok = await t.call('POST', '/api/sandbox/feedback', { body: { subject: 'explanation', rating: 4, packId: 'wohngeld', ref: 'auditor', text: 'Die Prüfansicht ist sehr ausführlich.' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const [row] = await t.db.query<{ channel: string; subject_ref: string; author_kind: string; case_id: string | null }>('SELECT channel, subject_ref, author_kind, case_id FROM participation_feedback WHERE id = $1', [ok.body.id]);
    expect(row).toEqual({ channel: 'sandbox', subject_ref: 'sandbox:auditor', author_kind: 'anonymous', case_id: null });
  });

  it('resets itself: on the first use of a new day, by the daily job, and idle kiosk sessions are cleared', async () => {
    const before = (await t.call('GET', '/api/sandbox/cases')).body.items;
    const s = (await t.call('POST', '/api/sandbox/sessions', { body: {} })).body.sessionId as string;
    const no = before.find((c: { purpose: string }) => c.purpose === 'discretion').no;
    const open = (await t.call('GET', `/api/sandbox/sessions/${s}/cases/${no}`)).body.openDiscretion[0];
    await t.call('POST', `/api/sandbox/sessions/${s}/cases/${no}/discretion`, { body: { point: open.point, option: open.options[0].id, reason: 'Übung zum Zurücksetzen.' } });
    expect(Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sandbox_work'))[0]!.n)).toBeGreaterThan(0);
    const feedback = Number((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM participation_feedback WHERE channel = 'sandbox'"))[0]!.n);

    // A new day: the first request resets the space.
    await t.db.query('UPDATE sandbox_meta SET day = $1', [yesterday()]);
    expect((await t.call('GET', '/api/sandbox')).body.day).toBe(new Date().toISOString().slice(0, 10));
    expect((await t.call('GET', `/api/sandbox/sessions/${s}/cases/${no}`)).status).toBe(404);
    expect((await t.call('GET', `/api/sandbox/sessions/${session}/cases/1`)).status).toBe(404);
    expect(Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sandbox_work'))[0]!.n)).toBe(0);
    expect(Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM sandbox_sessions'))[0]!.n)).toBe(0);
    // The same day gives the same pool (seeded by the day): every process agrees.
    expect((await t.call('GET', '/api/sandbox/cases')).body.items).toEqual(before);
    expect(Number((await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM participation_feedback WHERE channel = 'sandbox'"))[0]!.n)).toBe(feedback);

    // The daily job, without any visitor.
    const kept = (await t.call('POST', '/api/sandbox/sessions', { body: {} })).body.sessionId as string;
    await t.db.query('UPDATE sandbox_meta SET day = $1', [yesterday()]);
    const registry = loadInstalledPacks();
    const job = await startSandboxResetSchedule({ queue: t.platform.queue, sandbox: new SandboxService({ store: sandboxStore(t.db), packs: { pack: (id) => registry.get(id) } }), everyMs: 300 });
    try {
      await eventually(async () => (await t.db.query<{ day: string }>('SELECT day::text AS day FROM sandbox_meta'))[0]!.day === new Date().toISOString().slice(0, 10));
      expect((await t.db.query('SELECT 1 FROM sandbox_sessions WHERE id = $1', [kept])).length).toBe(0);
    } finally {
      await job.stop();
    }

    // Kiosk: a session idle longer than the limit is cleared; an ordinary one is not.
    const kiosk = (await t.call('POST', '/api/sandbox/sessions', { body: { kiosk: true } })).body;
    expect(kiosk).toMatchObject({ kiosk: true, idleSeconds: 180, warningSeconds: 30 });
    const desk = (await t.call('POST', '/api/sandbox/sessions', { body: {} })).body.sessionId as string;
    expect((await t.call('POST', `/api/sandbox/sessions/${kiosk.sessionId}/keep-alive`)).status).toBe(200);
    await t.db.query("UPDATE sandbox_sessions SET last_seen_at = now() - interval '200 seconds'");
    expect((await t.call('GET', `/api/sandbox/sessions/${kiosk.sessionId}/cases/1`)).status).toBe(404);
    expect((await t.call('GET', `/api/sandbox/sessions/${desk}/cases/1`)).status).toBe(200);
    // Ending a session deletes it at once.
    expect((await t.call('DELETE', `/api/sandbox/sessions/${desk}`)).status).toBe(204);
    expect((await t.call('GET', `/api/sandbox/sessions/${desk}/cases/1`)).status).toBe(404);
    // The administration can reset at any time.
    expect((await t.call('POST', '/api/sandbox/reset', { token: await t.login('admin') })).body).toMatchObject({ reset: true, cases: 12 });
  });
});
