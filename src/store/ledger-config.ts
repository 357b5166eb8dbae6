import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AmtsklarError } from '../common/index.ts';
import { generateKey, parseSignerKey } from '../ledger/index.ts';
import type { Db } from './db.ts';
import { caseKeys } from './case-keys.ts';
import { sealedSalts } from './case-salts.ts';
import { Ledger, type LedgerConfig } from './ledger.ts';

/**
 * The log's signing key comes from configuration, never from the repository:
 *   AMTSKLAR_LEDGER_KEY        the signer key text (PRIVATE+KEY+<origin>+…)
 *   AMTSKLAR_LEDGER_KEY_FILE   a file holding it
 * Without either, a key is generated once into the data folder (var/data/ledger-signer.key,
 * mode 0600) so `npm start` works on a fresh machine; production sets one of the above.
 */
export function ledgerSignerKey(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AMTSKLAR_LEDGER_KEY) return checked(env.AMTSKLAR_LEDGER_KEY, 'AMTSKLAR_LEDGER_KEY');
  const file = env.AMTSKLAR_LEDGER_KEY_FILE ?? join(env.AMTSKLAR_DATA_DIR ?? join(process.cwd(), 'var', 'data'), 'ledger-signer.key');
  if (existsSync(file)) return checked(readFileSync(file, 'utf8').trim(), file);
  if (env.AMTSKLAR_LEDGER_KEY_FILE) throw new AmtsklarError('invalid_input', `Schlüsseldatei ${file} nicht gefunden`, [{ path: 'AMTSKLAR_LEDGER_KEY_FILE', message: 'Datei fehlt' }]);
  const origin = `${env.AMTSKLAR_LEDGER_ORIGIN ?? `amtsklar.local/${env.AMTSKLAR_MUNICIPALITY ?? 'musterstadt'}`}`;
  const { signerKey } = generateKey(origin);
  mkdirSync(dirname(file), { recursive: true });
  try {
    // 'wx': of two processes starting at once, one writes and both use its key.
    writeFileSync(file, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return checked(readFileSync(file, 'utf8').trim(), file);
  }
  chmodSync(file, 0o600);
  return signerKey;
}

function checked(key: string, where: string): string {
  try {
    parseSignerKey(key);
    return key.trim();
  } catch (e) {
    throw new AmtsklarError('invalid_input', `Der Signaturschlüssel des Protokolls (${where}) ist unbrauchbar: ${(e as Error).message}`, [{ path: where, message: 'kein Signaturschlüssel' }]);
  }
}

/** The witnesses whose cosignatures and reports the log accepts (AMTSKLAR_WITNESS_KEYS, comma-separated vkeys). */
export function witnessKeys(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.AMTSKLAR_WITNESS_KEYS ?? '')
    .split(/[,\s]+/)
    .map((k) => k.trim())
    .filter(Boolean);
}

/** The platform's log: signer key from configuration, commitment salts sealed under the case keys. */
export function openLedger(db: Db, env: NodeJS.ProcessEnv = process.env, extra: Omit<LedgerConfig, 'signerKey'> = {}): Ledger {
  return new Ledger(db, { ...extra, salts: extra.salts ?? sealedSalts(caseKeys(env)), signerKey: ledgerSignerKey(env) });
}
