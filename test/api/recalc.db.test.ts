import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecalcService, type RecalcStore } from '../../src/cases/index.ts';
import { installedEngine } from '../../src/server/index.ts';
import { caseStore } from '../../src/store/index.ts';
import { NEW_RELEASE, packsWithLawChange } from './law-change.ts';
import { STORES, eventually, startTestPlatform, type TestPlatform } from './helpers.ts';

const member = { id: 'p1', rolle: 'antragsteller', geburtsdatum: '1985-04-12', einkuenfte: [{ art: 'erwerb', brutto_monat: '1800.00' }], abzuege_16: { steuern: true, kranken_pflege: true, rente: true } };
const antrag = (miete: string) => ({ stichtag: '2025-03-01', mietenstufe: 3, miete_monat: miete, haushaltsmitglieder: [member] });

describe.each(STORES)('recalculation after a law change (%s)', (kind) => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform(kind, installedEngine(packsWithLawChange()));
    await t.db.query(`UPDATE municipalities SET settings = '{"packReleases":{"wohngeld":"2025.1"}}' WHERE id = 'musterstadt'`);
  });
  afterAll(async () => t?.close());

  it('re-evaluates running cases, proposes changed results side by side, and the caseworker accepts or rejects', async () => {
    const ids: Record<string, string[]> = { '400.00': [], '600.00': [] };
    for (const miete of ['400.00', '600.00', '600.00', '400.00', '600.00']) {
      const r = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'N' }, antrag: antrag(miete) } });
      expect(r.status).toBe(201);
      ids[miete]!.push(r.body.caseId);
    }
    // An issued case is not running: it is not recalculated.
    const issuedId = ids['600.00']![2]!;
    await t.db.query("UPDATE cases SET state = 'issued' WHERE id = $1", [issuedId]);

    const lead = await t.login('teamleitung');
    const cw = await t.login('sachbearbeitung');
    expect((await t.call('POST', '/api/recalculations', { token: cw, body: { packId: 'wohngeld', release: NEW_RELEASE } })).status).toBe(403);
    const start = await t.call('POST', '/api/recalculations', { token: lead, body: { packId: 'wohngeld', release: NEW_RELEASE } });
    expect(start.status).toBe(202);
    expect(start.body.total).toBe(4);
    const run = await eventually(async () => {
      const r = (await t.call('GET', `/api/recalculations/${start.body.id}`, { token: lead })).body;
      return r.finishedAt ? r : null;
    });
    expect(run.total).toBe(4);
    const items = await t.db.query<{ case_id: string; state: string; handled_count: number }>('SELECT case_id, state, handled_count FROM recalc_items WHERE run_id = $1', [start.body.id]);
    expect(items.every((i) => i.handled_count === 1)).toBe(true);
    for (const i of items) expect(i.state).toBe(ids['600.00']!.includes(i.case_id) ? 'changed' : 'unchanged');

    const [accepted, rejected] = ids['600.00']!;
    const list = (await t.call('GET', `/api/cases/${accepted}/proposals`, { token: cw })).body.items;
    expect(list).toHaveLength(1);
    const p = (await t.call('GET', `/api/proposals/${list[0].id}`, { token: cw })).body;
    expect(p.changes).toContainEqual({ name: 'wohngeld_monat', old: 169, new: 200 });
    expect(p.old.packVersion).toBe('2025.1');
    expect(p.new.packVersion).toBe(NEW_RELEASE);
    expect(p.old.trace.length).toBeGreaterThan(5);
    expect(p.new.trace.length).toBeGreaterThan(5);
    expect((await t.call('GET', `/api/cases/${ids['400.00']![0]}/proposals`, { token: cw })).body.items).toHaveLength(0);

    // Nothing changes a case by itself.
    let c = (await t.call('GET', `/api/cases/${accepted}`, { token: cw })).body;
    expect(c.packRelease).toBe('2025.1');
    const acc = await t.call('POST', `/api/proposals/${p.id}/accept`, { token: cw, body: { version: c.version } });
    expect(acc.status).toBe(200);
    c = (await t.call('GET', `/api/cases/${accepted}`, { token: cw })).body;
    expect(c.packRelease).toBe(NEW_RELEASE);
    expect(c.decision.values.wohngeld_monat).toBe(200);
    expect((await t.call('POST', `/api/proposals/${p.id}/accept`, { token: cw, body: { version: c.version } })).status).toBe(409);

    const p2 = (await t.call('GET', `/api/cases/${rejected}/proposals`, { token: cw })).body.items[0];
    const c2 = (await t.call('GET', `/api/cases/${rejected}`, { token: cw })).body;
    expect((await t.call('POST', `/api/proposals/${p2.id}/reject`, { token: cw, body: { version: c2.version } })).status).toBe(400);
    const rej = await t.call('POST', `/api/proposals/${p2.id}/reject`, { token: cw, body: { version: c2.version, reason: 'Bewilligungszeitraum beginnt vor Inkrafttreten der Änderung.' } });
    expect(rej.status).toBe(200);
    const after = (await t.call('GET', `/api/cases/${rejected}`, { token: cw })).body;
    expect(after.packRelease).toBe('2025.1');
    expect(after.decision.values.wohngeld_monat).toBe(169);
    const history = (await t.call('GET', `/api/cases/${rejected}/history`, { token: cw })).body.items;
    expect(history.some((e: { type: string; reason: string }) => e.type === 'recalculation_rejected' && e.reason.includes('Inkrafttreten'))).toBe(true);
  });

  it('a proposal whose old Rechenweg cannot be recomputed shows the old result with the reason', async () => {
    const r = await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'N' }, antrag: antrag('650.00') } });
    expect(r.status).toBe(201);
    const id = r.body.caseId as string;
    // As if the stored decision had been altered: the application no longer leads to its receipt.
    await t.db.query(`UPDATE cases SET decision = jsonb_set(decision::jsonb, '{receipt,resultHash}', '"sha256:${'0'.repeat(64)}"')::json WHERE id = $1`, [id]);
    const lead = await t.login('teamleitung');
    const start = await t.call('POST', '/api/recalculations', { token: lead, body: { packId: 'wohngeld', release: NEW_RELEASE } });
    expect(start.status, JSON.stringify(start.body)).toBe(202);
    await eventually(async () => (await t.call('GET', `/api/recalculations/${start.body.id}`, { token: lead })).body.finishedAt);
    const cw = await t.login('sachbearbeitung');
    const [item] = (await t.call('GET', `/api/cases/${id}/proposals`, { token: cw })).body.items;
    const p = (await t.call('GET', `/api/proposals/${item.id}`, { token: cw })).body;
    expect(p.old.rechenwegProblem.message).toMatch(/Rechenweg lässt sich nicht nachrechnen/);
    expect(p.old.trace).toBeUndefined();
    expect(p.old.values.wohngeld_monat).toBeTypeOf('number');
    expect(p.new.trace.length).toBeGreaterThan(5);
  });
});

/**
 * Two workers finishing the last two batches at the same moment. The run's end was checked inside
 * each batch's transaction, where each saw the other's items still pending: neither marked the
 * run finished, and it stayed "running" for ever (a full CI run waited 800 s for it). Here both
 * transactions are held after writing their items until the other got there too.
 */
describe('recalculation: the last two batches finish at once (postgres)', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform('postgres', installedEngine(packsWithLawChange()));
    await t.db.query(`UPDATE municipalities SET settings = '{"packReleases":{"wohngeld":"2025.1"}}' WHERE id = 'musterstadt'`);
  });
  afterAll(async () => t?.close());

  it('is marked finished', async () => {
    for (const miete of ['400.00', '600.00', '450.00', '650.00']) {
      expect((await t.call('POST', '/api/applications', { body: { packId: 'wohngeld', applicant: { name: 'N' }, antrag: antrag(miete) } })).status).toBe(201);
    }
    // no queue: the two batches are run by hand, at once
    const store = caseStore(t.db, async () => undefined, t.platform.keys);
    let arrived = 0;
    let release!: () => void;
    const bothThere = new Promise<void>((r) => (release = r));
    const held: RecalcStore = {
      unitOfWork: (fn) =>
        store.unitOfWork((u) =>
          fn(
            new Proxy(u, {
              get(target, prop, receiver) {
                if (prop !== 'finishItems') return Reflect.get(target, prop, receiver);
                return async (...args: Parameters<typeof u.finishItems>) => {
                  await target.finishItems(...args);
                  if (++arrived === 2) release();
                  await bothThere;
                };
              },
            }),
          ),
        ),
    };
    const recalc = new RecalcService(held, t.platform.cases.engine);
    const lead = { kind: 'system' as const, id: 'system' as const, name: 'Test', role: 'system' as const, municipalityId: 'musterstadt' };
    const run = await recalc.start(lead, 'wohngeld', NEW_RELEASE, 2);
    expect(run.batches).toBe(2);
    await Promise.all([recalc.processBatch('musterstadt', run.id, 0, 'a'), recalc.processBatch('musterstadt', run.id, 1, 'b')]);
    const rows = await t.db.query<{ finished: boolean }>('SELECT finished_at IS NOT NULL AS finished FROM recalc_runs WHERE id = $1', [run.id]);
    expect(rows[0]!.finished).toBe(true);
  });
});
