import type { StaffRole } from '../cases/index.ts';
import type { Row, Sql } from './db.ts';

export interface UserRow {
  id: string;
  municipalityId: string;
  username: string;
  displayName: string;
  role: StaffRole;
  teamId: string | null;
  passwordHash: string | null;
  oidcIssuer: string | null;
  oidcSubject: string | null;
  active: boolean;
}

function userFromRow(r: Row): UserRow {
  return {
    id: r.id as string,
    municipalityId: r.municipality_id as string,
    username: r.username as string,
    displayName: r.display_name as string,
    role: r.role as StaffRole,
    teamId: (r.team_id as string | null) ?? null,
    passwordHash: (r.password_hash as string | null) ?? null,
    oidcIssuer: (r.oidc_issuer as string | null) ?? null,
    oidcSubject: (r.oidc_subject as string | null) ?? null,
    active: r.active as boolean,
  };
}

export async function findUserByName(db: Sql, municipalityId: string, username: string): Promise<UserRow | null> {
  const rows = await db.query('SELECT * FROM users WHERE municipality_id = $1 AND username = $2', [municipalityId, username]);
  return rows[0] ? userFromRow(rows[0]) : null;
}

export async function findUserById(db: Sql, id: string): Promise<UserRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows = await db.query('SELECT * FROM users WHERE id = $1', [id]);
  return rows[0] ? userFromRow(rows[0]) : null;
}

export async function findUserByOidc(db: Sql, issuer: string, subject: string): Promise<UserRow | null> {
  const rows = await db.query('SELECT * FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2', [issuer, subject]);
  return rows[0] ? userFromRow(rows[0]) : null;
}

export async function listUsers(db: Sql, municipalityId: string): Promise<UserRow[]> {
  const rows = await db.query('SELECT * FROM users WHERE municipality_id = $1 ORDER BY username', [municipalityId]);
  return rows.map(userFromRow);
}

export async function insertUser(db: Sql, u: UserRow): Promise<void> {
  await db.query(
    `INSERT INTO users (id, municipality_id, username, display_name, role, team_id, password_hash, oidc_issuer, oidc_subject, active)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
    [u.id, u.municipalityId, u.username, u.displayName, u.role, u.teamId, u.passwordHash, u.oidcIssuer, u.oidcSubject, u.active],
  );
}

export async function updateUser(db: Sql, u: UserRow): Promise<void> {
  await db.query(
    `UPDATE users SET display_name=$2, role=$3, team_id=$4, password_hash=$5, oidc_issuer=$6, oidc_subject=$7, active=$8 WHERE id=$1`,
    [u.id, u.displayName, u.role, u.teamId, u.passwordHash, u.oidcIssuer, u.oidcSubject, u.active],
  );
  if (!u.active) await db.query('DELETE FROM sessions WHERE user_id = $1', [u.id]);
}

export interface SessionRow {
  municipalityId: string;
  userId: string | null;
  citizenId: string | null;
  csrfToken: string;
  expiresAt: Date;
}

export async function insertSession(db: Sql, tokenHash: string, s: SessionRow): Promise<void> {
  await db.query('INSERT INTO sessions (token_hash, municipality_id, user_id, citizen_id, csrf_token, expires_at) VALUES ($1,$2,$3,$4,$5,$6)', [
    tokenHash, s.municipalityId, s.userId, s.citizenId, s.csrfToken, s.expiresAt.toISOString(),
  ]);
}

export async function findSession(db: Sql, tokenHash: string): Promise<SessionRow | null> {
  const rows = await db.query('SELECT * FROM sessions WHERE token_hash = $1 AND expires_at > now()', [tokenHash]);
  const r = rows[0];
  if (!r) return null;
  return {
    municipalityId: r.municipality_id as string,
    userId: (r.user_id as string | null) ?? null,
    citizenId: (r.citizen_id as string | null) ?? null,
    csrfToken: r.csrf_token as string,
    expiresAt: r.expires_at as Date,
  };
}

export async function deleteSession(db: Sql, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

/** A citizen's login by Aktenzeichen and access code; returns the citizen if both match. */
export async function citizenByAccessCode(db: Sql, municipalityId: string, aktenzeichen: string, codeHash: string): Promise<string | null> {
  const rows = await db.query<{ citizen_id: string }>(
    'SELECT citizen_id FROM cases WHERE municipality_id = $1 AND aktenzeichen = $2 AND access_code_hash = $3 AND citizen_id IS NOT NULL',
    [municipalityId, aktenzeichen, codeHash],
  );
  return rows[0]?.citizen_id ?? null;
}

/** Consumes a login link once. */
export async function consumeLoginLink(db: Sql, tokenHash: string): Promise<{ municipalityId: string; citizenId: string } | null> {
  const rows = await db.query<{ municipality_id: string; citizen_id: string }>(
    'UPDATE login_links SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING municipality_id, citizen_id',
    [tokenHash],
  );
  const r = rows[0];
  return r ? { municipalityId: r.municipality_id, citizenId: r.citizen_id } : null;
}
