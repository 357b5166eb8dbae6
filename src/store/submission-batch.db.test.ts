import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRecord, NewSubmission, StoredSubmission } from '../cases/index.ts';
import { parseMasterKeyring } from '../privacy/index.ts';
import { CaseKeys } from './case-keys.ts';
import { caseStore } from './case-repository.ts';
import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { MAX_BATCHES_IN_FLIGHT } from './submission-batch.ts';
import { STORES, testDatabase } from './test-database.ts';

const SETTINGS = { packReleases: { wohngeld: '2025.1' } };

/** A checked application as the workflow hands it to the store (the decision is a stand-in: the store does not read it). */
function submission(n: number, o: { key?: string | null; settings?: unknown; assignedTo?: string | null } = {}): NewSubmission {
  const at = new Date(Date.UTC(2026, 10, 28, 8, 0, n % 60)).toISOString();
  const id = randomUUID();
  const citizenId = randomUUID();
  const decision = { pack: 'wohngeld', packVersion: '2025.1', outcome: 'decided', values: { wohngeld: `${100 + n}.00`, ordnung: { z: 1, a: [2, 'ä'] } }, receipt: { resultHash: `sha256:${n}` } };
  const c = {
    id, municipalityId: 'musterstadt', aktenzeichen: '', packId: 'wohngeld', packRelease: '2025.1', state: 'checked', version: 1, teamId: 'wohngeld', assignedTo: o.assignedTo ?? null,
    citizenId, decision, discretion: {}, overrides: {}, approvals: [], documentsDue: null, remindedAt: null, issuedAt: null, issuedBy: null, objectionDue: null, closedAt: null,
    anonymisedAt: null, createdAt: at, updatedAt: at,
  } as unknown as CaseRecord;
  const actor = { kind: 'citizen' as const, id: citizenId, name: 'Antragsteller/in' };
  const key = o.key === undefined ? `k-${n}-${randomUUID()}` : o.key;
  return {
    case: c,
    aktenzeichenPrefix: 'WG-2026-',
    personal: { applicant: { name: `Person ${n}` }, application: { miete_monat: `${400 + n}.00` } },
    accessCodeHash: `code-${n}`,
    loginLink: { tokenHash: `token-${n}-${randomUUID()}`, expiresAt: new Date(Date.UTC(2026, 11, 28)) },
    events: [
      { caseId: id, municipalityId: 'musterstadt', type: 'received', from: null, to: 'received', actor, reason: null, data: { n }, at },
      { caseId: id, municipalityId: 'musterstadt', type: 'checked', from: 'received', to: 'checked', actor: { kind: 'system', id: 'system', name: 'Regelwerk' }, reason: null, data: {}, at },
    ],
    settingsChecked: o.settings ?? SETTINGS,
    idempotency: key ? { key, requestHash: `req-${key}`, status: 201, response: { caseId: id, aktenzeichen: '' } } : null,
    job: null,
  };
}

const serial = (s: StoredSubmission) => ('aktenzeichen' in s ? Number(s.aktenzeichen.slice(-6)) : NaN);

describe.each(STORES)('submissions stored together (%s)', (kind) => {
  let db: Db;
  let drop: () => Promise<void>;
  let store: ReturnType<typeof caseStore>;
  /** Statements that stored a batch, with their number of applications. */
  const batches: number[] = [];

  beforeAll(async () => {
    ({ db, drop } = await testDatabase(kind));
    await migrate(db);
    await db.query(`INSERT INTO municipalities (id, name, settings) VALUES ('musterstadt', 'Stadt Musterstadt', $1)`, [JSON.stringify(SETTINGS)]);
    // count the batch statements the store sends
    const counting: Db = Object.create(db) as Db;
    counting.query = (async (text: string, params?: readonly unknown[]) => {
      if (text.includes('json_to_recordset')) batches.push((JSON.parse(params![0] as string) as unknown[]).length);
      return db.query(text, params);
    }) as Db['query'];
    store = caseStore(counting, async () => undefined, new CaseKeys(parseMasterKeyring(`t:${randomBytes(32).toString('base64')}`)));
  }, 300_000);
  afterAll(async () => drop?.());

  /** Everything stored for a case, as text, to compare a case stored in a batch with one stored alone. */
  async function stored(caseId: string) {
    const [c] = await db.query<Record<string, unknown>>(
      `SELECT aktenzeichen, state, version, team_id, citizen_id, access_code_hash, decision::text AS decision, outcome, result_hash, discretion, overrides, approvals,
        created_at = updated_at AS same_times FROM cases WHERE id = $1`,
      [caseId],
    );
    const events = await db.query('SELECT type, from_state, to_state, actor_kind, actor_id, actor_name, reason, data FROM case_events WHERE case_id = $1 ORDER BY id', [caseId]);
    const [counts] = await db.query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM case_keys WHERE case_id = $1) AS keys, (SELECT count(*)::int FROM case_personal WHERE case_id = $1) AS personal,
        (SELECT count(*)::int FROM login_links l JOIN cases c ON c.citizen_id = l.citizen_id WHERE c.id = $1) AS links,
        (SELECT count(*)::int FROM citizens ci JOIN cases c ON c.citizen_id = ci.id WHERE c.id = $1) AS citizens`,
      [caseId],
    );
    return { c, events, counts };
  }

  it('stores applications that arrive together in one statement, each exactly as it would be stored alone', async () => {
    batches.length = 0;
    const subs = Array.from({ length: 12 }, (_, n) => submission(n));
    const results = await Promise.all(subs.map((s) => store.storeSubmission(s)));
    // the first ones go alone at once; what arrived meanwhile went together
    expect(batches).toEqual([12 - MAX_BATCHES_IN_FLIGHT]);
    const serials = results.map(serial);
    expect(serials.every(Number.isInteger)).toBe(true);
    expect(new Set(serials).size).toBe(12);
    expect(Math.max(...serials) - Math.min(...serials)).toBe(11); // no number drawn in vain

    const alone = submission(99);
    const aloneResult = await store.storeSubmission(alone);
    expect(serial(aloneResult)).toBe(Math.max(...serials) + 1);
    const a = await stored(alone.case.id);
    for (const [n, s] of subs.entries()) {
      const b = await stored(s.case.id);
      expect(b.c!.aktenzeichen).toBe((results[n] as { aktenzeichen: string }).aktenzeichen);
      // the decision is kept as written, key order included (the column is json)
      expect(b.c!.decision).toBe(JSON.stringify(s.case.decision));
      expect({ ...b.c, aktenzeichen: '', decision: '', access_code_hash: '', citizen_id: '', result_hash: '' }).toEqual({ ...a.c, aktenzeichen: '', decision: '', access_code_hash: '', citizen_id: '', result_hash: '' });
      expect(b.events.map((e) => ({ ...e, actor_id: e.actor_id === s.case.citizenId ? 'citizen' : e.actor_id, data: '' }))).toEqual(
        a.events.map((e) => ({ ...e, actor_id: e.actor_id === alone.case.citizenId ? 'citizen' : e.actor_id, data: '' })),
      );
      expect(b.events[0]!.data).toEqual({ n });
      expect(b.counts).toEqual({ keys: 1, personal: 1, links: 1, citizens: 1 });
      expect(await store.unitOfWork((u) => u.getPersonal(s.case.id))).toEqual(s.personal);
      const [answer] = await db.query<{ response: { aktenzeichen: string } }>('SELECT response FROM idempotency_keys WHERE key = $1', [s.idempotency!.key]);
      expect(answer!.response.aktenzeichen).toBe(b.c!.aktenzeichen);
    }
  });

  it('answers each application in a batch as alone: an earlier answer, changed settings, a key twice — and stores the others', async () => {
    const earlier = submission(200);
    const first = await store.storeSubmission(earlier);
    const casesBefore = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases'))[0]!.n;
    batches.length = 0;
    const twice = `twice-${randomUUID()}`;
    const subs = [
      submission(201),
      submission(202),
      submission(203, { key: earlier.idempotency!.key }), // repeated request: the earlier answer
      submission(204, { settings: { packReleases: { wohngeld: '1999.1' } } }), // checked under old settings
      submission(205, { key: null }),
      submission(206, { key: twice }),
      submission(207, { key: twice }), // the same key twice in one batch: the key refuses the batch
      submission(208),
    ];
    const results = await Promise.all(subs.map((s) => store.storeSubmission(s)));
    expect(batches[0]).toBe(subs.length - MAX_BATCHES_IN_FLIGHT);
    expect(results[2]).toEqual({ prior: { status: 201, response: { caseId: earlier.case.id, aktenzeichen: (first as { aktenzeichen: string }).aktenzeichen }, requestHash: `req-${earlier.idempotency!.key}` } });
    expect(results[3]).toEqual({ settingsChanged: true });
    // of the two with one key, one is stored, the other gets its answer
    const pair = [results[5]!, results[6]!];
    expect(pair.filter((r) => 'aktenzeichen' in r)).toHaveLength(1);
    expect(pair.filter((r) => 'prior' in r)).toHaveLength(1);
    for (const i of [0, 1, 4, 7]) expect(results[i]).toHaveProperty('aktenzeichen');
    const casesAfter = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases'))[0]!.n;
    expect(casesAfter - casesBefore).toBe(5);
    for (const i of [2, 3]) expect((await db.query('SELECT 1 FROM cases WHERE id = $1', [subs[i]!.case.id])).length).toBe(0);
  });

  it('a batch that fails as a whole is stored one by one: the faulty application gets its error, the others are stored, nothing half', async () => {
    batches.length = 0;
    const subs = Array.from({ length: 6 }, (_, n) => submission(300 + n, n === 4 ? { assignedTo: randomUUID() } : {})); // no such user: a foreign key refuses it
    const results = await Promise.allSettled(subs.map((s) => store.storeSubmission(s)));
    expect(batches).toEqual([6 - MAX_BATCHES_IN_FLIGHT]);
    expect(results[4]!.status).toBe('rejected');
    for (const [i, r] of results.entries()) if (i !== 4) expect(r.status === 'fulfilled' && 'aktenzeichen' in r.value).toBe(true);
    const bad = subs[4]!;
    for (const table of ['cases WHERE id', 'case_keys WHERE case_id', 'case_personal WHERE case_id', 'case_events WHERE case_id']) {
      expect((await db.query(`SELECT 1 FROM ${table} = $1`, [bad.case.id])).length).toBe(0);
    }
    expect((await db.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [bad.idempotency!.key])).length).toBe(0);
  });
});
