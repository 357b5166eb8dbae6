import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMasterKeyring } from '../../src/privacy/index.ts';
import { installedEngine } from '../../src/server/index.ts';
import { CaseKeys, migrate } from '../../src/store/index.ts';
import { seedTenant } from '../../src/seed/index.ts';
import { NEW_RELEASE, packsWithLawChange } from './law-change.ts';
import { testDatabase } from './helpers.ts';
import { insertSealedPersonal } from './sealed-bulk.ts';
import { amtsklar, freePort, stop, waitFor, type Proc } from './processes.ts';

/**
 * A Land's IT provider: two API processes and two worker processes against one PostgreSQL
 * recalculate 100,000 running cases after a law change. Every case is handled exactly once
 * (counted per case), both workers take part, and exactly the changed cases get a proposal.
 */
// AMTSKLAR_TEST_RECALC_CASES: a smaller run while working on the job loop (a multiple of 50)
const CASES = Number(process.env.AMTSKLAR_TEST_RECALC_CASES ?? 100_000);
const MASTER_KEYS = `recalc-scale:${randomBytes(32).toString('base64')}`;
const keys = new CaseKeys(parseMasterKeyring(MASTER_KEYS));

describe('recalculation of 100,000 cases by two API and two worker processes (postgres)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it('handles each case exactly once', { timeout: 900_000 }, async () => {
    const t = await testDatabase('postgres');
    cleanup.push(t.drop);
    const db = t.db;
    await migrate(db);
    const staff = await seedTenant(db, 'musterstadt', 'Stadt Musterstadt', [{ username: 'teamleitung', displayName: 'Tanja Teamleiterin', role: 'team_lead', teamId: 'wohngeld' }]);
    await db.query(`UPDATE municipalities SET settings = '{"packReleases":{"wohngeld":"2025.1"}}' WHERE id = 'musterstadt'`);
    const packs = packsWithLawChange();
    const engine = installedEngine(packs);

    // 50 kinds of households; one kind (rent above the old cap) changes with the new release.
    const templates: { application: object; decision: object; changes: boolean }[] = [];
    for (let k = 0; k < 50; k++) {
      const miete = k === 0 ? '600.00' : `${340 + k * 2}.00`;
      const application = {
        stichtag: '2025-03-01',
        mietenstufe: 3,
        miete_monat: miete,
        haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', geburtsdatum: '1975-05-05', einkuenfte: [{ art: 'erwerb', brutto_monat: `${1500 + k * 10}.00` }], abzuege_16: { steuern: true, kranken_pflege: true, rente: true } }],
      };
      const decision = engine.decide('wohngeld', '2025.1', application, { trace: false });
      const next = engine.decide('wohngeld', NEW_RELEASE, application, { trace: false });
      templates.push({ application, decision, changes: decision.values.wohngeld_monat !== next.values.wohngeld_monat });
    }
    expect(templates.filter((x) => x.changes)).toHaveLength(1);
    const started = Date.now();
    await db.transaction(async (tx) => {
      await tx.query('CREATE TEMP TABLE tpl (k int, application jsonb, decision jsonb) ON COMMIT DROP');
      await tx.query(`INSERT INTO tpl SELECT (e->>'k')::int, e->'application', e->'decision' FROM jsonb_array_elements($1::jsonb) e`, [
        JSON.stringify(templates.map((x, k) => ({ k, application: x.application, decision: x.decision }))),
      ]);
      await tx.query(
        `INSERT INTO cases (id, municipality_id, aktenzeichen, pack_id, pack_release, state, version, team_id, decision, outcome, result_hash)
         SELECT gen_random_uuid(), 'musterstadt', 'LT-2025-' || lpad(g::text, 7, '0'), 'wohngeld', '2025.1', 'checked', 1, 'wohngeld',
                tpl.decision, 'decided', tpl.decision->'receipt'->>'resultHash'
         FROM generate_series(1, $1::int) g JOIN tpl ON tpl.k = g % 50`,
        [CASES],
      );
    });
    // Personal data sealed under each case's own key, as the platform writes it; the processes below get the same master key.
    const cases = await db.query<{ id: string; aktenzeichen: string }>('SELECT id, aktenzeichen FROM cases');
    await insertSealedPersonal(
      db,
      keys,
      cases.map((c) => ({ caseId: c.id, municipalityId: 'musterstadt', personal: { applicant: { name: `Lasttest ${c.aktenzeichen}` }, application: templates[Number(c.aktenzeichen.slice(8)) % 50]!.application as Record<string, unknown> } })),
    );
    const bulkMs = Date.now() - started;

    const env = { DATABASE_URL: t.url!, AMTSKLAR_PACKS_DIR: packs, AMTSKLAR_DB_POOL: '4', AMTSKLAR_MASTER_KEYS: MASTER_KEYS };
    const ports = [await freePort(), await freePort()];
    const procs: Proc[] = [];
    for (const port of ports) procs.push(amtsklar(['serve', '--port', String(port), '--no-worker', '--no-seed'], env));
    for (let i = 0; i < 2; i++) procs.push(amtsklar(['worker', '--sweep-seconds', '3600'], env));
    for (const p of procs) cleanup.push(() => stop(p));
    for (let i = 0; i < 2; i++) await waitFor(`http://127.0.0.1:${ports[i]}/ready`, 240_000, procs[i]);
    for (const p of procs.slice(2)) {
      const s = Date.now();
      while (!p.output().includes('Worker')) {
        if (p.child.exitCode !== null || Date.now() - s > 240_000) throw new Error(`worker did not start:\n${p.output()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }

    const api = (i: number, path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${ports[i]}${path}`, init).then(async (r) => ({ status: r.status, body: (await r.json()) as any })); // eslint-disable-line @typescript-eslint/no-explicit-any
    const login = await api(0, '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'teamleitung', password: staff[0]!.password }) });
    expect(login.status).toBe(200);
    const auth = { authorization: `Bearer ${login.body.token}`, 'content-type': 'application/json' };
    const recalcStart = Date.now();
    const run = await api(0, '/api/recalculations', { method: 'POST', headers: auth, body: JSON.stringify({ packId: 'wohngeld', release: NEW_RELEASE }) });
    expect(run.status).toBe(202);
    expect(run.body.total).toBe(CASES);
    for (;;) {
      const r = await api(1, `/api/recalculations/${run.body.id}`, { headers: auth });
      expect(r.status).toBe(200);
      if (r.body.finishedAt) break;
      if (Date.now() - recalcStart > 800_000) throw new Error(`recalculation did not finish: ${JSON.stringify(r.body).slice(0, 500)}\n${procs.map((p) => p.output().slice(-2000)).join('\n---\n')}`);
      await new Promise((res) => setTimeout(res, 1000));
    }
    const recalcMs = Date.now() - recalcStart;

    const counts = await db.query<{ items: number; once: number; pending: number; failed: number; changed: number; workers: number }>(
      `SELECT count(*)::int AS items, count(*) FILTER (WHERE handled_count = 1)::int AS once, count(*) FILTER (WHERE state = 'pending')::int AS pending,
              count(*) FILTER (WHERE state = 'failed')::int AS failed, count(*) FILTER (WHERE state = 'changed')::int AS changed, count(DISTINCT handled_by)::int AS workers
       FROM recalc_items WHERE run_id = $1`,
      [run.body.id],
    );
    const c = counts[0]!;
    expect(c.items).toBe(CASES);
    expect(c.once).toBe(CASES);
    expect(c.pending).toBe(0);
    expect(c.failed).toBe(0);
    expect(c.workers).toBe(2);
    expect(c.changed).toBe(CASES / 50);
    const proposals = await db.query<{ n: number; cases: number }>('SELECT count(*)::int AS n, count(DISTINCT case_id)::int AS cases FROM recalc_proposals WHERE run_id = $1', [run.body.id]);
    expect(proposals[0]).toEqual({ n: CASES / 50, cases: CASES / 50 });
    const untouched = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE pack_release <> '2025.1'");
    expect(untouched[0]!.n).toBe(0);
    console.log(`[recalc-scale] bulk insert ${CASES} cases: ${bulkMs} ms; recalculation: ${recalcMs} ms (${Math.round(CASES / (recalcMs / 1000))} cases/s)`);
  });
});
