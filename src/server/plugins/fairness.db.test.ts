import { createPublicKey, randomUUID } from 'node:crypto';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { berlinDate, generatePopulation, lastCompletedQuarter, MIN_K, quarterOfMonth, reportTypstSource, simulateDecisions, verifyReport, type PlantedBias, type SignedFairnessReport } from '../../fairness/index.ts';
import { FAIRNESS_QUEUE } from '../../jobs/index.ts';
import { inspectPdf } from '../../pdf/index.ts';
import { openFairness, openLedger, type FairnessStores } from '../../store/index.ts';
import { engineDouble } from '../../../test/api/engine-double.ts';
import { PDF, STORES, eventually, multipart, startTestPlatform, type Res, type TestPlatform } from '../../../test/api/helpers.ts';

const M = 'musterstadt';
const PROFILE = {
  organization: 'Stadt Musterstadt',
  area: 'Musterstadt',
  contactEmail: 'ki-register@musterstadt.example',
  benefitsDepartment: 'Amt für Soziales und Wohnen',
  youthDepartment: 'Jugendamt',
  serviceDepartment: 'Bürgerservice',
  reviewDue: '2027-12-31',
};

/** Every number the fairness API and the public page publish about a group, wherever it sits in a response. */
function groupSizes(value: unknown, path = '$', out: { path: string; n: number }[] = []): { path: string; n: number }[] {
  if (Array.isArray(value)) value.forEach((v, i) => groupSizes(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.n === 'number') out.push({ path: `${path}.n`, n: o.n });
    if (typeof o.decisions === 'number' && o.shown !== false) out.push({ path: `${path}.decisions`, n: o.decisions });
    if (typeof o.withSurveyAnswers === 'number') out.push({ path: `${path}.withSurveyAnswers`, n: o.withSurveyAnswers });
    for (const [k, v] of Object.entries(o)) groupSizes(v, `${path}.${k}`, out);
  }
  return out;
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
  let text = '';
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    for (const item of content.items) if ('str' in item) text += item.str + (item.hasEOL ? '\n' : ' ');
  }
  await doc.destroy();
  return text;
}

describe.each(STORES)('fairness monitoring through the HTTP API (%s)', (kind) => {
  let t: TestPlatform;
  let store: FairnessStores;
  /** Every response of the fairness API and the public page, for the suppression scan. */
  const published: { what: string; res: Res }[] = [];
  const call = async (what: string, method: string, url: string, opts: Parameters<TestPlatform['call']>[2] = {}) => {
    const res = await t.call(method, url, opts);
    published.push({ what: `${method} ${url} (${what})`, res });
    return res;
  };
  const submit = async () => {
    const r = await t.call('POST', '/api/applications', {
      body: { packId: 'wohngeld', applicant: { name: 'Erika Geheim' }, antrag: { stichtag: '2025-01-01', miete_monat: '500', haushaltsmitglieder: [{ id: 'p1', einkuenfte: [{ art: 'erwerb', brutto_monat: '900' }] }] } },
    });
    expect(r.status).toBe(201);
    return { caseId: r.body.caseId as string, aktenzeichen: r.body.aktenzeichen as string, token: await t.citizenLogin(r.body.aktenzeichen, r.body.accessCode) };
  };

  beforeAll(async () => {
    t = await startTestPlatform(kind, engineDouble());
    store = openFairness({ db: t.db, ledger: openLedger(t.db) });
  });
  afterAll(async () => t?.close());

  it('citizens answer the equality survey for their own case only: consent, change, access, withdrawal', async () => {
    const survey = await call('questions', 'GET', '/api/fairness/survey');
    expect(survey.body.questions.map((q: { attribute: string }) => q.attribute)).toEqual(['gender', 'ageGroup', 'nationalityGroup', 'disability', 'migrationBackground']);
    expect(survey.body.voluntary).toMatch(/freiwillig/);
    const a = await submit();
    const b = await submit();
    const url = `/api/my/cases/${a.caseId}/equality-survey`;
    expect((await call('nothing yet', 'GET', url, { token: a.token })).body).toEqual({ stored: false, consent: false, answers: {} });
    const put = await call('consent', 'PUT', url, { token: a.token, body: { consent: true, answers: { gender: 'weiblich', ageGroup: '30-44', disability: null } } });
    expect(put.status).toBe(200);
    expect(put.body.stored).toBe(true);
    expect((await call('own answers', 'GET', url, { token: a.token })).body).toMatchObject({ stored: true, answers: { gender: 'weiblich', ageGroup: '30-44' } });
    // refused in German, naming the field; nothing stored changes
    const bad = await t.call('PUT', url, { token: a.token, body: { consent: true, answers: { gender: 'unbekannt' } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.problems)).toContain('gender');
    const unknown = await t.call('PUT', url, { token: a.token, body: { consent: true, answers: { religion: 'keine' } } });
    expect(unknown.status).toBe(400);
    // nobody else: not another citizen, not the caseworker, not the data-protection officer
    expect((await t.call('GET', url, { token: b.token })).status).toBe(404);
    for (const user of ['sachbearbeitung', 'datenschutz', 'pruefung', 'admin']) expect((await t.call('GET', url, { token: await t.login(user) })).status, user).toBe(403);
    // the caseworker's view of the case holds nothing of it
    const cw = await t.login('sachbearbeitung');
    for (const path of [`/api/cases/${a.caseId}`, `/api/cases/${a.caseId}/history`, `/api/cases/${a.caseId}/personal?purpose=Pr%C3%BCfung`]) {
      const r = await t.call('GET', path, { token: cw });
      expect(r.status, path).toBe(200);
      expect(JSON.stringify(r.body), path).not.toMatch(/weiblich|30-44|equality|Befragung/);
    }
    // withdrawal deletes; a second one finds nothing
    expect((await call('withdraw', 'DELETE', url, { token: a.token })).body).toEqual({ deleted: true });
    expect((await t.call('DELETE', url, { token: a.token })).body).toEqual({ deleted: false });
    expect((await t.call('GET', url, { token: a.token })).body.stored).toBe(false);
    // consent false stores nothing
    expect((await t.call('PUT', url, { token: a.token, body: { consent: false, answers: { gender: 'weiblich' } } })).body).toEqual({ stored: false, retainUntil: null });
  });

  it('an issued decision becomes a decision record after commit; a changed objection completes it and keeps the first decision', async () => {
    const a = await submit();
    for (const checklistId of ['mietbescheinigung', 'einkommensnachweis']) {
      const m = multipart({ checklistId }, { name: `${checklistId}.pdf`, type: 'application/pdf', content: PDF });
      expect((await t.call('POST', `/api/my/cases/${a.caseId}/documents`, { token: a.token, payload: m.payload, headers: m.headers })).status).toBe(201);
    }
    const cw = await t.login('sachbearbeitung');
    let c = (await t.call('GET', `/api/cases/${a.caseId}`, { token: cw })).body;
    c = (await t.call('POST', `/api/cases/${a.caseId}/check`, { token: cw, body: { version: c.version } })).body;
    c = await eventually(async () => {
      const r = (await t.call('GET', `/api/cases/${a.caseId}`, { token: cw })).body;
      return r.state === 'draft_prepared' ? r : null;
    });
    c = (await t.call('POST', `/api/cases/${a.caseId}/submit-review`, { token: cw, body: { version: c.version } })).body;
    c = (await t.call('POST', `/api/cases/${a.caseId}/approve`, { token: cw, body: { version: c.version } })).body;
    c = (await t.call('POST', `/api/cases/${a.caseId}/issue`, { token: cw, body: { version: c.version } })).body;
    expect(c.state).toBe('issued');
    // the listener wrote it before the request returned: recording again changes nothing
    expect(await store.records.recordCase(M, a.caseId)).toBe('unchanged');
    const q = quarterOfMonth(berlinDate(new Date()).slice(0, 7));
    const mineOf = async () => {
      const { columns } = await store.reports.columns(M, 'wohngeld', q);
      expect(columns.n).toBe(1);
      return { claim: columns.claim[0], amount: columns.amountCents[0], objection: columns.objection[0], changed: columns.changed[0], finalClaim: columns.finalClaim[0] };
    };
    expect(await mineOf()).toEqual({ claim: 1, amount: 12000, objection: 0, changed: 0, finalClaim: 1 });

    const mine = (await t.call('GET', `/api/my/cases/${a.caseId}`, { token: a.token })).body;
    const obj = await t.call('POST', `/api/my/cases/${a.caseId}/objection`, { token: a.token, body: { version: mine.version, reason: 'Die Miete ist höher als angesetzt, siehe Mietvertrag.' } });
    expect(obj.status).toBe(201);
    const lead = await t.login('teamleitung');
    const changed = await t.call('POST', `/api/cases/${a.caseId}/reassess`, {
      token: lead,
      body: { version: obj.body.version, result: 'changed', reason: 'Widerspruch begründet: höhere Miete belegt.', overrides: { wohngeld_monat: { value: 250, reason: 'Höhere Miete laut Mietvertrag.' } } },
    });
    expect(changed.status).toBe(200);
    // an override needs a second person (four-eyes): until approved the decision is not changed
    expect(changed.body.state).toBe('abhilfe_review');
    expect(await mineOf()).toEqual({ claim: 1, amount: 12000, objection: 1, changed: 0, finalClaim: 1 });
    const approved = await t.call('POST', `/api/cases/${a.caseId}/approve-abhilfe`, { token: cw, body: { version: changed.body.version } });
    expect(approved.body.state).toBe('decision_changed');
    expect(await mineOf()).toEqual({ claim: 1, amount: 12000, objection: 1, changed: 1, finalClaim: 1 });
  });

  describe('reports, alerts and the public page', () => {
    let signed: SignedFairnessReport;
    let reportId: string;
    let owner: string;

    let planted = 0;
    /** Issued cases with their events as the platform writes them, and the consented survey answers. */
    const plantCases = async (seed: string, count: number, period: { from: string; to: string }, bias: PlantedBias[] = []) => {
      const sim = simulateDecisions(generatePopulation({ seed, count, ...period }), { seed, bias });
      const ids = sim.decisions.map(() => randomUUID());
      const days = sim.decisions.map((d) => Math.min(d.processingDays, 20));
      await t.db.query(
        `INSERT INTO cases (id, municipality_id, aktenzeichen, pack_id, pack_release, state, decision, outcome, created_at, issued_at)
         SELECT id, 'musterstadt', 'WG-' || left(period, 4) || '-' || $4::text || lpad(n::text, 5, '0'), 'wohngeld', '2025', 'issued',
                jsonb_build_object('outcome', 'decided', 'values', jsonb_build_object('wohngeld_monat', amount), 'receipt', jsonb_build_object('resultHash', 'sha256:x')), 'decided',
                (period || '-03T08:00:00Z')::timestamptz, (period || '-03T08:00:00Z')::timestamptz + make_interval(days => days)
           FROM unnest($1::uuid[], $2::int[], $3::text[], $5::int[]) WITH ORDINALITY AS x(id, amount, period, days, n)`,
        [ids, sim.decisions.map((d) => (d.claim ? Number(d.amount) : 0)), sim.decisions.map((d) => d.period), String(9 - planted++), days],
      );
      await t.db.query(
        `INSERT INTO case_events (case_id, municipality_id, type, actor_kind, data, at)
         SELECT id, 'musterstadt', type, 'system', '{}'::jsonb, (period || '-03T08:00:00Z')::timestamptz + make_interval(days => CASE WHEN type = 'issue' THEN days ELSE 0 END)
           FROM unnest($1::uuid[], $2::text[], $3::int[]) AS x(id, period, days), unnest(ARRAY['received', 'issue']) AS type
          ORDER BY id, type DESC`,
        [ids, sim.decisions.map((d) => d.period), days],
      );
      for (let i = 0; i < ids.length; i++) {
        const s = sim.surveys[i]!;
        if (s.consent) await store.survey.submit(M, ids[i]!, { consent: true, answers: s.answers });
      }
    };

    beforeAll(async () => {
      // The register holds the product's systems; the Wohngeld rule pack is in use.
      const admin = await t.login('admin');
      expect((await t.call('POST', '/api/governance/register/product-systems', { token: admin, body: PROFILE })).status).toBe(201);
      await t.db.query(`UPDATE governance_entries SET status = 'active', entry = jsonb_set(entry, '{status}', '"active"') WHERE id = 'wohngeld-regelwerk'`);
      // The Wohngeld team lead owns the rule pack's entry.
      const [lead] = await t.db.query<{ id: string }>(`SELECT id FROM users WHERE municipality_id = $1 AND username = 'teamleitung'`, [M]);
      owner = lead!.id;
      expect((await t.call('PUT', '/api/governance/register/wohngeld-regelwerk/owners', { token: admin, body: { owners: [owner] } })).status).toBe(200);
      // 2025-Q2: 700 decisions as the platform wrote them (cases and their events), with a
      // planted disparity against non-EU nationals; 60 % answered the survey.
      await plantCases('api-q2', 700, { from: '2025-04', to: '2025-06' }, [{ when: { nationalityGroup: 'drittstaat' }, claim: -0.35 }]);
      // What no listener saw is picked up from the case events: by this reconciliation, or by the
      // scheduled job (started with the platform), which may have run while the cases were
      // planted — so not its count, but the report's population (700, next test) proves it.
      const { cases } = await store.records.reconcile();
      expect(cases).toBeGreaterThanOrEqual(700);
    });

    it('only the oversight roles make a report, only for a completed quarter; it is signed and recorded in the ledger', async () => {
      for (const user of ['sachbearbeitung', 'teamleitung', 'admin']) {
        expect((await t.call('POST', '/api/fairness/reports', { token: await t.login(user), body: { systemId: 'wohngeld', quarter: '2025-Q2' } })).status, user).toBe(403);
      }
      const dpo = await t.login('datenschutz');
      const running = quarterOfMonth(berlinDate(new Date()).slice(0, 7)).id;
      const early = await t.call('POST', '/api/fairness/reports', { token: dpo, body: { systemId: 'wohngeld', quarter: running } });
      expect(early.status).toBe(409);
      expect(early.body.error.problems[0].path).toBe('$.quarter');
      const bad = await t.call('POST', '/api/fairness/reports', { token: dpo, body: { systemId: 'wohngeld', quarter: '2025-04' } });
      expect(bad.status).toBe(400);
      const made = await call('make', 'POST', '/api/fairness/reports', { token: dpo, body: { systemId: 'wohngeld', quarter: '2025-Q2' } });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ systemId: 'wohngeld', quarter: '2025-Q2', status: 'auffaellig', created: true });
      reportId = made.body.reportId;
      const again = await call('again', 'POST', '/api/fairness/reports', { token: await t.login('pruefung'), body: { systemId: 'wohngeld', quarter: '2025-Q2' } });
      expect(again.status).toBe(200);
      expect(again.body.reportId).toBe(reportId);

      const json = await call('json', 'GET', `/api/fairness/reports/${reportId}`);
      signed = { report: json.body.report, signature: json.body.signature };
      expect(signed.report.population.decisions).toBe(700);
      const key = await call('key', 'GET', '/api/fairness/key');
      expect(verifyReport(signed, createPublicKey(key.body.publicKeyPem))).toBe(true);
      expect(signed.signature.keyId).toBe(key.body.keyId);
      const leaf = await t.call('GET', `/api/ledger/entries/${json.body.logLeaf.index}`);
      expect(leaf.body).toMatchObject({ type: 'fairness_report', reportId, systemId: 'wohngeld', periodFrom: '2025-04', periodTo: '2025-06', reportHash: signed.signature.reportHash, actorRole: 'dpo' });
      expect((await call('list', 'GET', '/api/fairness/reports')).body.items.map((r: { reportId: string }) => r.reportId)).toContain(reportId);
      expect((await t.call('GET', '/api/fairness/reports/0123456789abcdef0123456789abcdef')).status).toBe(404);
      expect((await t.call('GET', `/api/fairness/reports/${reportId}?gemeinde=nirgendwo`)).status).toBe(404);
    });

    it('is published as HTML and as PDF/A-2b + PDF/UA-1 with its charts and the same numbers', async () => {
      const html = await call('html', 'GET', `/api/fairness/reports/${reportId}/html`);
      expect(html.headers['content-type']).toMatch(/text\/html/);
      expect(html.body).toContain(signed.signature.reportHash);
      expect(html.body).toMatch(/<svg[^>]+role="img"/);
      const pdf = await t.call('GET', `/api/fairness/reports/${reportId}/pdf`);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['x-report-hash']).toBe(signed.signature.reportHash);
      const raw = await t.platform.app!.inject({ method: 'GET', url: `/api/fairness/reports/${reportId}/pdf` });
      const buf = raw.rawPayload;
      const info = inspectPdf(buf);
      expect(info.header).toBe('%PDF-1.7');
      expect(info.xrefConsistent).toBe(true);
      expect([info.pdfaPart, info.pdfaConformance, info.pdfuaPart]).toEqual(['2', 'B', '1']);
      expect(info.structTreeRoot && info.markedContent && info.displayDocTitle && info.outputIntent).toBe(true);
      expect(info.language).toBe('de-DE');
      expect(info.title).toBe(`Bericht zur Gleichbehandlung – wohngeld – 2025-04 bis 2025-06`);
      expect(info.fonts.every((f) => f.embedded)).toBe(true);
      expect(info.xmp).toContain(`<amtsklarFairness:reportHash>${signed.signature.reportHash}</amtsklarFairness:reportHash>`);
      const text = await pdfText(buf);
      published.push({ what: 'PDF text', res: { status: 200, body: text, headers: {} } });
      expect(text.replace(/\s+/g, ' ')).toContain('Bericht zur Gleichbehandlung: wohngeld');
      expect(text).toContain(String(signed.report.population.decisions));
      // same report, same bytes
      const again = await t.platform.app!.inject({ method: 'GET', url: `/api/fairness/reports/${reportId}/pdf` });
      expect(Buffer.compare(again.rawPayload, buf)).toBe(0);
    });

    it('alerts the owners of the Wohngeld register entries, and the public page shows the status', async () => {
      const alerts = await call('alerts', 'GET', '/api/fairness/alerts', { token: await t.login('datenschutz') });
      const mine = alerts.body.items.filter((a: { reportId: string }) => a.reportId === reportId);
      expect(mine.map((a: { registerEntryId: string }) => a.registerEntryId).sort()).toEqual(['fairness-monitoring', 'wohngeld-regelwerk', 'wohngeld-vollautomatisiert']);
      expect(mine[0].summary.significant).toBeGreaterThan(0);
      // the owner's inbox: the alert of the entry they own, sent to them, open
      const lead = await t.login('teamleitung');
      const inbox = await call('owner inbox', 'GET', '/api/fairness/alerts', { token: lead });
      expect(inbox.status).toBe(200);
      expect(inbox.body.items).toHaveLength(1);
      expect(inbox.body.items[0]).toMatchObject({ reportId, registerEntryId: 'wohngeld-regelwerk', incidentId: `fairness-${reportId}`, notified: [owner], status: 'open', acknowledged: null });
      // named as in the register, so people recognise the system
      const registerName = (await t.call('GET', '/api/governance/register/wohngeld-regelwerk', { token: lead })).body.entry.name;
      expect(registerName).toEqual(expect.any(String));
      expect(inbox.body.items[0].registerEntryName).toBe(registerName);
      expect(inbox.body.items[0].summary.findings.join(' ')).toMatch(/Staatsangehörigkeit/);
      // a caseworker who owns no entry sees nothing and cannot take it up
      const cw = await t.login('sachbearbeitung');
      expect((await t.call('GET', '/api/fairness/alerts', { token: cw })).body.items).toEqual([]);
      const ack = `/api/fairness/alerts/${reportId}/acknowledge`;
      expect((await t.call('POST', ack, { token: cw, body: { registerEntryId: 'wohngeld-regelwerk' } })).status).toBe(403);
      expect((await t.call('POST', ack, { token: lead, body: { registerEntryId: 'wohngeld-vollautomatisiert' } })).status).toBe(403);
      expect((await t.call('POST', ack, { token: lead, body: { registerEntryId: 'wohngeld-regelwerk', note: '' } })).status).toBe(400);
      // the owner takes it up; the data-protection officer sees that
      const taken = await call('acknowledge', 'POST', ack, { token: lead, body: { registerEntryId: 'wohngeld-regelwerk', note: 'Fachamt prüft die Ablehnungen bei Drittstaatsangehörigen.' } });
      expect(taken.status).toBe(200);
      expect(taken.body).toMatchObject({ status: 'acknowledged', registerEntryName: registerName, acknowledged: { by: owner, role: 'team_lead', note: 'Fachamt prüft die Ablehnungen bei Drittstaatsangehörigen.' } });
      expect((await t.call('GET', '/api/fairness/alerts?status=open', { token: lead })).body.items).toEqual([]);
      const seen = (await t.call('GET', '/api/fairness/alerts', { token: await t.login('datenschutz') })).body.items.find((a: { registerEntryId: string }) => a.registerEntryId === 'wohngeld-regelwerk');
      expect(seen.status).toBe('acknowledged');
      const entry = (await t.call('GET', '/api/governance/register/wohngeld-regelwerk', { token: lead })).body;
      const incident = entry.bundle.incidents.find((i: { id: string }) => i.id === `fairness-${reportId}`);
      expect(incident).toMatchObject({ status: 'open', serious: false, suspendsUse: false });
      expect(incident.description).toMatch(/statistisch auffällig/);
      const page = await call('transparency', 'GET', '/api/transparency');
      const system = page.body.systems.find((x: { id: string }) => x.id === 'wohngeld-regelwerk');
      expect(system.figures.fairness.label).toBe('auffällig – wird geprüft');
      expect(system.figures.fairness.url).toContain(`/api/fairness/reports/${reportId}/html`);
      // in the last twelve months one decision was issued (the case above): its numbers are withheld
      expect(system.figures).toMatchObject({ decisions: null, decidedByHumans: null, objections: null });
      expect(system.figures.withheld).toMatch(/Weniger als 10 Entscheidungen/);
    });

    it('the schedule (a pg-boss job) completes the records and makes the missing report of the last completed quarter by itself; the page shows the newer status', async () => {
      const q = lastCompletedQuarter(new Date());
      await plantCases('api-scheduled', 400, { from: q.from, to: q.to });
      expect((await t.call('GET', `/api/fairness/reports?systemId=wohngeld`)).body.items.map((r: { quarter: string }) => r.quarter)).not.toContain(q.id);
      await t.platform.queue.boss.send(FAIRNESS_QUEUE, {});
      const made = await eventually(async () => {
        const items = (await t.call('GET', '/api/fairness/reports?systemId=wohngeld')).body.items as { quarter: string; reportId: string; status: string; ledgerIndex: number | null }[];
        return items.find((r) => r.quarter === q.id) ?? null;
      }, 60_000);
      expect(made.ledgerIndex).not.toBeNull();
      const json = await call('scheduled json', 'GET', `/api/fairness/reports/${made.reportId}`);
      expect(json.body.report.population.decisions).toBe(400);
      const leaf = await t.call('GET', `/api/ledger/entries/${json.body.logLeaf.index}`);
      expect(leaf.body).toMatchObject({ type: 'fairness_report', reportId: made.reportId, reportHash: json.body.signature.reportHash, actorRole: 'system' });
      await call('scheduled html', 'GET', `/api/fairness/reports/${made.reportId}/html`);
      // no planted disparity, no alert
      expect(made.status).toBe('unauffaellig');
      expect((await t.call('GET', '/api/fairness/alerts', { token: await t.login('datenschutz') })).body.items.filter((a: { reportId: string }) => a.reportId === made.reportId)).toEqual([]);
      const page = await call('transparency after the schedule', 'GET', '/api/transparency');
      const system = page.body.systems.find((x: { id: string }) => x.id === 'wohngeld-regelwerk');
      expect(system.figures.fairness.label).toBe('unauffällig');
      // now there are enough decisions in the last twelve months to count them
      expect(system.figures.decisions).toBe(401);
      // …but the one objection (the case above) is too few to say how it ended
      expect(system.figures.objections).toEqual({ filed: 1, upheld: null, partlyUpheld: null, rejected: null, pending: null });
      expect(system.figures.withheld).toMatch(/Weniger als 10 Widersprüche/);
      expect(system.figures.fairness.url).toContain(`/api/fairness/reports/${made.reportId}/html`);
    });

    it('suppression: no response of the fairness API, no report rendering and no page data shows a group of fewer than 10', async () => {
      expect(published.length).toBeGreaterThan(10);
      // the report has small groups to hide: some cells were withheld
      expect(signed.report.groupings.some((g) => g.hiddenCells > 0)).toBe(true);
      const small: string[] = [];
      /** How many group sizes each output showed: the scan must have read something in every kind of output. */
      const checked = new Map<string, number>();
      const saw = (what: string, n: number) => {
        checked.set(what, (checked.get(what) ?? 0) + 1);
        if (n > 0 && n < MIN_K) small.push(`${what}: ${n}`);
      };
      for (const { what, res } of published) {
        const body = res.body;
        if (typeof body === 'string') {
          for (const m of body.matchAll(/n = (\d+)/g)) saw(what, Number(m[1]));
          // HTML tables: the "Personen" column of every group table
          for (const table of body.matchAll(/<table[^>]*>.*?<\/table>/gs)) {
            if (!/<th scope="col">Gruppe<\/th><th scope="col">Personen<\/th>/.test(table[0])) continue;
            for (const row of table[0].matchAll(/<tr><th scope="row">([^<]*)<\/th><td>(\d+)<\/td>/g)) saw(`${what} (${row[1]})`, Number(row[2]));
          }
        } else {
          for (const g of groupSizes(body)) saw(`${what}: ${g.path}`, g.n);
        }
      }
      // what the PDF is set from: every "Personen" column of the Typst document's tables
      const tables = (v: unknown): { head: string[]; rows: string[][] }[] =>
        Array.isArray(v) ? v.flatMap(tables) : v && typeof v === 'object' ? [...('head' in v && 'rows' in v ? [v as { head: string[]; rows: string[][] }] : []), ...Object.values(v).flatMap(tables)] : [];
      const pdfTables = tables(JSON.parse(reportTypstSource(signed).files['/data.json']!)).filter((x) => x.head[1] === 'Personen');
      for (const table of pdfTables) {
        for (const row of table.rows) {
          expect(row[1]).toMatch(/^\d+$/);
          saw(`PDF source (${row[0]})`, Number(row[1]));
        }
      }
      expect(small).toEqual([]);
      const count = (prefix: string) => [...checked].filter(([w]) => w.startsWith(prefix)).reduce((a, [, n]) => a + n, 0);
      expect(count('PDF source')).toBeGreaterThan(20);
      for (const prefix of [`GET /api/fairness/reports/${reportId} (json)`, `GET /api/fairness/reports/${reportId}/html (html)`, 'PDF text', 'GET /api/transparency (transparency after the schedule)']) {
        expect(count(prefix), prefix).toBeGreaterThan(prefix.includes('transparency') ? 0 : 20);
      }
      // every group the JSON shows was counted independently: equal to the decisions it stands for
      const groups = signed.report.groupings.flatMap((g) => g.groups);
      expect(groups.length).toBeGreaterThan(20);
      expect(groups.every((g) => g.n >= MIN_K)).toBe(true);
    });
  });
});
