import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMasterKeyring } from '../../src/privacy/index.ts';
import { CaseKeys, caseStore, type Db } from '../../src/store/index.ts';
import { STORES } from './helpers.ts';
import { amtsklar, freePort, stop, tenantStore, waitFor, type Proc } from './processes.ts';

/**
 * Crash safety: the server process is killed (SIGKILL) in the middle of a stream of
 * submissions. After a restart every acknowledged submission is stored exactly once, and
 * re-sending every request with its idempotency key creates nothing twice.
 */
const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '500.00', haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', geburtsdatum: '1980-01-01', einkuenfte: [{ art: 'erwerb', brutto_monat: '1600.00' }] }] };

async function submit(port: number, key: string): Promise<{ caseId: string } | null> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/api/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ packId: 'wohngeld', applicant: { name: key }, antrag }),
      signal: AbortSignal.timeout(10_000),
    });
    if (r.status !== 201) return null;
    return (await r.json()) as { caseId: string };
  } catch {
    return null; // connection reset by the kill: not acknowledged
  }
}

// The server process and this test share one master key, so the test can read what the server sealed.
const MASTER_KEYS = `crash-test:${randomBytes(32).toString('base64')}`;

/** Every stored case by applicant name, read through the store (the personal data is ciphertext at rest). */
async function casesByName(db: Db): Promise<Map<string, string[]>> {
  const ids = (await db.query<{ id: string }>('SELECT id FROM cases')).map((r) => r.id);
  const store = caseStore(db, async () => undefined, new CaseKeys(parseMasterKeyring(MASTER_KEYS)));
  const loaded = await store.unitOfWork((u) => u.casesWithPersonal('musterstadt', ids));
  expect(loaded).toHaveLength(ids.length);
  const byName = new Map<string, string[]>();
  for (const { c, personal } of loaded) {
    // A case without readable personal data would be a half-written submission.
    expect(personal, c.id).not.toBeNull();
    const name = String(personal!.applicant.name);
    byName.set(name, [...(byName.get(name) ?? []), c.id]);
  }
  return byName;
}

describe.each(STORES)('crash safety (%s)', (kind) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  it('every acknowledged submission survives a SIGKILL exactly once', { timeout: 300_000 }, async () => {
    const { env, openDb } = await tenantStore(kind, MASTER_KEYS, cleanup);
    const port = await freePort();
    const start = async (): Promise<Proc> => {
      const p = amtsklar(['serve', '--port', String(port), '--no-seed', '--no-worker'], env);
      cleanup.push(() => stop(p));
      await waitFor(`http://127.0.0.1:${port}/ready`, 120_000, p);
      return p;
    };

    let server = await start();
    const acknowledged = new Map<string, string>();
    const sent: string[] = [];
    let n = 0;
    let killed = false;
    const stream = async () => {
      while (!killed) {
        const key = `crash-${kind}-${String(n++).padStart(5, '0')}`;
        sent.push(key);
        const r = await submit(port, key);
        if (r) acknowledged.set(key, r.caseId);
      }
    };
    const streams = [stream(), stream(), stream(), stream()];
    while (acknowledged.size < 30) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGKILL');
    killed = true;
    await server.exited;
    await Promise.all(streams);
    expect(acknowledged.size).toBeGreaterThanOrEqual(30);

    server = await start();
    // After the restart, before anything is re-sent: every acknowledged case is there once.
    if (kind === 'postgres') {
      const byName = await casesByName(await openDb());
      for (const [key, caseId] of acknowledged) expect(byName.get(key)).toEqual([caseId]);
    }
    // Re-sending everything (as a client retrying after errors) creates nothing twice.
    for (const key of sent) {
      const r = await submit(port, key);
      expect(r).not.toBeNull();
      if (acknowledged.has(key)) expect(r!.caseId).toBe(acknowledged.get(key));
    }
    await stop(server);
    const db = await openDb();
    const byName = await casesByName(db);
    for (const [key, caseId] of acknowledged) expect(byName.get(key)).toEqual([caseId]);
    expect([...byName.values()].every((ids) => ids.length === 1)).toBe(true);
    expect(byName.size).toBe(new Set(sent).size);
    const keys = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys');
    expect(keys[0]!.n).toBe(byName.size);
    if (kind === 'pglite') await db.close();
  });
});
