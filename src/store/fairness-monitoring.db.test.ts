import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildFairnessReport,
  generatePopulation,
  OUTCOME_SPECS,
  simulateDecisions,
  verifyReport,
  type DecisionRecord,
  type EqualitySurveyResponse,
  type PlantedBias,
} from '../fairness/index.ts';
import { productSystems } from '../governance/index.ts';
import type { CaseEvent } from '../cases/index.ts';
import type { Db } from './db.ts';
import { openFairness, type FairnessStores } from './fairness-public.ts';
import { GovernanceStore } from './governance-store.ts';
import { transparencyView } from './governance-figures.ts';
import { generateKey } from '../ledger/index.ts';
import { Ledger } from './ledger.ts';
import { migrate } from './migrate.ts';
import { testDatabase } from './test-database.ts';
import { plantDecisionRecords } from './fairness-test-records.ts';

const M = 'musterstadt';
const ADMIN = { kind: 'user', id: 'admin', role: 'admin', name: 'Admin' } as const;
/** The owner of the Wohngeld rule pack's register entry (a user id). */
const OWNER = 'owner-teamleitung';


interface Step {
  type: string;
  at: string;
  data?: Record<string, unknown>;
}

/**
 * A case as the platform writes it (cases row, case_events in order), and the events the
 * case service would hand its listeners after commit.
 */
async function writeCase(db: Db, o: { pack: string; values: Record<string, unknown>; steps: Step[]; aktenzeichen?: string }): Promise<{ id: string; aktenzeichen: string; events: CaseEvent[] }> {
  const id = randomUUID();
  const aktenzeichen = o.aktenzeichen ?? `WG-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const resultHash = `sha256:${randomBytes(32).toString('hex')}`;
  const decision = { pack: o.pack, packVersion: '2025.1', packHash: 'sha256:00', asOf: '2026-01-01', outcome: 'decided', values: o.values, reasons: [], missing: [], discretion: [], trace: [], receipt: { inputHash: 'sha256:11', resultHash, engineVersion: 't' } };
  await db.query(
    `INSERT INTO cases (id, municipality_id, aktenzeichen, pack_id, pack_release, state, decision, outcome, result_hash, created_at) VALUES ($1, $2, $3, $4, '2025.1', 'issued', $5::jsonb, 'decided', $6, $7)`,
    [id, M, aktenzeichen, o.pack, JSON.stringify(decision), resultHash, o.steps[0]!.at],
  );
  const events: CaseEvent[] = [];
  for (const s of o.steps) {
    const data = s.type === 'issue' ? { resultHash, ...(s.data ?? {}) } : (s.data ?? {});
    await db.query(`INSERT INTO case_events (case_id, municipality_id, type, actor_kind, data, at) VALUES ($1, $2, $3, 'system', $4::jsonb, $5)`, [id, M, s.type, JSON.stringify(data), s.at]);
    events.push({ caseId: id, municipalityId: M, type: s.type, from: null, to: null, actor: { kind: 'system', id: 'system', name: 'Test' }, reason: null, data, at: s.at });
  }
  return { id, aktenzeichen, events };
}

/** An objection decided „changed“: the case now holds the new decision. */
async function changeOnObjection(db: Db, caseId: string, values: Record<string, unknown>, at: string): Promise<CaseEvent[]> {
  await db.query(`UPDATE cases SET decision = jsonb_set(decision::jsonb, '{values}', $2::jsonb), result_hash = $3 WHERE id = $1`, [caseId, JSON.stringify(values), `sha256:${randomBytes(32).toString('hex')}`]);
  const out: CaseEvent[] = [];
  for (const type of ['file_objection', 'reassess_changed']) {
    await db.query(`INSERT INTO case_events (case_id, municipality_id, type, actor_kind, data, at) VALUES ($1, $2, $3, 'system', '{}'::jsonb, $4)`, [caseId, M, type, at]);
    out.push({ caseId, municipalityId: M, type, from: null, to: null, actor: { kind: 'system', id: 'system', name: 'Test' }, reason: null, data: {}, at });
  }
  return out;
}

async function recordRow(db: Db, s: FairnessStores, caseId: string) {
  const pseudonym = await s.survey.pseudonym(M, caseId);
  const [row] = await db.query<Record<string, unknown>>('SELECT * FROM fairness.decision_records WHERE municipality_id = $1 AND pseudonym = $2', [M, pseudonym]);
  return row;
}

/** Simulated decision records and survey answers written straight into the fairness tables (a quarter's worth). */
const plant = (db: Db, decisions: readonly DecisionRecord[], surveys: readonly EqualitySurveyResponse[]) => plantDecisionRecords(db, M, decisions, surveys);

function simulated(seed: string, count: number, bias: PlantedBias[] = []) {
  const sim = simulateDecisions(generatePopulation({ seed, count, from: '2025-04', to: '2025-06' }), { seed, bias });
  return sim;
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`fairness monitoring in the store (${kind})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let ledger: Ledger;
    let governance: GovernanceStore;
    let clock = new Date('2026-02-10T09:00:00Z');
    let s: FairnessStores;

    beforeAll(async () => {
      ({ db, drop } = await testDatabase(kind));
      await migrate(db);
      await db.query(`INSERT INTO municipalities (id, name) VALUES ($1, 'Stadt Musterstadt')`, [M]);
      ledger = new Ledger(db, { signerKey: generateKey('amtsklar.test/fairness').signerKey });
      governance = new GovernanceStore({ db, ledger, packs: () => [], now: () => clock });
      s = openFairness({ db, ledger, register: governance, now: () => clock });
    });
    afterAll(async () => drop?.());

    it('records the first decision when it is issued: claim, amount, routing, Nachforderung, calendar days in Germany, month in Germany', async () => {
      const c = await writeCase(db, {
        pack: 'wohngeld',
        values: { wohngeld_monat: '312.50' },
        steps: [
          { type: 'received', at: '2026-01-20T08:00:00Z' },
          { type: 'checked', at: '2026-01-20T08:00:00Z', data: { outcome: 'needs_human' } },
          { type: 'request_documents', at: '2026-01-21T09:00:00Z' },
          { type: 'complete', at: '2026-01-26T23:30:00Z' }, // 27 January in Germany (UTC+1)
          { type: 'discretion_decided', at: '2026-01-28T10:00:00Z' },
          { type: 'issue', at: '2026-01-31T23:30:00Z' }, // 1 February in Germany
        ],
      });
      await s.records.listener().onCaseEvents(c.events);
      const row = await recordRow(db, s, c.id);
      expect(row).toMatchObject({
        system_id: 'wohngeld',
        period: '2026-02',
        claim: true,
        routed_to_human: true,
        nachforderung: true,
        processing_days: 5,
        objection_filed: false,
        changed_on_objection: false,
        claim_after_objection: null,
      });
      expect(Number(row!.amount_cents)).toBe(31250);
      // nothing that names the case: no case id, no Aktenzeichen, no result hash
      const text = JSON.stringify(row);
      expect(text).not.toContain(c.id);
      expect(text).not.toContain(c.aktenzeichen);
      expect(text).not.toMatch(/sha256:/);
    });

    it('keeps the first decision when an objection changes it, and records the claim as settled', async () => {
      const c = await writeCase(db, {
        pack: 'wohngeld',
        values: { wohngeld_monat: 0 },
        steps: [
          { type: 'received', at: '2026-01-05T08:00:00Z' },
          { type: 'issue', at: '2026-01-19T08:00:00Z' },
        ],
      });
      await s.records.listener().onCaseEvents(c.events);
      expect(await recordRow(db, s, c.id)).toMatchObject({ claim: false, amount_cents: null, processing_days: 14, period: '2026-01' });
      const later = await changeOnObjection(db, c.id, { wohngeld_monat: '120.00' }, '2026-02-02T10:00:00Z');
      await s.records.listener().onCaseEvents(later);
      expect(await recordRow(db, s, c.id)).toMatchObject({ claim: false, amount_cents: null, objection_filed: true, changed_on_objection: true, claim_after_objection: true, period: '2026-01' });
      // told twice, nothing changes
      expect(await s.records.recordCase(M, c.id)).toBe('unchanged');
    });

    it('reconciles what no listener saw, and marks a first decision that was changed before it could be read as unknown', async () => {
      const missed = await writeCase(db, { pack: 'kita-beitrag', values: { beitrag_monat: 0, beitrag_vor_ermaessigung: 180 }, steps: [{ type: 'received', at: '2026-01-07T08:00:00Z' }, { type: 'issue', at: '2026-01-09T08:00:00Z' }] });
      const late = await writeCase(db, { pack: 'wohngeld', values: { wohngeld_monat: 0 }, steps: [{ type: 'received', at: '2026-01-07T08:00:00Z' }, { type: 'issue', at: '2026-01-09T08:00:00Z' }] });
      await changeOnObjection(db, late.id, { wohngeld_monat: '95.00' }, '2026-01-20T08:00:00Z');
      const other = await writeCase(db, { pack: 'gebuehr', values: { gebuehr: 25 }, steps: [{ type: 'received', at: '2026-01-07T08:00:00Z' }, { type: 'issue', at: '2026-01-09T08:00:00Z' }] });
      const r = await s.records.reconcile();
      expect(r.written).toBeGreaterThanOrEqual(2);
      expect(await recordRow(db, s, missed.id)).toMatchObject({ system_id: 'kita-beitrag', claim: true, processing_days: 2 });
      expect(Number((await recordRow(db, s, missed.id))!.amount_cents)).toBe(18000);
      expect(await recordRow(db, s, late.id)).toMatchObject({ claim: null, amount_cents: null, changed_on_objection: true, claim_after_objection: true });
      // a system without a declared favourable outcome has no records
      expect(OUTCOME_SPECS.gebuehr).toBeUndefined();
      expect(await recordRow(db, s, other.id)).toBeUndefined();
      // a second run reads only the overlap and changes nothing
      expect((await s.records.reconcile()).written).toBe(0);
    });

    it('links the record to the equality survey only through the survey pseudonym', async () => {
      const c = await writeCase(db, { pack: 'wohngeld', values: { wohngeld_monat: '200.00' }, steps: [{ type: 'received', at: '2026-01-10T08:00:00Z' }, { type: 'issue', at: '2026-01-12T08:00:00Z' }] });
      await s.records.listener().onCaseEvents(c.events);
      await s.survey.submit(M, c.id, { consent: true, answers: { gender: 'weiblich', nationalityGroup: 'eu' } });
      const [joined] = await db.query<{ answers: unknown }>(
        `SELECT s.answers FROM fairness.decision_records d JOIN fairness.survey_responses s USING (municipality_id, pseudonym) WHERE d.pseudonym = $1`,
        [await s.survey.pseudonym(M, c.id)],
      );
      expect(joined!.answers).toEqual({ gender: 'weiblich', nationalityGroup: 'eu' });
      // the case tables hold neither the pseudonym nor anything of the survey
      const p = await s.survey.pseudonym(M, c.id);
      const tables = await db.query<{ table_schema: string; table_name: string }>(
        `SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema', 'fairness')`,
      );
      for (const t of tables) {
        const [hit] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.table_schema}"."${t.table_name}" AS r WHERE r::text LIKE $1`, [`%${p}%`]);
        expect(hit!.n, `${t.table_schema}.${t.table_name}`).toBe(0);
      }
      // and the fairness schema holds no case id or Aktenzeichen of any case
      const cases = await db.query<{ id: string; aktenzeichen: string }>('SELECT id, aktenzeichen FROM cases');
      const fairnessTables = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'fairness' AND table_type = 'BASE TABLE'`);
      for (const t of fairnessTables) {
        const dump = JSON.stringify(await db.query(`SELECT * FROM fairness."${t.table_name}"`));
        for (const c2 of cases) {
          expect(dump, t.table_name).not.toContain(c2.id);
          expect(dump, t.table_name).not.toContain(c2.aktenzeichen);
        }
      }
    });

    it('deletes records when their own retention ends', async () => {
      await db.query(`UPDATE fairness.decision_records SET retain_until = '2026-01-01' WHERE period = '2026-01' AND system_id = 'kita-beitrag'`);
      expect(await s.records.sweep('2026-02-10')).toBe(1);
    });

    describe('reports', () => {
      beforeAll(async () => {
        // Q2 2025: a planted disparity in the Wohngeld decisions, none in Kita.
        const biased = simulated('store-q2', 3000, [{ when: { nationalityGroup: 'drittstaat' }, claim: -0.3 }]);
        const fair = simulateDecisions(generatePopulation({ seed: 'store-kita', count: 1500, from: '2025-04', to: '2025-06' }), { seed: 'store-kita', system: 'kita-beitrag' });
        await plant(db, biased.decisions, biased.surveys);
        await plant(db, fair.decisions, fair.surveys);
        const profile = { organization: 'Stadt Musterstadt', area: 'Musterstadt', contactEmail: 'ki@musterstadt.example', benefitsDepartment: 'Soziales', youthDepartment: 'Jugend', serviceDepartment: 'Bürgerservice', reviewDue: '2027-01-01' };
        for (const sys of productSystems(profile, [
          { id: 'wohngeld', version: '2025.1', procedureLaw: 'sgb-x', discretionPoints: [] },
          { id: 'kita-beitrag', version: '2025.1', procedureLaw: 'vwvfg', discretionPoints: [{ id: 'haertefall', norm: '§ 6 Elternbeitragssatzung' }] },
        ])) {
          await governance.createEntry(M, ADMIN, { id: sys.id, kind: 'product', content: sys.content });
        }
        await governance.setOwners(M, ADMIN, 'wohngeld-regelwerk', [OWNER], new Set([OWNER]));
      });

      it('refuses a quarter that has not ended, and a system without a favourable outcome, in German naming the field', async () => {
        clock = new Date('2025-06-20T10:00:00Z');
        await expect(s.reports.produce(M, 'wohngeld', '2025-Q2')).rejects.toMatchObject({ code: 'conflict', problems: [{ path: '$.quarter' }] });
        await expect(s.reports.produce(M, 'wohngeld', '2025-06')).rejects.toMatchObject({ code: 'invalid_input', problems: [{ path: '$.quarter' }] });
        await expect(s.reports.produce(M, 'gebuehr', '2025-Q1')).rejects.toMatchObject({ code: 'invalid_input', problems: [{ path: '$.systemId' }] });
      });

      it('computes in the database exactly what the core computes from the records, signs it and records it in the ledger', async () => {
        clock = new Date('2025-07-02T06:00:00Z');
        const produced = await s.reports.produce(M, 'wohngeld', '2025-Q2', { role: 'auditor', id: 'pruefer-1' });
        expect(produced.created).toBe(true);
        const r = produced.signed.report;
        // the same decisions and answers, joined by the core in memory
        const sim = simulated('store-q2', 3000, [{ when: { nationalityGroup: 'drittstaat' }, claim: -0.3 }]);
        const ordered = [...sim.decisions].sort((a, b) => (a.pseudonym < b.pseudonym ? -1 : 1));
        const core = buildFairnessReport(ordered, sim.surveys, { systemId: 'wohngeld', period: { from: '2025-04', to: '2025-06' }, generatedAt: r.generatedAt, favourableOutcome: r.favourableOutcome });
        expect(r.datasetSnapshot).toBe(core.datasetSnapshot);
        expect(r).toEqual(core);
        const key = await s.reports.signingKey(M);
        expect(verifyReport(produced.signed, key.publicKey)).toBe(true);
        // ledger: a fairness_report entry with the report's hash, in the same transaction
        expect(produced.stored.ledgerIndex).not.toBeNull();
        const entry = await ledger.entry(produced.stored.ledgerIndex!);
        expect(entry).toMatchObject({ type: 'fairness_report', reportId: r.reportId, systemId: 'wohngeld', periodFrom: '2025-04', periodTo: '2025-06', reportHash: produced.signed.signature.reportHash, actorRole: 'auditor', actor: 'pruefer-1' });
        // asked again: the stored report, never a second one
        const again = await s.reports.produce(M, 'wohngeld', '2025-Q2');
        expect(again.created).toBe(false);
        expect(again.signed).toEqual(produced.signed);
        expect((await s.reports.list(M, 'wohngeld')).map((x) => x.quarter)).toEqual(['2025-Q2']);
      });

      it('alerts the owners of every register entry of the system when the planted disparity crosses the threshold', async () => {
        const { signed, stored, alert } = await s.reports.produce(M, 'wohngeld', '2025-Q2');
        expect(stored.status).toBe('auffaellig');
        expect(alert!.significant).toBeGreaterThan(0);
        expect(alert!.description).toMatch(/Staatsangehörigkeit außerhalb der EU/);
        const alerts = await s.reports.alerts(M, { reportId: signed.report.reportId });
        const linked = ['fairness-monitoring', 'wohngeld-regelwerk', 'wohngeld-vollautomatisiert'];
        expect(alerts.map((a) => a.registerEntryId).sort()).toEqual([...linked].sort());
        expect(alerts.every((a) => a.status === 'open' && a.acknowledged === null)).toBe(true);
        expect(alerts.find((a) => a.registerEntryId === 'wohngeld-regelwerk')!.notified).toEqual([OWNER]);
        for (const id of linked) {
          const detail = await governance.detail(M, id);
          const incident = detail.bundle.incidents.find((i) => i.id === `fairness-${signed.report.reportId}`);
          expect(incident).toMatchObject({ status: 'open', serious: false, suspendsUse: false });
          expect(incident!.description).toContain(signed.signature.reportHash);
        }
        // raised once: asking again adds nothing
        await s.reports.raiseAlert(M, alert!);
        expect(await s.reports.alerts(M, { reportId: signed.report.reportId })).toHaveLength(linked.length);
      });

      it('an alert is a task in its owners’ inbox: they see only their own, and record that they took it up', async () => {
        const { signed } = await s.reports.produce(M, 'wohngeld', '2025-Q2');
        const reportId = signed.report.reportId;
        const owner = { id: OWNER, role: 'team_lead' };
        expect((await s.reports.alerts(M, { reader: owner })).map((a) => a.registerEntryId)).toEqual(['wohngeld-regelwerk']);
        expect(await s.reports.alerts(M, { reader: { id: 'someone-else', role: 'caseworker' } })).toEqual([]);
        expect(await s.reports.alerts(M, { reader: { id: 'dsb', role: 'dpo' } })).toHaveLength(3);
        await expect(s.reports.acknowledge(M, reportId, 'wohngeld-vollautomatisiert', owner, null)).rejects.toMatchObject({ code: 'forbidden' });
        await expect(s.reports.acknowledge(M, reportId, 'kita-beitrag-regelwerk', owner, null)).rejects.toMatchObject({ code: 'not_found', problems: [{ path: '$.registerEntryId' }] });
        const done = await s.reports.acknowledge(M, reportId, 'wohngeld-regelwerk', owner, 'Fachamt prüft die Ablehnungen von Antragstellenden aus Drittstaaten.');
        expect(done).toMatchObject({ status: 'acknowledged', acknowledged: { by: OWNER, role: 'team_lead', note: 'Fachamt prüft die Ablehnungen von Antragstellenden aus Drittstaaten.' } });
        expect(done.acknowledged!.at).toBe(clock.toISOString().replace(/\.\d{3}Z$/, 'Z'));
        // the first note stands
        const again = await s.reports.acknowledge(M, reportId, 'wohngeld-regelwerk', { id: 'dsb', role: 'dpo' }, 'anders');
        expect(again.acknowledged).toEqual(done.acknowledged);
        // an owner named later finds the alerts of the entry they now own
        await governance.setOwners(M, ADMIN, 'wohngeld-vollautomatisiert', ['later-owner'], new Set(['later-owner']));
        expect((await s.reports.alerts(M, { reader: { id: 'later-owner', role: 'caseworker' } })).map((a) => a.registerEntryId)).toEqual(['wohngeld-vollautomatisiert']);
      });

      it('the schedule makes the missing report of the last quarter; without a disparity there is no alert', async () => {
        const run = await s.reports.runSchedule();
        expect(run.failures).toEqual([]);
        expect(run.reports).toHaveLength(1);
        const kita = (await s.reports.list(M, 'kita-beitrag'))[0]!;
        expect(kita.quarter).toBe('2025-Q2');
        expect(kita.status).toBe('unauffaellig');
        expect(await s.reports.alerts(M, { reportId: kita.reportId })).toEqual([]);
        expect((await s.reports.runSchedule()).reports).toEqual([]);
      });

      it('the public page shows each system’s current status through the governance store', async () => {
        governance.useFairnessStatus((m, entry) => s.reports.statusFor(m, entry.links.packs, (id) => `/api/fairness/public/reports/${id}`));
        for (const id of ['wohngeld-regelwerk', 'kita-beitrag-regelwerk']) await db.query(`UPDATE governance_entries SET status = 'active', entry = jsonb_set(entry, '{status}', '"active"') WHERE id = $1`, [id]);
        const view = await transparencyView(governance, M, clock);
        const byId = Object.fromEntries(view.systems.map((x) => [x.id, x]));
        expect(byId['wohngeld-regelwerk']!.figures!.fairness).toMatchObject({ label: 'auffällig – wird geprüft', date: '02.07.2025' });
        expect(byId['wohngeld-regelwerk']!.figures!.fairness!.url).toMatch(/^\/api\/fairness\/public\/reports\/[0-9a-f]{32}$/);
        expect(byId['kita-beitrag-regelwerk']!.figures!.fairness).toMatchObject({ label: 'unauffällig' });
      });

      it('a quarter with too few decisions is published as „in Prüfung“ and shows no group', async () => {
        const few = simulateDecisions(generatePopulation({ seed: 'few', count: 8, from: '2025-07', to: '2025-09' }), { seed: 'few' });
        await plant(db, few.decisions, few.surveys);
        clock = new Date('2025-10-01T08:00:00Z');
        const { signed, stored } = await s.reports.produce(M, 'wohngeld', '2025-Q3');
        expect(stored.status).toBe('in-pruefung');
        expect(signed.report.population).toEqual({ decisions: 0, withSurveyAnswers: null, shown: false });
        expect(signed.report.groupings.every((g) => g.groups.length === 0)).toBe(true);
        expect(await s.reports.statusFor(M, ['wohngeld'], (id) => id)).toMatchObject({ status: 'in-pruefung' });
      });
    });
  });
}
