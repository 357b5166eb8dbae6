import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { invalidInput } from '../common/index.ts';
import type { Db, Sql } from './db.ts';

/**
 * Embedded PostgreSQL (WASM). One instance serves one process; PGlite runs one statement
 * at a time and its transaction() holds the instance, so no interleaving can happen.
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  const release = dataDir ? lockDataDir(dataDir) : () => undefined;
  let pg: PGlite;
  try {
    pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  } catch (e) {
    release();
    throw e;
  }
  const wrap = (q: Pick<PGlite, 'query'>): Sql => ({
    async query<T>(text: string, params: readonly unknown[] = []) {
      const r = await q.query<T>(text, params as unknown[]);
      return r.rows;
    },
    async queryArrays<T>(text: string, params: readonly unknown[] = []) {
      const r = await q.query<T>(text, params as unknown[], { rowMode: 'array' });
      return r.rows;
    },
  });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    queryArrays: base.queryArrays,
    async exec(text) {
      await pg.exec(text);
    },
    async transaction(fn) {
      return pg.transaction((tx) => fn(wrap(tx)));
    },
    async close() {
      if (!pg.closed) await pg.close();
      release();
    },
  };
}

/** Data folders this process holds, with their lock files (removed on exit, also without close). */
const held = new Map<string, string>();
process.once('exit', () => {
  for (const file of held.values()) removeIfOurs(file);
});

/**
 * PGlite has no protection against a second process on the same folder: two writers would
 * corrupt the data. So the folder is taken with a lock file naming the process; a lock whose
 * process is gone (crash, kill -9) is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw invalidInput('AMTSKLAR_DATA_DIR', `Der Datenordner ${dir} lässt sich nicht anlegen (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  if (held.has(dir)) throw inUse(dir, process.pid);
  const file = join(dir, 'amtsklar.pid');
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      held.set(dir, file);
      return () => {
        if (held.get(dir) === file) held.delete(dir);
        removeIfOurs(file);
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw invalidInput('AMTSKLAR_DATA_DIR', `Im Datenordner ${dir} kann nicht geschrieben werden (${code ?? String(e)})`);
      const owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (attempt > 0 || (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner))) throw inUse(dir, owner);
      unlinkSync(file);
    }
  }
}

function inUse(dir: string, pid: number) {
  return invalidInput(
    'AMTSKLAR_DATA_DIR',
    `Der Datenordner ${dir} wird bereits von Prozess ${pid} benutzt (läuft „amtsklar serve“ schon?). Die eingebettete Datenbank verträgt nur einen Prozess; für mehrere Prozesse DATABASE_URL setzen.`,
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeIfOurs(file: string): void {
  try {
    if (Number.parseInt(readFileSync(file, 'utf8'), 10) === process.pid) unlinkSync(file);
  } catch {
    /* already gone */
  }
}
