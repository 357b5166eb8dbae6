import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedTenant } from '../../src/seed/index.ts';
import { migrate, openPglite, type Db } from '../../src/store/index.ts';
import { testDatabase, type StoreKind } from './helpers.ts';

export { freePort } from '../free-port.ts';

const BIN = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'bin', 'amtsklar.js');

export interface Proc {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `amtsklar <args>` as its own process (the real CLI, as an operator would). */
export function amtsklar(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', AMTSKLAR_RATE_LIMIT: '10000000', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function waitFor(url: string, timeoutMs = 120_000, proc?: Proc): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    if (proc && proc.child.exitCode !== null) throw new Error(`process exited:\n${proc.output()}`);
    if (Date.now() - start > timeoutMs) throw new Error(`timeout waiting for ${url}\n${proc?.output() ?? ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function stop(p: Proc): Promise<void> {
  if (p.child.exitCode !== null) return;
  p.child.kill('SIGTERM');
  const t = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
  await p.exited;
  clearTimeout(t);
}

/**
 * A migrated store with the tenant Musterstadt (no demo cases) for server processes started by
 * a test: the environment for `amtsklar`, and how the test opens the store itself (for PGlite
 * only while no server runs on it). Clean-ups are pushed to `cleanup`.
 */
export async function tenantStore(kind: StoreKind, masterKeys: string, cleanup: (() => Promise<void>)[]): Promise<{ env: Record<string, string>; openDb: () => Promise<Db> }> {
  if (kind === 'postgres') {
    const t = await testDatabase('postgres');
    cleanup.push(t.drop);
    await migrate(t.db);
    await seedTenant(t.db, 'musterstadt', 'Stadt Musterstadt', []);
    return { env: { DATABASE_URL: t.url!, AMTSKLAR_MASTER_KEYS: masterKeys }, openDb: async () => t.db };
  }
  const dir = mkdtempSync(join(tmpdir(), 'amtsklar-proc-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  const data = join(dir, 'data');
  const db = await openPglite(data);
  await migrate(db);
  await seedTenant(db, 'musterstadt', 'Stadt Musterstadt', []);
  await db.close();
  return { env: { AMTSKLAR_DATA_DIR: data, AMTSKLAR_ACCOUNTS_FILE: join(dir, 'accounts.txt'), AMTSKLAR_MASTER_KEYS: masterKeys }, openDb: () => openPglite(data) };
}
