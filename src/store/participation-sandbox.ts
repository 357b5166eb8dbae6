import type { PoolCase, SandboxMeta, SandboxSession, SandboxStore, SandboxWork } from '../participation/index.ts';
import type { Db, Row } from './db.ts';

/**
 * The experimentation space's own tables (sandbox_*, migration 0400). No statement here
 * names a municipality's table: whatever a sandbox request asks for, it can only reach
 * synthetic data.
 */

const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const day = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10);

function sessionFrom(r: Row): SandboxSession {
  return { id: String(r.id), day: day(r.day), kiosk: Boolean(r.kiosk), createdAt: iso(r.created_at), lastSeenAt: iso(r.last_seen_at) };
}

function poolFrom(r: Row): PoolCase {
  return { no: Number(r.no), packId: r.pack_id as PoolCase['packId'], label: String(r.label), purpose: (r.planted as { purpose: PoolCase['purpose'] }).purpose, application: r.application as Record<string, unknown>, planted: (r.planted as { error: PoolCase['planted'] }).error };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function sandboxStore(db: Db): SandboxStore {
  return {
    async meta() {
      const [r] = await db.query('SELECT day, seed, reset_at FROM sandbox_meta');
      return r ? { day: day(r.day), seed: String(r.seed), resetAt: iso(r.reset_at) } : null;
    },

    async reset(meta: SandboxMeta, pool: readonly PoolCase[], onlyIfStale: boolean) {
      return db.transaction(async (tx) => {
        // Serialises resets across processes; the row may not exist yet on a fresh store.
        await tx.query('SELECT pg_advisory_xact_lock($1)', [71_354_400]);
        const [current] = await tx.query('SELECT day FROM sandbox_meta');
        if (onlyIfStale && current && day(current.day) === meta.day) return false;
        await tx.query('DELETE FROM sandbox_work');
        await tx.query('DELETE FROM sandbox_sessions');
        await tx.query('DELETE FROM sandbox_pool');
        for (const pc of pool) {
          await tx.query('INSERT INTO sandbox_pool (no, pack_id, label, application, planted) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)', [
            pc.no,
            pc.packId,
            pc.label,
            JSON.stringify(pc.application),
            JSON.stringify({ purpose: pc.purpose, error: pc.planted }),
          ]);
        }
        await tx.query(
          `INSERT INTO sandbox_meta (singleton, day, seed, reset_at) VALUES (true, $1, $2, $3)
           ON CONFLICT (singleton) DO UPDATE SET day = EXCLUDED.day, seed = EXCLUDED.seed, reset_at = EXCLUDED.reset_at`,
          [meta.day, meta.seed, meta.resetAt],
        );
        return true;
      });
    },

    async pool() {
      return (await db.query('SELECT * FROM sandbox_pool ORDER BY no')).map(poolFrom);
    },

    async poolCase(no: number) {
      const [r] = await db.query('SELECT * FROM sandbox_pool WHERE no = $1', [no]);
      return r ? poolFrom(r) : null;
    },

    async createSession(s: SandboxSession) {
      await db.query('INSERT INTO sandbox_sessions (id, day, kiosk, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)', [s.id, s.day, s.kiosk, s.createdAt, s.lastSeenAt]);
    },

    async session(id: string) {
      if (!UUID.test(id)) return null;
      const [r] = await db.query('SELECT * FROM sandbox_sessions WHERE id = $1', [id]);
      return r ? sessionFrom(r) : null;
    },

    async touchSession(id: string, at: string) {
      await db.query('UPDATE sandbox_sessions SET last_seen_at = $2 WHERE id = $1', [id, at]);
    },

    async deleteSession(id: string) {
      if (!UUID.test(id)) return false;
      return (await db.query('DELETE FROM sandbox_sessions WHERE id = $1 RETURNING id', [id])).length === 1;
    },

    async work(sessionId: string, no: number) {
      const [r] = await db.query<{ state: SandboxWork }>('SELECT state FROM sandbox_work WHERE session_id = $1 AND no = $2', [sessionId, no]);
      return r?.state ?? null;
    },

    async saveWork(sessionId: string, no: number, work: SandboxWork | null) {
      if (!work) {
        await db.query('DELETE FROM sandbox_work WHERE session_id = $1 AND no = $2', [sessionId, no]);
        return;
      }
      await db.query(
        `INSERT INTO sandbox_work (session_id, no, state, updated_at) VALUES ($1, $2, $3::jsonb, now())
         ON CONFLICT (session_id, no) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
        [sessionId, no, JSON.stringify(work)],
      );
    },

    async expireKioskSessions(idleBefore: string) {
      return (await db.query('DELETE FROM sandbox_sessions WHERE kiosk AND last_seen_at < $1 RETURNING id', [idleBefore])).length;
    },
  };
}
