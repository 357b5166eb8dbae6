import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STORES, testDatabase } from './helpers.ts';
import { amtsklar, freePort, stop, tenantStore, waitFor } from './processes.ts';

/**
 * `amtsklar serve` as an operator or a supervisor sees it: a busy port ends the process at
 * once with a German message naming --port (before, the job worker kept a server alive that
 * never answered), and SIGTERM under load ends it cleanly, with the worker running.
 */
const MASTER_KEYS = `serve-test:${randomBytes(32).toString('base64')}`;
const antrag = { stichtag: '2025-03-01', mietenstufe: 3, miete_monat: '500.00', haushaltsmitglieder: [{ id: 'p1', rolle: 'antragsteller', geburtsdatum: '1980-01-01', einkuenfte: [{ art: 'erwerb', brutto_monat: '1600.00' }] }] };

describe.each(STORES)('amtsklar serve (%s)', (kind) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
  });

  const environment = async () => (await tenantStore(kind, MASTER_KEYS, cleanup)).env;

  it('ends with exit status 2 and names --port when the port is taken; then starts on a free one and stops on SIGTERM while jobs run', async () => {
    const env = await environment();
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    try {
      const busy = amtsklar(['serve', '--port', String(port), '--no-seed'], env);
      const status = await Promise.race([busy.exited, new Promise<'hangs'>((r) => setTimeout(() => r('hangs'), 120_000))]);
      if (status === 'hangs') await stop(busy);
      expect(status, busy.output()).toBe(2);
      expect(busy.output()).toMatch(/--port: Port \d+ an der Adresse 127\.0\.0\.1 ist bereits belegt/);
      expect(busy.output()).not.toMatch(/Interner Fehler|Error:/);
    } finally {
      await new Promise((r) => blocker.close(r));
    }

    const server = amtsklar(['serve', '--port', String(port), '--no-seed'], env);
    cleanup.push(() => stop(server));
    await waitFor(`http://127.0.0.1:${port}/ready`, 120_000, server);
    if (kind === 'pglite') {
      // a second process on the embedded store would corrupt it: refused, naming the holder
      const second = amtsklar(['users', 'list'], env);
      expect(await second.exited).toBe(2);
      expect(second.output()).toContain(`AMTSKLAR_DATA_DIR: Der Datenordner`);
      expect(second.output()).toContain(`wird bereits von Prozess ${server.child.pid} benutzt`);
    }
    // Submissions enqueue drafting jobs, so the worker is busy when the signal comes.
    const acks = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        fetch(`http://127.0.0.1:${port}/api/applications`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `serve-${kind}-${i}` },
          body: JSON.stringify({ packId: 'wohngeld', applicant: { name: `Person ${i}` }, antrag }),
        }).then((r) => r.status),
      ),
    );
    expect(acks.every((s) => s === 201)).toBe(true);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).not.toMatch(/Cannot use a pool|Unhandled|Interner Fehler/);
  });

  it('refuses a malformed master key before it touches the database', async () => {
    const bad = { AMTSKLAR_MASTER_KEYS: 'kaputt:abc' };
    if (kind === 'postgres') {
      const t = await testDatabase('postgres');
      cleanup.push(t.drop);
      const p = amtsklar(['serve', '--port', String(await freePort())], { DATABASE_URL: t.url!, ...bad });
      expect(await p.exited).toBe(2);
      expect(p.output()).toContain('AMTSKLAR_MASTER_KEYS[0]');
      expect(await t.db.query("SELECT tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")).toEqual([]);
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'amtsklar-serve-'));
      cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
      const p = amtsklar(['serve', '--port', String(await freePort())], { AMTSKLAR_DATA_DIR: join(dir, 'data'), ...bad });
      expect(await p.exited).toBe(2);
      expect(p.output()).toContain('AMTSKLAR_MASTER_KEYS[0]');
      expect(existsSync(join(dir, 'data'))).toBe(false);
    }
  });

  it('refuses a port that is not a number, naming --port, and a worker sweep interval below a second', async () => {
    const p = amtsklar(['serve', '--port', 'achtzig'], await environment());
    expect(await p.exited).toBe(2);
    expect(p.output()).toContain('--port: „achtzig“ ist kein Port');
    // the worker's sweep interval: 0 or a negative number would mean no deadline checks or one per millisecond
    const w = amtsklar(['worker', '--sweep-seconds', '-5'], await environment());
    expect(await w.exited).toBe(2);
    expect(w.output()).toContain('--sweep-seconds: „-5“ ist keine Anzahl Sekunden ab 1');
  });
});
