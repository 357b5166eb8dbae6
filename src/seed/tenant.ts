import { randomUUID } from 'node:crypto';
import type { StaffRole } from '../cases/index.ts';
import { generatePassword, hashPassword } from '../auth/index.ts';
import { findUserByName, insertUser, type Sql } from '../store/index.ts';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: StaffRole;
  teamId: string | null;
  password: string;
}

/** One account per role (two caseworkers and two team leads so four-eyes and objections can be shown). */
export const DEMO_STAFF: Omit<DemoAccount, 'password'>[] = [
  { username: 'sachbearbeitung', displayName: 'Sabine Sachbearbeiterin', role: 'caseworker', teamId: 'wohngeld' },
  { username: 'sachbearbeitung2', displayName: 'Sven Sachbearbeiter', role: 'caseworker', teamId: 'wohngeld' },
  { username: 'teamleitung', displayName: 'Tanja Teamleiterin', role: 'team_lead', teamId: 'wohngeld' },
  { username: 'kita', displayName: 'Karl Kita-Sachbearbeiter', role: 'caseworker', teamId: 'kita-beitrag' },
  { username: 'kita-leitung', displayName: 'Katrin Kita-Teamleiterin', role: 'team_lead', teamId: 'kita-beitrag' },
  { username: 'admin', displayName: 'Anton Administrator', role: 'admin', teamId: null },
  { username: 'datenschutz', displayName: 'Dana Datenschutzbeauftragte', role: 'dpo', teamId: null },
  { username: 'pruefung', displayName: 'Paul Prüfer', role: 'auditor', teamId: null },
];

/** Creates the municipality, its teams (one per pack; team id = pack id) and staff accounts; returns new passwords. */
export async function seedTenant(db: Sql, municipalityId: string, name: string, staff = DEMO_STAFF, settings: object = {}): Promise<DemoAccount[]> {
  await db.query('INSERT INTO municipalities (id, name, settings) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [municipalityId, name, JSON.stringify(settings)]);
  for (const [id, teamName, packs] of [
    ['wohngeld', 'Wohngeldstelle', ['wohngeld']],
    ['kita-beitrag', 'Kita-Beiträge (Jugendamt)', ['kita-beitrag']],
  ] as const) {
    await db.query('INSERT INTO teams (id, municipality_id, name, pack_ids) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [id, municipalityId, teamName, [...packs]]);
  }
  const created: DemoAccount[] = [];
  for (const s of staff) {
    if (await findUserByName(db, municipalityId, s.username)) continue;
    const password = generatePassword();
    await insertUser(db, {
      id: randomUUID(),
      municipalityId,
      username: s.username,
      displayName: s.displayName,
      role: s.role,
      teamId: s.teamId,
      passwordHash: await hashPassword(password),
      oidcIssuer: null,
      oidcSubject: null,
      active: true,
    });
    created.push({ ...s, password });
  }
  return created;
}
