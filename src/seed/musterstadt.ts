import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ROLE_LABELS, type RuleEngine } from '../cases/index.ts';
import { listUsers, type Db } from '../store/index.ts';
import { seedDemoCases, type DemoCitizen, type DemoStaff } from './demo.ts';
import { seedTenant, type DemoAccount } from './tenant.ts';

export const DEMO_MUNICIPALITY = 'musterstadt';

/**
 * The demo municipality Musterstadt: only when the store is empty. The generated passwords
 * and citizen access codes are written to one file under var/ (mode 600), never to the repo,
 * and printed at every start from there.
 */
export async function seedMusterstadt(db: Db, engine: RuleEngine, accountsFile: string): Promise<{ seeded: boolean; cases: number }> {
  const existing = await db.query('SELECT 1 FROM municipalities LIMIT 1');
  if (existing.length > 0) return { seeded: false, cases: 0 };
  const staff = await seedTenant(db, DEMO_MUNICIPALITY, 'Stadt Musterstadt');
  const users = await listUsers(db, DEMO_MUNICIPALITY);
  const byName = (n: string) => {
    const u = users.find((x) => x.username === n)!;
    return { id: u.id, name: u.displayName };
  };
  const teams: Record<string, DemoStaff> = {
    wohngeld: { caseworker: byName('sachbearbeitung'), caseworker2: byName('sachbearbeitung2'), lead: byName('teamleitung') },
    'kita-beitrag': { caseworker: byName('kita'), caseworker2: byName('kita-leitung'), lead: byName('kita-leitung') },
  };
  const { count, citizens } = await seedDemoCases(db, engine, DEMO_MUNICIPALITY, teams);
  writeAccounts(accountsFile, staff, citizens);
  return { seeded: true, cases: count };
}

function writeAccounts(file: string, staff: DemoAccount[], citizens: DemoCitizen[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const lines = [
    '# Demo-Zugänge der Stadt Musterstadt (nur Demo-Daten; beim ersten Start erzeugt)',
    ...staff.map((a) => `staff\t${a.role}\t${a.username}\t${a.password}\t${a.displayName}`),
    ...citizens.map((c) => `citizen\t${c.packId}\t${c.aktenzeichen}\t${c.accessCode}\t${c.state}`),
  ];
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The text printed at start: one line per demo account. */
export function describeAccounts(file: string, baseUrl: string): string {
  if (!existsSync(file)) return '';
  const out = [`Demo-Zugänge (aus ${file}):`, '  Beschäftigte – Anmeldung: POST /api/auth/login { username, password }'];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [kind, a, b, c, d] = line.split('\t');
    if (kind === 'staff') out.push(`    ${(ROLE_LABELS as Record<string, string>)[a!] ?? a}: ${b} / ${c}  (${d})`);
  }
  out.push('  Bürgerinnen und Bürger – Anmeldung: POST /api/auth/citizen { aktenzeichen, accessCode }');
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [kind, pack, az, code, state] = line.split('\t');
    if (kind === 'citizen') out.push(`    ${pack}, ${state}: Aktenzeichen ${az}, Zugangscode ${code}`);
  }
  out.push(`  Schnittstelle: ${baseUrl}/api/docs`);
  return out.join('\n');
}
