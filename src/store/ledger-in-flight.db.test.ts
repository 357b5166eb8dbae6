/**
 * Ids of case events are drawn when a row is inserted, not when its transaction commits: a
 * later event can commit first. A catch-up that moved its cursor past it would skip the earlier
 * event for good. These tests hold one transaction open on a connection of their own while a
 * later event commits and the log catches up. Only on the PostgreSQL server: PGlite has one
 * connection, so two transactions cannot interleave there.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../ledger/index.ts';
import type { Db } from './db.ts';
import { Ledger } from './ledger.ts';
import { migrate } from './migrate.ts';
import { STORES, testDatabase } from './test-database.ts';

const EVENT = `INSERT INTO case_events (case_id, municipality_id, type, actor_kind, data) VALUES ($1, 'musterstadt', 'received', 'system', $2)`;

describe.runIf(STORES.includes('postgres'))('ledger catch-up with transactions in flight (postgres)', () => {
  let db: Db;
  let url: string | null;
  let drop: () => Promise<void>;
  let ledger: Ledger;

  beforeAll(async () => {
    ({ db, url, drop } = await testDatabase('postgres'));
    await migrate(db);
    await db.query(`INSERT INTO municipalities (id, name) VALUES ('musterstadt', 'Stadt Musterstadt')`);
    ledger = new Ledger(db, { signerKey: generateKey('musterstadt.example/amtsklar').signerKey });
    await ledger.catchUp();
  }, 120_000);
  afterAll(async () => drop?.());

  async function newCase(): Promise<string> {
    const id = randomUUID();
    await db.query(`INSERT INTO cases (id, municipality_id, aktenzeichen, pack_id, pack_release, state) VALUES ($1, 'musterstadt', $2, 'wohngeld', '2025.1', 'received')`, [id, `WG-${id.slice(0, 8)}`]);
    return id;
  }

  const received = async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ledger_leaves WHERE entry_type = 'application_received'`))[0]!.n);
  const inputHash = () => JSON.stringify({ inputHash: `sha256:${randomUUID().replace(/-/g, '').padEnd(64, '0')}` });

  /** An event inserted in a transaction that stays open until `commit` is called. */
  async function heldEvent(caseId: string): Promise<{ commit(): Promise<void> }> {
    const c = new pg.Client({ connectionString: url! });
    await c.connect();
    await c.query('BEGIN');
    await c.query(EVENT, [caseId, inputHash()]);
    return {
      async commit() {
        await c.query('COMMIT');
        await c.end();
      },
    };
  }

  /** Two events of new cases: the earlier drawn is held open, the later one is committed. */
  async function laterCommittedFirst(): Promise<{ before: number; early: { commit(): Promise<void> } }> {
    const before = await received();
    const [a, b] = [await newCase(), await newCase()];
    const early = await heldEvent(a);
    await db.query(EVENT, [b, inputHash()]);
    return { before, early };
  }

  it('waits for an earlier event that commits after a later one, and enters both', async () => {
    const { before, early } = await laterCommittedFirst();
    const catchUp = ledger.catchUp();
    await new Promise((r) => setTimeout(r, 150));
    await early.commit();
    await catchUp;
    await ledger.catchUp();
    expect(await received()).toBe(before + 2);
    expect(await ledger.verify()).toEqual([]);
  });

  it('enters nothing past an event still open after the wait, and everything once it commits', async () => {
    const { before, early } = await laterCommittedFirst();
    await ledger.catchUp(); // gives up waiting: the later event must not move the cursor past the open one
    expect(await received()).toBe(before);
    await early.commit();
    await ledger.catchUp();
    expect(await received()).toBe(before + 2);
    expect(await ledger.verify()).toEqual([]);
  });

  it('passes an id whose transaction rolled back once nothing is in flight', async () => {
    const before = await received();
    const [a, b] = [await newCase(), await newCase()];
    await db.transaction(async (tx) => {
      await tx.query(EVENT, [a, inputHash()]);
      throw new Error('rolled back');
    }).catch(() => undefined);
    await db.query(EVENT, [b, inputHash()]);
    await ledger.catchUp();
    expect(await received()).toBe(before + 1);
  });
});
