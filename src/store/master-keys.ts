import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AmtsklarError } from '../common/index.ts';
import { parseMasterKeyring, type MasterKeyring } from '../privacy/index.ts';

/**
 * The master keys that wrap every case's data key come from configuration, never from the
 * repository:
 *   AMTSKLAR_MASTER_KEYS        `id:base64,id:base64,…` — the first is current (wraps new
 *                               keys), the others only unwrap (rotation: `amtsklar keys rotate`)
 *   AMTSKLAR_MASTER_KEYS_FILE   a file holding the same text
 * Without either, one key is generated once into the data folder (var/data/master.key,
 * mode 0600) so `npm start` works on a fresh machine; production sets one of the above and
 * keeps it out of the database backups.
 */
export function masterKeySpec(env: NodeJS.ProcessEnv = process.env): { spec: string; where: string } {
  if (env.AMTSKLAR_MASTER_KEYS) return { spec: env.AMTSKLAR_MASTER_KEYS, where: 'AMTSKLAR_MASTER_KEYS' };
  const file = env.AMTSKLAR_MASTER_KEYS_FILE ?? join(env.AMTSKLAR_DATA_DIR ?? join(process.cwd(), 'var', 'data'), 'master.key');
  if (existsSync(file)) return { spec: readFileSync(file, 'utf8').trim(), where: file };
  if (env.AMTSKLAR_MASTER_KEYS_FILE) {
    throw new AmtsklarError('invalid_input', `Schlüsseldatei ${file} nicht gefunden`, [{ path: 'AMTSKLAR_MASTER_KEYS_FILE', message: 'Datei fehlt' }]);
  }
  const spec = newMasterKeySpec(`dev-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`);
  mkdirSync(dirname(file), { recursive: true });
  try {
    // 'wx': of two processes starting at once, one writes and both use its key.
    writeFileSync(file, `${spec}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return { spec: readFileSync(file, 'utf8').trim(), where: file };
  }
  chmodSync(file, 0o600);
  return { spec, where: file };
}

/** A fresh master key in the configuration format `id:base64` (for `amtsklar keys new`). */
export function newMasterKeySpec(id: string): string {
  const key = randomBytes(32);
  try {
    return `${id}:${key.toString('base64')}`;
  } finally {
    key.fill(0);
  }
}

const rings = new Map<string, MasterKeyring>();

/** The key ring from configuration, parsed once per process and setting. */
export function masterKeyring(env: NodeJS.ProcessEnv = process.env): MasterKeyring {
  const { spec, where } = masterKeySpec(env);
  let ring = rings.get(spec);
  if (!ring) {
    ring = parseMasterKeyring(spec, where);
    rings.set(spec, ring);
  }
  return ring;
}
