import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { STATES } from '../../src/cases/index.ts';
import { installedEngine } from '../../src/server/index.ts';
import { migrate, openLedger } from '../../src/store/index.ts';
import { seedMusterstadt } from '../../src/seed/index.ts';
import { STORES, testDatabase } from './helpers.ts';

describe.each(STORES)('demo municipality Musterstadt (%s)', (kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'amtsklar-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds ≥ 200 Wohngeld and ≥ 50 Kita cases in every state, one account per role, only into an empty store', { timeout: 300_000 }, async () => {
    const t = await testDatabase(kind);
    try {
      await migrate(t.db);
      const file = join(dir, 'accounts.txt');
      const r = await seedMusterstadt(t.db, installedEngine(), file);
      expect(r.seeded).toBe(true);
      const rows = await t.db.query<{ pack_id: string; state: string; n: number }>('SELECT pack_id, state, count(*)::int AS n FROM cases GROUP BY 1, 2');
      for (const [pack, min] of [['wohngeld', 200], ['kita-beitrag', 50]] as const) {
        const mine = rows.filter((x) => x.pack_id === pack);
        expect(mine.reduce((a, x) => a + x.n, 0)).toBeGreaterThanOrEqual(min);
        expect(new Set(mine.map((x) => x.state))).toEqual(new Set(STATES));
      }
      const roles = await t.db.query<{ role: string }>('SELECT DISTINCT role FROM users');
      expect(new Set(roles.map((x) => x.role))).toEqual(new Set(['caseworker', 'team_lead', 'admin', 'dpo', 'auditor']));
      // Passwords only hashed in the database; in clear only in the accounts file (mode 600).
      const hashes = await t.db.query<{ password_hash: string }>('SELECT password_hash FROM users');
      expect(hashes.every((h) => h.password_hash.startsWith('scrypt$'))).toBe(true);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('citizen\t')).length).toBeGreaterThanOrEqual(2);
      // Every seeded case has a consistent history ending in its state.
      const last = await t.db.query<{ bad: number }>(
        `SELECT count(*)::int AS bad FROM cases c WHERE c.state <> (SELECT e.to_state FROM case_events e WHERE e.case_id = c.id AND e.to_state IS NOT NULL ORDER BY e.id DESC LIMIT 1)`,
      );
      expect(last[0]!.bad).toBe(0);
      // The seeded history goes into the ledger whole: no entry refused, and the log verifies.
      const warn = vi.spyOn(process, 'emitWarning');
      try {
        const ledger = openLedger(t.db);
        expect(await ledger.catchUp()).toBeGreaterThan(500);
        expect(warn.mock.calls.map((c) => String(c[0])).filter((w) => w.includes('Protokolleintrag'))).toEqual([]);
        expect(await ledger.verify()).toEqual([]);
      } finally {
        warn.mockRestore();
      }
      expect((await seedMusterstadt(t.db, installedEngine(), file)).seeded).toBe(false);
    } finally {
      await t.drop();
    }
  });
});
