import { secureRandomBytes, sha256Hex } from '../common/index.ts';
import type { Actor } from '../cases/index.ts';
import { findSession, findUserById, insertSession, type Sql } from '../store/index.ts';

export const SESSION_COOKIE = 'amtsklar_sid';
const STAFF_HOURS = 10;
const CITIZEN_HOURS = 2;

export interface Session {
  actor: Actor;
  csrfToken: string;
}

/** Opens a session; returns the bearer token (the cookie value) and the CSRF token. */
export async function openSession(db: Sql, who: { municipalityId: string; userId?: string; citizenId?: string }): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = secureRandomBytes(32).toString('base64url');
  const csrfToken = secureRandomBytes(24).toString('base64url');
  const hours = who.userId ? STAFF_HOURS : CITIZEN_HOURS;
  const expiresAt = new Date(Date.now() + hours * 3_600_000);
  await insertSession(db, sha256Hex(token), { municipalityId: who.municipalityId, userId: who.userId ?? null, citizenId: who.citizenId ?? null, csrfToken, expiresAt });
  return { token, csrfToken, expiresAt };
}

/** The actor behind a token, or null (expired, unknown, deactivated user). */
export async function resolveSession(db: Sql, token: string): Promise<Session | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const s = await findSession(db, sha256Hex(token));
  if (!s) return null;
  if (s.citizenId) {
    return { actor: { kind: 'citizen', id: s.citizenId, name: 'Antragsteller/in', role: 'citizen', municipalityId: s.municipalityId }, csrfToken: s.csrfToken };
  }
  const u = await findUserById(db, s.userId!);
  if (!u || !u.active) return null;
  return {
    actor: { kind: 'user', id: u.id, name: u.displayName, role: u.role, municipalityId: u.municipalityId, teamId: u.teamId },
    csrfToken: s.csrfToken,
  };
}
