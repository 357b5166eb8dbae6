import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AmtsklarError } from '../common/index.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';
import { PG_ADMIN_URL, STORES } from './test-database.ts';

/** An operator's mistakes in the store settings end in a German message naming the setting. */
async function problem(open: Promise<unknown>): Promise<{ path: string; message: string }> {
  try {
    const db = (await open) as { close(): Promise<void> };
    await db.close();
  } catch (e) {
    expect(e).toBeInstanceOf(AmtsklarError);
    return (e as AmtsklarError).problems[0]!;
  }
  throw new Error('opened, but should not have');
}

describe.runIf(STORES.includes('postgres'))('DATABASE_URL (postgres)', () => {
  it('names the setting for a malformed address, another scheme, a refused port, an unknown database and a refused login, never showing the password', async () => {
    expect(await problem(openPostgres('kein-url'))).toEqual({ path: 'DATABASE_URL', message: expect.stringContaining('keine gültige Adresse') });
    expect((await problem(openPostgres('mysql://a@localhost/x'))).message).toContain('„mysql:“ wird nicht unterstützt');
    expect((await problem(openPostgres('postgres://postgres@127.0.0.1:1/x'))).message).toContain('nimmt keine Verbindungen an');
    const unknownDb = PG_ADMIN_URL.replace(/\/[^/]*$/, '/amtsklar_gibt_es_nicht');
    expect((await problem(openPostgres(unknownDb))).message).toContain('gibt es auf dem Server nicht');
    const login = await problem(openPostgres(PG_ADMIN_URL.replace('postgres://postgres@', 'postgres://niemand_hier:streng-geheim@')));
    expect(login.message).toContain('Anmeldung an postgres://niemand_hier:***@');
    expect(login.message).not.toContain('streng-geheim');
  });
});

describe('PGlite data folder', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('is taken by one instance at a time, released on close, and a lock of a process that is gone is taken over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amtsklar-lock-'));
    dirs.push(dir);
    const data = join(dir, 'data');
    const first = await openPglite(data);
    const second = await problem(openPglite(data));
    expect(second.path).toBe('AMTSKLAR_DATA_DIR');
    expect(second.message).toContain(`wird bereits von Prozess ${process.pid} benutzt`);
    await first.close();
    const again = await openPglite(data);
    await again.close();
    // a lock left behind by a killed process (a pid that is not running)
    writeFileSync(join(data, 'amtsklar.pid'), '999999999\n');
    const afterCrash = await openPglite(data);
    await afterCrash.query('SELECT 1');
    await afterCrash.close();
  });

  it('names the setting when the folder cannot be created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amtsklar-lock-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'a-file'), '');
    const p = await problem(openPglite(join(dir, 'a-file', 'data')));
    expect(p).toEqual({ path: 'AMTSKLAR_DATA_DIR', message: expect.stringContaining('lässt sich nicht anlegen') });
  });
});
