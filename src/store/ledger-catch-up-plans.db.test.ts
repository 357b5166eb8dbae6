/**
 * The ledger catches up after every commit, so its reads must cost what the new records cost —
 * not what the whole log or every case ever stored costs. This test records the statements one
 * catch-up issues against a database of realistic shape and asks PostgreSQL for each plan:
 * cases, their keys, the commitment salts and the ledger leaves may only be reached through an
 * index, never read whole. Drafts are read by cursor, each entered once.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMasterKeyring } from '../privacy/index.ts';
import { CaseKeys } from './case-keys.ts';
import { sealedSalts } from './case-salts.ts';
import type { Db, Row, Sql } from './db.ts';
import { generateKey } from '../ledger/index.ts';
import { Ledger } from './ledger.ts';
import { pendingEntries } from './ledger-entries.ts';
import { migrate } from './migrate.ts';
import { STORES, testDatabase } from './test-database.ts';

const CASES = 3000;
const LEAVES = 8000;
/** Tables that grow with every case and entry: never to be read whole by a catch-up. */
const GROWING = ['cases', 'case_keys', 'ledger_case_salts', 'ledger_leaves'];
const keys = new CaseKeys(parseMasterKeyring(`test:${randomBytes(32).toString('base64')}`));

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/** Tables a plan reads whole: a sequential scan, or an index walked without a condition (only filtered). */
function fullScans(node: PlanNode, out: string[] = []): string[] {
  const type = node['Node Type'];
  const walked = (type === 'Index Scan' || type === 'Index Only Scan') && !node['Index Cond'];
  if ((type === 'Seq Scan' || walked) && node['Relation Name']) out.push(node['Relation Name']);
  for (const child of node.Plans ?? []) fullScans(child, out);
  return out;
}

/** An Sql that runs everything and remembers each read and insert with its parameters. */
function recording(db: Db, seen: { text: string; params: readonly unknown[] }[]): Sql {
  return {
    query<T = Row>(text: string, params: readonly unknown[] = []) {
      if (/^\s*(SELECT|INSERT)/i.test(text) && !/pg_advisory|to_regclass/.test(text)) seen.push({ text, params });
      return db.query<T>(text, params);
    },
    queryArrays: (text, params) => db.queryArrays(text, params),
  };
}

for (const kind of STORES) {
  describe(`ledger catch-up reads by index (${kind})`, () => {
    let db: Db;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      ({ db, drop } = await testDatabase(kind));
      await migrate(db);
      await db.query(`INSERT INTO municipalities (id, name) VALUES ('musterstadt', 'Stadt Musterstadt')`);
      await db.query(
        `INSERT INTO cases (id, municipality_id, aktenzeichen, pack_id, pack_release, state)
         SELECT gen_random_uuid(), 'musterstadt', 'WG-' || g, 'wohngeld', '2025.1', 'checked' FROM generate_series(1, $1::int) g`,
        [CASES],
      );
      // A log that has grown long since the municipality's settings were last recorded.
      await db.query(
        `INSERT INTO ledger_leaves (idx, data, hash, entry_type, case_id, covers)
         SELECT g, '{"valueHash":"x"}', '\\x00', CASE WHEN g = 0 THEN 'configuration_change' ELSE 'case_event' END, NULL,
                CASE WHEN g = 0 THEN 'config:musterstadt' ELSE 'event:' || g END
         FROM generate_series(0, $1::int - 1) g`,
        [LEAVES],
      );
      // Every case has one old event (already logged) and one new one (pending).
      await db.query(
        `INSERT INTO case_events (case_id, municipality_id, type, actor_kind, data)
         SELECT id, 'musterstadt', t, 'system', '{}'::jsonb FROM cases, (VALUES ('received'), ('checked')) v(t) ORDER BY t DESC`,
      );
      // Each case has its own key, which seals its commitment salt; half of them have a salt already.
      const ids = (await db.query<{ id: string }>(`SELECT id FROM cases ORDER BY id`)).map((r) => r.id);
      const wrapped = ids.map((id) => {
        const k = keys.create('musterstadt', id);
        k.cipher.close();
        return k.wrapped;
      });
      await db.query(
        `INSERT INTO case_keys (case_id, municipality_id, wrapped, master_key_id) SELECT x.id, 'musterstadt', x.w, 'test' FROM unnest($1::uuid[], $2::text[]) x(id, w)`,
        [ids, wrapped],
      );
      await db.query(`INSERT INTO ledger_case_salts (case_id, salt) SELECT id, decode(md5(id::text) || md5(id::text || 'x'), 'hex') FROM cases WHERE aktenzeichen < 'WG-2'`);
      await db.query(`INSERT INTO ledger_cursors (source, last_id) VALUES ('case_events', $1) ON CONFLICT (source) DO UPDATE SET last_id = $1`, [String(CASES)]);
      // Drafts are read by absence from the log: each must be a probe of the log, not a read of it.
      await db.query(
        `INSERT INTO drafts (id, case_id, municipality_id, kind, text, text_hash, created_by)
         SELECT gen_random_uuid(), id, 'musterstadt', 'bescheid', 'Entwurf', 'sha256:' || encode(sha256(id::text::bytea), 'hex'), 'system' FROM cases`,
      );
    }, 120_000);

    afterAll(async () => {
      await drop?.();
    });

    it('plans no full read of cases or of the log', async () => {
      const seen: { text: string; params: readonly unknown[] }[] = [];
      // a batch small against the tables, as after every commit: a third of all cases would rightly be read whole
      const pending = await pendingEntries(recording(db, seen), 50, sealedSalts(keys));
      expect(pending.length).toBeGreaterThan(0);
      expect(seen.length).toBeGreaterThanOrEqual(4);
      const scans: string[] = [];
      for (const s of seen) {
        const [row] = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${s.text}`, s.params);
        const raw = row!['QUERY PLAN'];
        const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
        for (const r of fullScans(plan[0]!.Plan)) if (GROWING.includes(r)) scans.push(`${r} in: ${s.text.replace(/\s+/g, ' ').slice(0, 90)}`);
      }
      expect(scans).toEqual([]);
    });

    it('reads drafts by cursor: each is entered once, also when the cursor passes drafts logged before it existed', async () => {
      const ledger = new Ledger(db, { signerKey: generateKey('musterstadt.example/amtsklar').signerKey, salts: sealedSalts(keys) });
      // a log of its own: the first test's leaves were stand-ins, and it moved the cursors without appending
      for (const table of ['ledger_leaves', 'ledger_nodes', 'ledger_checkpoints', 'ledger_cursors']) await db.query(`DELETE FROM ${table}`);
      await db.query(`UPDATE ledger_head SET size = 0`);
      await ledger.catchUp();
      const drafts = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ledger_leaves WHERE entry_type = 'draft'`))[0]!.n);
      expect(await drafts()).toBe(CASES);
      // as after migration 0106: drafts already in the log, a cursor that starts from nothing
      await db.query(`UPDATE ledger_cursors SET last_id = '0' WHERE source = 'drafts'`);
      await ledger.catchUp();
      expect(await drafts()).toBe(CASES);
      const [cursor] = await db.query<{ last_id: string }>(`SELECT last_id FROM ledger_cursors WHERE source = 'drafts'`);
      expect(cursor!.last_id).toBe(String(CASES));
    });
  });
}
