import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EUROCITIES_ATS, LEARNING_UNITS } from '../../governance/index.ts';
import { engineDouble } from '../../../test/api/engine-double.ts';
import { STORES, startTestPlatform, type TestPlatform } from '../../../test/api/helpers.ts';
import { governanceStore } from './governance-context.ts';

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

describe.each(STORES)('AI register and gates through the HTTP API (%s)', (kind) => {
  let t: TestPlatform;
  let admin: string;
  const entry = async (id: string) => (await t.call('GET', `/api/governance/register/${id}`, { token: admin })).body;

  beforeAll(async () => {
    t = await startTestPlatform(kind, engineDouble());
    admin = await t.login('admin');
    const r = await t.call('POST', '/api/governance/register/product-systems', { token: admin, body: PROFILE });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });
  afterAll(async () => t?.close());

  it('creates the product’s own systems as classified drafts', async () => {
    const list = (await t.call('GET', '/api/governance/register', { token: await t.login('pruefung') })).body.items;
    const byId = Object.fromEntries(list.map((i: { id: string }) => [i.id, i]));
    // one rule-engine entry per installed pack; automation prefilled only where SGB X or AO allow it directly
    expect(Object.keys(byId).sort()).toEqual(['buerger-chatbot', 'entwurfsassistent', 'fairness-monitoring', 'gebuehr-regelwerk', 'kita-beitrag-regelwerk', 'kita-beitrag-vollautomatisiert', 'wohngeld-regelwerk', 'wohngeld-vollautomatisiert']);
    expect(byId.entwurfsassistent).toMatchObject({ status: 'draft', riskClass: 'limited_risk' });
    expect(byId['wohngeld-regelwerk'].riskClass).toBe('not_ai_system');
    // the Kita pack has a discretion point: its fully automated decisions are blocked from the start
    expect(byId['kita-beitrag-vollautomatisiert'].blocks).toEqual(['BLOCK-AUTOMATION-DISCRETION']);
  });

  it('keeps every gated feature closed while its entry is not active, with German reasons listing open obligations', async () => {
    for (const [feature, q] of [['drafting', ''], ['chatbot', ''], ['automated-decisions', '?packId=wohngeld'], ['automated-decisions', '?packId=kita-beitrag']] as const) {
      const g = (await t.call('GET', `/api/governance/gates/${feature}${q}`, { token: await t.login('sachbearbeitung') })).body;
      expect(g.allowed, feature).toBe(false);
      expect(g.reasons.map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(['switched_off', 'entry_not_active', 'obligation_open']));
      expect(g.message).toMatch(/ist nicht möglich:\n- /);
      expect(g.openObligations.length).toBeGreaterThan(0);
    }
    const on = await t.call('PUT', '/api/governance/features', { token: admin, body: { feature: 'drafting', enabled: true } });
    expect(on.status).toBe(403);
    expect(on.body.error.code).toBe('gate_closed');
    expect(on.body.error.message).toMatch(/Pflicht LIT-1 „KI-Kompetenz der Beschäftigten“/);
  });

  it('walks the drafting assistant to active: literacy, obligations with evidence, staff council, consultation; then the gate opens', async () => {
    const users = (await t.call('GET', '/api/admin/users', { token: admin })).body.items as { id: string; username: string; displayName: string }[];
    const lead = users.find((u) => u.username === 'teamleitung')!;
    let e = (await entry('entwurfsassistent')).entry;
    const patched = await t.call('PATCH', '/api/governance/register/entwurfsassistent', {
      token: admin,
      body: { version: e.version, content: { humanOversight: { ...e.humanOversight, overseers: [{ personId: lead.id, name: lead.displayName, role: 'Teamleitung Wohngeld', authority: 'Entwürfe verwerfen, Funktion anhalten' }] } } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);

    // the overseer takes every learning unit; the quiz is scored on the server
    const leadToken = await t.login('teamleitung');
    const shown = (await t.call('GET', `/api/governance/literacy/units/${LEARNING_UNITS[0]!.id}`, { token: leadToken })).body;
    expect(JSON.stringify(shown)).not.toMatch(/"correct"|"explanation"/);
    const wrong = await t.call('POST', `/api/governance/literacy/units/${LEARNING_UNITS[0]!.id}/attempts`, { token: leadToken, body: { answers: Object.fromEntries(LEARNING_UNITS[0]!.quiz.map((q) => [q.id, [q.options.find((o) => !q.correct.includes(o.id))!.id]])) } });
    expect(wrong.body.record.passed).toBe(false);
    for (const u of LEARNING_UNITS) {
      const r = await t.call('POST', `/api/governance/literacy/units/${u.id}/attempts`, { token: leadToken, body: { answers: Object.fromEntries(u.quiz.map((q) => [q.id, q.correct])) } });
      expect(r.status).toBe(201);
      expect(r.body.record.passed).toBe(true);
    }
    expect((await t.call('GET', '/api/governance/literacy/me', { token: leadToken })).body.status['approve-ai-drafts'].ok).toBe(true);
    expect(await governanceStoreOf(t).mayApproveAiAssistedDrafts('musterstadt', { id: lead.id })).toMatchObject({ allowed: true });
    expect((await governanceStoreOf(t).mayApproveAiAssistedDrafts('musterstadt', { id: users.find((u) => u.username === 'sachbearbeitung')!.id, name: 'Sabine' })).allowed).toBe(false);

    const detail = await entry('entwurfsassistent');
    for (const o of detail.obligations.filter((x: { check?: string }) => !x.check)) {
      const r = await t.call('POST', '/api/governance/register/entwurfsassistent/obligations', { token: admin, body: { obligationId: o.id, status: 'met', evidence: [{ title: `Nachweis ${o.id}`, ref: `dms:KI-${o.id}` }] } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const bundle = await t.call('PATCH', '/api/governance/register/entwurfsassistent/bundle', { token: admin, body: { version: 0, dpia: { title: 'DSFA Entwurfsassistent', ref: 'https://intranet.example/dsfa/7', completedAt: day(-20), summary: 'Pseudonymisierung vor dem Modell; Risiko beherrscht.' } } });
    expect(bundle.status, JSON.stringify(bundle.body)).toBe(200);
    // a vote in the future, or before the council was informed, is not a vote
    const future = await t.call('POST', '/api/governance/register/entwurfsassistent/staff-council', { token: admin, body: { informedAt: day(-5), vote: 'approved', votedAt: day(30), conditions: [] } });
    expect(future.status).toBe(400);
    expect(future.body.error.problems[0].path).toBe('$.votedAt');
    const backwards = await t.call('POST', '/api/governance/register/entwurfsassistent/staff-council', { token: admin, body: { informedAt: day(-5), vote: 'approved', votedAt: day(-10), conditions: [] } });
    expect(backwards.status).toBe(400);
    // a consent recorded by hand needs what the participation procedure needs: its service agreement
    const noAgreement = await t.call('POST', '/api/governance/register/entwurfsassistent/staff-council', { token: admin, body: { informedAt: day(-40), vote: 'approved', votedAt: day(-10), conditions: [] } });
    expect(noAgreement.status).toBe(400);
    expect(noAgreement.body.error.problems.map((p: { path: string }) => p.path)).toEqual(['$.serviceAgreementRef']);
    // and a consultation recorded by hand is a real comment phase (at least 14 days, closed after its deadline, answered after that)
    for (const [body, path] of [
      [{ openedAt: day(-5), closesAt: day(-5), closedAt: day(-5), responsePublishedAt: day(-5) }, '$.closesAt'],
      [{ openedAt: day(-60), closesAt: day(-30), closedAt: day(-40), responsePublishedAt: day(-25) }, '$.closedAt'],
      [{ openedAt: day(-60), closesAt: day(-30), closedAt: day(-30), responsePublishedAt: day(-31) }, '$.responsePublishedAt'],
      // well-formed, but no date PostgreSQL stores (year 0000 was a 500) or an office means
      [{ openedAt: '0000-01-01', closesAt: day(-30) }, '$.openedAt'],
      [{ openedAt: '0099-12-31', closesAt: day(-30) }, '$.openedAt'],
    ] as const) {
      const r = await t.call('PUT', '/api/governance/register/entwurfsassistent/consultation', { token: admin, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.problems.map((p: { path: string }) => p.path)).toEqual([path]);
    }
    expect((await t.call('POST', '/api/governance/register/entwurfsassistent/staff-council', { token: admin, body: { informedAt: day(-40), vote: 'approved-with-conditions', votedAt: day(-10), conditions: ['Keine Leistungskontrolle'], serviceAgreementRef: 'DV-KI-2026' } })).status).toBe(201);
    expect((await t.call('PUT', '/api/governance/register/entwurfsassistent/consultation', { token: admin, body: { openedAt: day(-60), closesAt: day(-30), closedAt: day(-30), responsePublishedAt: day(-25) } })).status).toBe(200);

    e = (await entry('entwurfsassistent')).entry;
    for (const to of ['consultation', 'approved', 'active']) {
      const r = await t.call('POST', '/api/governance/register/entwurfsassistent/transition', { token: admin, body: { version: e.version, to } });
      expect(r.status, `${to}: ${JSON.stringify(r.body)}`).toBe(200);
      e = r.body;
    }
    expect(e.status).toBe('active');
    const on = await t.call('PUT', '/api/governance/features', { token: admin, body: { feature: 'drafting', enabled: true } });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    const g = (await t.call('GET', '/api/governance/gates/drafting', { token: await t.login('sachbearbeitung') })).body;
    expect(g).toMatchObject({ allowed: true, reasons: [], entryIds: ['entwurfsassistent'] });
    expect(await governanceStoreOf(t).draftingGovernance('musterstadt').checkDrafting()).toEqual({ allowed: true, message: '', entryIds: ['entwurfsassistent'] });
  });

  it('closes again the moment an obligation is reopened, and the drafting port follows', async () => {
    const reopen = await t.call('POST', '/api/governance/register/entwurfsassistent/obligations', { token: admin, body: { obligationId: 'GPAI-1', status: 'open', evidence: [], note: 'Dokumentation des Modellanbieters veraltet.' } });
    expect(reopen.status).toBe(201);
    const g = (await t.call('GET', '/api/governance/gates/drafting', { token: admin })).body;
    expect(g.allowed).toBe(false);
    expect(g.openObligations.map((o: { id: string }) => o.id)).toEqual(['GPAI-1']);
    expect((await governanceStoreOf(t).draftingGovernance('musterstadt').checkDrafting()).allowed).toBe(false);
    await t.call('POST', '/api/governance/register/entwurfsassistent/obligations', { token: admin, body: { obligationId: 'GPAI-1', status: 'met', evidence: [{ title: 'Modellkarte 2026-11', ref: 'dms:KI-GPAI-2' }] } });
    expect((await t.call('GET', '/api/governance/gates/drafting', { token: admin })).body.allowed).toBe(true);
  });

  it('refuses log retention under six months and checks the gate against the setting', async () => {
    const r = await t.call('PUT', '/api/governance/settings', { token: admin, body: { legalVersion: 'AIA-2024/1689-as-amended-2026/1744', anticipateObligations: true, aiLogRetentionMonths: 3 } });
    expect(r.status).toBe(400);
    expect(r.body.error.problems[0].path).toBe('$.aiLogRetentionMonths');
    expect((await t.call('PUT', '/api/governance/settings', { token: admin, body: { legalVersion: 'AIA-2024/1689-as-amended-2026/1744', anticipateObligations: true, aiLogRetentionMonths: 6 } })).status).toBe(200);
  });

  it('social scoring cannot be activated by any role', async () => {
    const base = (await entry('buerger-chatbot')).entry;
    const { id: _i, uuid: _u, kind: _k, status: _s, version: _v, materialHash: _m, createdAt: _c, updatedAt: _up, history: _h, firstPublishedAt: _f, activatedAt: _a, retiredAt: _r, ...content } = base;
    const created = await t.call('POST', '/api/governance/register', { token: admin, body: { id: 'buergerscore', kind: 'external', content: { ...content, name: 'Bürgerscore', links: { packs: [], features: [{ feature: 'chatbot' }] } } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const cls = await t.call('POST', '/api/governance/register/buergerscore/classification', {
      token: admin,
      body: { answers: { S1: 'expert-weighted-score', S2: 'none', S3: 'no', R1: 'in-house', P1: ['c-social-scoring'], H1: ['none'], H4: 'no', T1: 'no', T2: 'no', T3: 'no', T4: 'no', T5: 'no', D1: 'no', G1: 'personal', G2: 'no', G3: 'no', G4: 'no' } },
    });
    expect(cls.body.riskClass).toBe('prohibited');
    const users = (await t.call('GET', '/api/admin/users', { token: admin })).body.items as { id: string; username: string }[];
    await t.call('PUT', '/api/governance/register/buergerscore/owners', { token: admin, body: { owners: users.filter((u) => u.username !== 'admin').map((u) => u.id) } });
    for (const username of ['admin', 'teamleitung', 'sachbearbeitung', 'datenschutz', 'pruefung', 'kita-leitung']) {
      const token = await t.login(username);
      const version = (await entry('buergerscore')).entry.version;
      for (const to of ['consultation', 'approved', 'active']) {
        const r = await t.call('POST', '/api/governance/register/buergerscore/transition', { token, body: { version, to, reason: 'Versuch, das System trotz Verbot zu aktivieren.' } });
        expect(r.status, `${username} → ${to}`).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
      }
    }
    expect((await entry('buergerscore')).entry.status).toBe('draft');
    const act = (await t.call('GET', '/api/governance/register/buergerscore/activation', { token: admin })).body;
    expect(act.reasons.map((r: { code: string }) => r.code)).toContain('prohibited');
    // the chatbot gate now also sees the prohibited entry linked to it
    const g = (await t.call('GET', '/api/governance/gates/chatbot', { token: admin })).body;
    expect(g.message).toMatch(/Art\. 5 KI-VO/);
    // nor by answering the questions differently afterwards: the prohibited class stays
    const relabel = await t.call('POST', '/api/governance/register/buergerscore/classification', {
      token: admin,
      body: { answers: { S1: 'human-defined-rules', S2: 'none', R1: 'in-house', P1: ['none'], D1: 'no', G1: 'personal', G2: 'no', G3: 'no', G4: 'no' }, reasoning: { S1: 'Feste Regeln, die Menschen festgelegt haben.' } },
    });
    expect(relabel.status, JSON.stringify(relabel.body)).toBe(403);
    expect(relabel.body.error.message).toMatch(/Art\. 5 KI-VO/);
    const version = (await entry('buergerscore')).entry.version;
    for (const to of ['consultation', 'approved', 'active']) {
      expect((await t.call('POST', '/api/governance/register/buergerscore/transition', { token: admin, body: { version, to, reason: 'Zweiter Versuch nach Umstufung.' } })).status).toBeGreaterThanOrEqual(400);
    }
    expect((await entry('buergerscore')).entry.status).toBe('draft');
  });

  it('lets only administrators and the named owners edit an entry', async () => {
    const cw = await t.login('sachbearbeitung2');
    const v = (await entry('fairness-monitoring')).entry.version;
    const r = await t.call('PATCH', '/api/governance/register/fairness-monitoring', { token: cw, body: { version: v, content: { monitoring: 'Monatlich.' } } });
    expect(r.status).toBe(403);
    expect((await t.call('POST', '/api/governance/register', { token: cw, body: { id: 'x-y', kind: 'external', content: {} } })).status).toBe(403);
    expect((await t.call('GET', '/api/governance/events', { token: cw })).status).toBe(403);
    expect((await t.call('GET', '/api/governance/register', { token: cw })).status).toBe(200);
    expect((await t.call('GET', '/api/governance/register')).status).toBe(401);
  });

  it('names bad input in German with its JSON path', async () => {
    const v = (await entry('fairness-monitoring')).entry.version;
    const r = await t.call('PATCH', '/api/governance/register/fairness-monitoring', { token: admin, body: { version: v, content: { contact: { email: 'keine Adresse' }, monitoring: '' } } });
    expect(r.status).toBe(400);
    expect(r.body.error.problems).toEqual([
      { path: '$.content.contact.email', message: 'Gültige E-Mail-Adresse erwartet.' },
      { path: '$.content.monitoring', message: 'Die Beschreibung der Überwachung fehlt.' },
    ]);
    const d = await t.call('PATCH', '/api/governance/register/fairness-monitoring', { token: admin, body: { version: v, content: { reviewDue: '2027-13-01' } } });
    expect(d.body.error.problems.map((p: { path: string }) => p.path)).toEqual(['$.content.reviewDue']);
    const stale = await t.call('PATCH', '/api/governance/register/fairness-monitoring', { token: admin, body: { version: v + 5, content: { monitoring: 'Monatlich.' } } });
    expect(stale.status).toBe(409);
    const cls = await t.call('POST', '/api/governance/register/fairness-monitoring/classification', { token: admin, body: { answers: { S1: 'basic-data-processing' } } });
    expect(cls.status).toBe(400);
    expect(cls.body.error.problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(['$.answers.S2', '$.reasoning.S1']));
  });

  it('keeps a FRIA being filled in, and refuses the EU database export for a system not registered there', async () => {
    const b = (await entry('fairness-monitoring')).bundleVersion;
    const r = await t.call('PATCH', '/api/governance/register/fairness-monitoring/bundle', { token: admin, body: { version: b, fria: { version: 1, processes: { description: 'Erst begonnen' } } } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.bundle.fria.systemId).toBe('fairness-monitoring');
    expect((await t.call('GET', '/api/governance/register/fairness-monitoring/export/uk-atrs', { token: admin })).body.validation.valid).toBe(true);
    const eu = await t.call('GET', '/api/governance/register/fairness-monitoring/eu-database?deployerAddress=Rathausplatz%201&submitterName=Anna&submitterEmail=anna%40musterstadt.example', { token: admin });
    expect(eu.status).toBe(409);
    expect(eu.body.error.message).toMatch(/nicht in der EU-Datenbank registriert/);
    const stale = await t.call('PATCH', '/api/governance/register/fairness-monitoring/bundle', { token: admin, body: { version: b, dpia: null } });
    expect(stale.status).toBe(409);
  });

  it('writes every register and configuration change to the ledger', async () => {
    const events = (await t.call('GET', '/api/governance/events', { token: await t.login('pruefung') })).body.items as { seq: number; type: string; payloadHash: string }[];
    expect(events.length).toBeGreaterThan(20);
    const leaves = await t.db.query<{ covers: string; entry_type: string }>(`SELECT covers, entry_type FROM ledger_leaves WHERE covers LIKE 'governance:%'`);
    expect(new Set(leaves.map((l) => l.covers))).toEqual(new Set(events.map((e) => `governance:${e.seq}`)));
    expect(new Set(leaves.map((l) => l.entry_type))).toEqual(new Set(['register_change', 'configuration_change']));
    const [leaf] = await t.db.query<{ data: string }>(`SELECT data::text AS data FROM ledger_leaves WHERE covers = $1`, [`governance:${events[0]!.seq}`]);
    // the column holds the entry's canonical JSON (as text, or as bytea shown in hex)
    const raw = leaf!.data.startsWith('\\x') ? Buffer.from(leaf!.data.slice(2), 'hex').toString('utf8') : leaf!.data;
    expect(JSON.parse(raw)).toMatchObject({ type: 'register_change', contentHash: events[0]!.payloadHash });
  });

  it('publishes the transparency page and the register exports without login, drafts excluded', async () => {
    const v = await t.call('GET', '/api/transparency');
    expect(v.status).toBe(200);
    expect(v.body.systems.map((s: { id: string }) => s.id)).toEqual(['entwurfsassistent']);
    expect(v.body.systems[0]).toMatchObject({ status: { code: 'active' }, classification: { code: 'limited_risk' } });
    expect(JSON.stringify(v.body)).not.toMatch(/Tanja/);
    for (const standard of ['nl-algoritmeregister', 'eurocities', 'uk-atrs']) {
      const x = await t.call('GET', `/api/transparency/systems/entwurfsassistent/export/${standard}`);
      expect(x.status).toBe(200);
      expect(x.body.validation, standard).toMatchObject({ valid: true, problems: [] });
    }
    expect((await t.call('GET', '/api/transparency/systems/wohngeld-regelwerk/export/eurocities')).status).toBe(404);
    const csv = await t.call('GET', '/api/transparency/register.csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(String(csv.body).split('\r\n')[0]).toBe(EUROCITIES_ATS.fields.map((f) => `"${f.name}"`).join(';'));
    expect((await t.call('GET', '/api/transparency?gemeinde=gibtsnicht')).status).toBe(404);
  });

  it('stops an active system at once when a new classification finds it prohibited', async () => {
    const active = (await t.call('GET', '/api/governance/register', { token: admin })).body.items.find((e: { status: string }) => e.status === 'active');
    expect(active).toBeDefined();
    const r = await t.call('POST', `/api/governance/register/${active.id}/classification`, {
      token: admin,
      body: { answers: { S1: 'expert-weighted-score', S2: 'none', S3: 'no', R1: 'in-house', P1: ['c-social-scoring'], H1: ['none'], H4: 'no', T1: 'no', T2: 'no', T3: 'no', T4: 'no', T5: 'no', D1: 'no', G1: 'personal', G2: 'no', G3: 'no', G4: 'no' } },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.riskClass).toBe('prohibited');
    expect((await entry(active.id)).entry.status).toBe('draft');
  });

  it('keeps a recorded incident as it happened: recorded again it may be resolved, not downgraded (Art. 73 AI Act)', async () => {
    const url = '/api/governance/register/entwurfsassistent/incidents';
    const serious = { id: 'inc-serious', occurredAt: day(-3), description: 'Schwerer Vorfall: falsche Bescheidentwürfe', serious: true, reportedTo: ['provider', 'market-surveillance'], suspendsUse: true, status: 'open' };
    expect((await t.call('POST', url, { token: admin, body: serious })).status).toBe(201);
    const downgrade = await t.call('POST', url, { token: admin, body: { ...serious, description: 'nichts passiert', serious: false, reportedTo: [], suspendsUse: false } });
    expect(downgrade.status).toBe(409);
    expect(downgrade.body.error.problems.map((p: { path: string }) => p.path)).toEqual(['$.description', '$.serious', '$.reportedTo']);
    const resolved = await t.call('POST', url, { token: admin, body: { ...serious, reportedTo: [...serious.reportedTo, 'data-protection'], status: 'resolved', resolvedAt: day(-1), resolution: 'Vorlage korrigiert, Entwürfe neu erstellt' } });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(201);
    expect((await entry('entwurfsassistent')).bundle.incidents.find((i: { id: string }) => i.id === 'inc-serious')).toMatchObject({ serious: true, status: 'resolved', description: serious.description });
  });
});

function governanceStoreOf(t: TestPlatform) {
  // the same store the plugins use, over the test platform's database
  return governanceStore({ db: t.db, cases: t.platform.cases } as never);
}
