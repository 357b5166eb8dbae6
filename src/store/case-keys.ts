import { AmtsklarError } from '../common/index.ts';
import { createCaseKey, DecryptionError, openCaseCipher, rewrapKey, type CaseCipher, type MasterKeyring } from '../privacy/index.ts';
import type { Db, Sql } from './db.ts';
import { masterKeyring, masterKeySpec } from './master-keys.ts';

/**
 * Per-case data keys at the edge (docs/privacy.md, "Per-case keys and erasure"). Every case
 * gets a random AES-256 key when it is created; its personal data — applicant and
 * application, document contents and file names, objection texts, the ledger's commitment
 * salt — is stored only as ciphertext under that key (associated data: tenant, case,
 * field). The key itself is kept only wrapped under the configured master key, one row in
 * `case_keys`. Deleting that row erases the case's personal data wherever a copy of the
 * ciphertext survives (backups included).
 */

/** Field names (bound into each ciphertext's associated data). */
export const FIELD = {
  applicant: 'applicant',
  application: 'application',
  documentContent: (documentId: string) => `document:${documentId}:content`,
  documentName: (documentId: string) => `document:${documentId}:filename`,
  objectionReason: (objectionId: string) => `objection:${objectionId}:reason`,
  objectionAssessment: (objectionId: string) => `objection:${objectionId}:assessment`,
  ledgerSalt: 'ledger_salt',
  /** The access code and login link of a submission's answer, kept for a repeated request under its idempotency key. */
  answerSecrets: 'idempotency:answer_secrets',
} as const;

export interface NewCaseKey {
  wrapped: string;
  masterKeyId: string;
  cipher: CaseCipher;
}

export class CaseKeys {
  /** `source` names where the master keys came from, for messages (never the keys). */
  constructor(
    readonly ring: MasterKeyring,
    readonly source = 'AMTSKLAR_MASTER_KEYS',
  ) {}

  /** A new case's key: store `wrapped` with the case, encrypt its first fields with `cipher`, then close it. */
  create(municipalityId: string, caseId: string): NewCaseKey {
    const { wrapped, cipher } = createCaseKey(this.ring, { tenant: municipalityId, caseId });
    return { wrapped, masterKeyId: this.ring.current.id, cipher };
  }

  open(wrapped: string, municipalityId: string, caseId: string): CaseCipher {
    return openCaseCipher(wrapped, this.ring, { tenant: municipalityId, caseId });
  }

  /** The case's cipher, or null when it has no key (erased). Close it after use. */
  async load(sql: Sql, caseId: string): Promise<CaseCipher | null> {
    const [k] = await sql.query<{ municipality_id: string; wrapped: string }>('SELECT municipality_id, wrapped FROM case_keys WHERE case_id = $1', [caseId]);
    return k ? this.open(k.wrapped, k.municipality_id, caseId) : null;
  }

  /** Stores a new case's wrapped key (inside the caller's transaction). */
  async insert(sql: Sql, municipalityId: string, caseId: string, key: Pick<NewCaseKey, 'wrapped' | 'masterKeyId'>): Promise<void> {
    await sql.query('INSERT INTO case_keys (case_id, municipality_id, wrapped, master_key_id) VALUES ($1, $2, $3, $4)', [caseId, municipalityId, key.wrapped, key.masterKeyId]);
  }

  /**
   * Rotation: every case key not yet wrapped under the current master key is unwrapped with
   * its old master key and wrapped again under the current one, in batches, each batch one
   * transaction. The data keys and therefore all ciphertexts stay as they are. Afterwards
   * the old master key can be removed from the configuration.
   */
  async rotate(db: Db, batch = 500): Promise<{ rewrapped: number; current: string }> {
    const current = this.ring.current.id;
    let rewrapped = 0;
    for (;;) {
      const n = await db.transaction(async (tx) => {
        const rows = await tx.query<{ case_id: string; municipality_id: string; wrapped: string }>(
          'SELECT case_id, municipality_id, wrapped FROM case_keys WHERE master_key_id <> $1 ORDER BY case_id LIMIT $2 FOR UPDATE SKIP LOCKED',
          [current, batch],
        );
        if (rows.length === 0) return 0;
        const next = rows.map((r) => rewrapKey(r.wrapped, this.ring, { tenant: r.municipality_id, caseId: r.case_id }));
        await tx.query(
          `UPDATE case_keys k SET wrapped = n.wrapped, master_key_id = $3, rewrapped_at = now()
           FROM (SELECT unnest($1::uuid[]) AS case_id, unnest($2::text[]) AS wrapped) n WHERE k.case_id = n.case_id`,
          [rows.map((r) => r.case_id), next, current],
        );
        return rows.length;
      });
      rewrapped += n;
      if (n === 0) return { rewrapped, current };
    }
  }

  /**
   * Before serving: every master key that wraps a stored case key is configured and is the
   * right one (one case key per master key is unwrapped as a sample). A missing or wrong
   * master key is a German error naming the setting and what to do — not a decryption
   * failure in the middle of some later request. One index probe per master key id.
   */
  async check(sql: Sql): Promise<void> {
    const rows = await sql.query<{ master_key_id: string; case_id: string; municipality_id: string; wrapped: string }>(
      `WITH RECURSIVE ids AS (
         (SELECT master_key_id FROM case_keys ORDER BY master_key_id LIMIT 1)
         UNION ALL
         SELECT (SELECT k.master_key_id FROM case_keys k WHERE k.master_key_id > ids.master_key_id ORDER BY k.master_key_id LIMIT 1) FROM ids WHERE ids.master_key_id IS NOT NULL
       )
       SELECT ids.master_key_id, s.case_id, s.municipality_id, s.wrapped FROM ids
       CROSS JOIN LATERAL (SELECT case_id, municipality_id, wrapped FROM case_keys k WHERE k.master_key_id = ids.master_key_id LIMIT 1) s
       WHERE ids.master_key_id IS NOT NULL`,
    );
    const configured = new Set(this.ring.keys.map((k) => k.id));
    for (const r of rows) {
      if (!configured.has(r.master_key_id)) {
        const [n] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM case_keys WHERE master_key_id = $1', [r.master_key_id]);
        throw new AmtsklarError(
          'invalid_input',
          `Hauptschlüssel „${r.master_key_id}“ fehlt in ${this.source}: die personenbezogenen Daten von ${Number(n!.n)} ${Number(n!.n) === 1 ? 'Fall' : 'Fällen'} sind darunter verschlüsselt und so nicht lesbar. ` +
            `Den Schlüssel wieder eintragen (nach dem aktuellen) und mit „amtsklar keys rotate“ auf den aktuellen umschlüsseln.`,
          [{ path: this.source, message: `Hauptschlüssel „${r.master_key_id}“ fehlt` }],
        );
      }
      try {
        this.open(r.wrapped, r.municipality_id, r.case_id).close();
      } catch (e) {
        if (!(e instanceof DecryptionError)) throw e;
        throw new AmtsklarError(
          'invalid_input',
          `Hauptschlüssel „${r.master_key_id}“ in ${this.source} ist nicht der, unter dem die Fallschlüssel verpackt wurden (falscher Schlüsselwert zu dieser Kennung).`,
          [{ path: this.source, message: `falscher Wert für „${r.master_key_id}“` }],
        );
      }
    }
  }

  /** How many case keys each master key wraps (which old keys are still needed). */
  async status(sql: Sql): Promise<{ masterKeyId: string; cases: number; configured: boolean; current: boolean }[]> {
    const rows = await sql.query<{ master_key_id: string; n: number }>('SELECT master_key_id, count(*)::int AS n FROM case_keys GROUP BY master_key_id ORDER BY master_key_id');
    const ids = new Set(this.ring.keys.map((k) => k.id));
    return rows.map((r) => ({ masterKeyId: r.master_key_id, cases: Number(r.n), configured: ids.has(r.master_key_id), current: r.master_key_id === this.ring.current.id }));
  }
}

/** The stored form of binary personal data (document contents): the `ak1` envelope's bytes. */
export function sealBytes(cipher: CaseCipher, field: string, bytes: Uint8Array): Buffer {
  return Buffer.from(cipher.encrypt(field, bytes).slice(4), 'base64url');
}

export function openBytes(cipher: CaseCipher, field: string, sealed: Uint8Array): Buffer {
  return cipher.decrypt(field, `ak1.${Buffer.from(sealed).toString('base64url')}`);
}

const byRing = new WeakMap<MasterKeyring, CaseKeys>();

/** The process's case keys under the configured master key ring (AMTSKLAR_MASTER_KEYS or var/data/master.key). */
export function caseKeys(env: NodeJS.ProcessEnv = process.env): CaseKeys {
  const ring = masterKeyring(env);
  let k = byRing.get(ring);
  if (!k) {
    k = new CaseKeys(ring, masterKeySpec(env).where);
    byRing.set(ring, k);
  }
  return k;
}
