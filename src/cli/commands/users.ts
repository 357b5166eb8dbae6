import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { AmtsklarError } from '../../common/index.ts';
import { STAFF_ROLES, type StaffRole } from '../../cases/index.ts';
import { generatePassword, hashPassword } from '../../auth/index.ts';
import { configFromEnv } from '../../server/index.ts';
import { defaultDataDir, findUserByName, insertUser, listUsers, migrate, openStore, updateUser, type Db } from '../../store/index.ts';

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const env = configFromEnv();
  const db = await openStore(env.store.databaseUrl ? env.store : { ...env.store, dataDir: env.store.dataDir ?? defaultDataDir() });
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

function role(r: string): StaffRole {
  if (!(STAFF_ROLES as readonly string[]).includes(r)) throw new AmtsklarError('invalid_input', `Unbekannte Rolle „${r}“. Möglich: ${STAFF_ROLES.join(', ')}`, [{ path: '--role', message: 'unbekannte Rolle' }]);
  return r as StaffRole;
}

async function user(db: Db, municipality: string, username: string) {
  const u = await findUserByName(db, municipality, username);
  if (!u) throw new AmtsklarError('not_found', `Benutzer „${username}“ gibt es in ${municipality} nicht.`, [{ path: 'username', message: 'unbekannt' }]);
  return u;
}

/** `amtsklar users list|add|set-role|reset-password|deactivate`. */
export function register(program: Command): void {
  const users = program.command('users').description('Benutzerkonten der Beschäftigten verwalten').option('--gemeinde <id>', 'Gemeinde', process.env.AMTSKLAR_MUNICIPALITY ?? 'musterstadt');
  const m = () => (users.opts() as { gemeinde: string }).gemeinde;

  users.command('list').description('Konten auflisten').action(() =>
    withDb(async (db) => {
      for (const u of await listUsers(db, m())) console.log(`${u.username}\t${u.role}\t${u.teamId ?? '-'}\t${u.active ? 'aktiv' : 'gesperrt'}\t${u.displayName}`);
    }),
  );

  users
    .command('add')
    .description('Konto anlegen; das Startpasswort wird einmal ausgegeben')
    .argument('<username>')
    .requiredOption('--role <role>', `Rolle: ${STAFF_ROLES.join(', ')}`)
    .requiredOption('--name <name>', 'Anzeigename')
    .option('--team <team>', 'Team (z. B. wohngeld, kita-beitrag)')
    .action((username: string, o: { role: string; name: string; team?: string }) =>
      withDb(async (db) => {
        if (await findUserByName(db, m(), username)) throw new AmtsklarError('invalid_input', `Benutzer „${username}“ gibt es schon.`, [{ path: 'username', message: 'vergeben' }]);
        const password = generatePassword();
        await insertUser(db, { id: randomUUID(), municipalityId: m(), username, displayName: o.name, role: role(o.role), teamId: o.team ?? null, passwordHash: await hashPassword(password), oidcIssuer: null, oidcSubject: null, active: true });
        console.log(`Angelegt: ${username} (${o.role}). Startpasswort: ${password}`);
      }),
    );

  users
    .command('set-role')
    .description('Rolle (und Team) ändern')
    .argument('<username>')
    .argument('<role>')
    .option('--team <team>', 'Team')
    .action((username: string, r: string, o: { team?: string }) =>
      withDb(async (db) => {
        const u = await user(db, m(), username);
        u.role = role(r);
        if (o.team !== undefined) u.teamId = o.team;
        await updateUser(db, u);
        console.log(`${username}: Rolle ${u.role}, Team ${u.teamId ?? '-'}`);
      }),
    );

  users
    .command('reset-password')
    .description('Neues Zufallspasswort setzen (beendet alle Sitzungen)')
    .argument('<username>')
    .action((username: string) =>
      withDb(async (db) => {
        const u = await user(db, m(), username);
        const password = generatePassword();
        u.passwordHash = await hashPassword(password);
        await updateUser(db, u);
        await db.query('DELETE FROM sessions WHERE user_id = $1', [u.id]);
        console.log(`Neues Passwort für ${username}: ${password}`);
      }),
    );

  users
    .command('deactivate')
    .description('Konto sperren (beendet alle Sitzungen)')
    .argument('<username>')
    .action((username: string) =>
      withDb(async (db) => {
        const u = await user(db, m(), username);
        u.active = false;
        await updateUser(db, u);
        console.log(`${username} gesperrt.`);
      }),
    );
}
