/**
 * Per-case envelope encryption and erasure by key destruction (crypto-shredding).
 *
 * Every case has its own random 256-bit data key. Personal data fields are encrypted with it
 * (AES-256-GCM, 96-bit random IV, 128-bit tag); the associated data binds each ciphertext to
 * tenant, case and field, so a ciphertext copied to another row or field does not decrypt.
 * The data key is stored only wrapped (AES-256-GCM again) under a master key from configuration;
 * the wrapped form names the master key's id, so master keys rotate: `rewrapKey`.
 * Destroying the wrapped key (and every copy of it) makes all data of the case unreadable while
 * the ledger, which holds only hashes, still verifies; `erasureRecord` is what the ledger records.
 *
 * Formats (all base64url without padding, RFC 4648 §5):
 *   field ciphertext  `ak1.` + b64u( 0x01 | iv[12] | tag[16] | ciphertext )
 *   wrapped data key  `akk1.` + keyId + `.` + b64u( 0x01 | iv[12] | tag[16] | wrappedKey[32] )
 * Associated data: the UTF-8 strings (label, tenant, case[, field | keyId]) each prefixed with its
 * byte length as 4-byte big-endian, label `amtsklar/field/v1` or `amtsklar/data-key/v1`.
 *
 * Keys never appear in messages or logs. Buffers holding keys are zeroed after use where the
 * code holds them; node:crypto keeps its own copy inside a cipher object for its lifetime.
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { AmtsklarError, secureRandomBytes } from '../common/index.ts';

const VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Decryption failed: tampered ciphertext, wrong key, wrong associated data or an unknown format. */
export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

/** A case's data key in memory. Call `destroy()` when done: it zeroes the bytes. */
export class DataKey {
  #bytes: Buffer;
  #destroyed = false;

  constructor(bytes: Uint8Array) {
    if (bytes.length !== KEY_BYTES) throw new RangeError('Datenschlüssel muss 32 Bytes lang sein');
    this.#bytes = Buffer.from(bytes);
  }

  /** The raw key; throws after `destroy()`. */
  get bytes(): Buffer {
    if (this.#destroyed) throw new DecryptionError('Der Datenschlüssel wurde vernichtet');
    return this.#bytes;
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  destroy(): void {
    this.#bytes.fill(0);
    this.#destroyed = true;
  }

  /** Never print the key. */
  toJSON(): string {
    return '[DataKey]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[DataKey]';
  }
}

export interface MasterKey {
  /** Names the key in wrapped data keys, e.g. `2026-01`. */
  id: string;
  key: Uint8Array;
}

/** The master keys from configuration: `current` wraps, all of them unwrap. */
export interface MasterKeyring {
  current: MasterKey;
  keys: readonly MasterKey[];
}

export interface CaseContext {
  tenant: string;
  caseId: string;
}

export interface FieldContext extends CaseContext {
  /** The field the value belongs to, e.g. `antragsteller.name` or `placeholder_mapping`. */
  field: string;
}

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

function associatedData(label: string, parts: readonly string[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of [label, ...parts]) {
    const bytes = Buffer.from(p, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    chunks.push(len, bytes);
  }
  return Buffer.concat(chunks);
}

function checkContext(ctx: CaseContext): void {
  if (typeof ctx.tenant !== 'string' || ctx.tenant === '' || typeof ctx.caseId !== 'string' || ctx.caseId === '') {
    throw new TypeError('Mandant und Fall müssen angegeben sein');
  }
}

function seal(key: Uint8Array, plaintext: Uint8Array, aad: Buffer): Buffer {
  const iv = secureRandomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ct]);
}

function open(key: Uint8Array, sealed: Buffer, aad: Buffer, what: string): Buffer {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) {
    throw new DecryptionError(`${what}: unbekanntes Format oder unbekannte Version`);
  }
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const ct = sealed.subarray(1 + IV_BYTES + TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch {
    throw new DecryptionError(`${what}: Prüfsumme falsch — Daten verändert, falscher Schlüssel oder falscher Kontext`);
  }
}

function decodeB64u(s: string, what: string): Buffer {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) throw new DecryptionError(`${what}: kein base64url`);
  return Buffer.from(s, 'base64url');
}

/** A fresh random data key for a new case. */
export function generateDataKey(): DataKey {
  const bytes = secureRandomBytes(KEY_BYTES);
  const key = new DataKey(bytes);
  bytes.fill(0);
  return key;
}

/** The data key wrapped under the master key, bound to tenant, case and master key id. */
export function wrapKey(dataKey: DataKey, master: MasterKey, ctx: CaseContext): string {
  checkContext(ctx);
  checkMasterKey(master, 'masterKey');
  const sealed = seal(master.key, dataKey.bytes, associatedData('amtsklar/data-key/v1', [ctx.tenant, ctx.caseId, master.id]));
  return `akk1.${master.id}.${b64u(sealed)}`;
}

/** The master key id a wrapped key was made with (to plan a rotation). */
export function wrappedKeyId(wrapped: string): string {
  const m = /^akk1\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]+)$/.exec(wrapped);
  if (!m) throw new DecryptionError('Verpackter Schlüssel: unbekanntes Format');
  return m[1]!;
}

export function unwrapKey(wrapped: string, masters: MasterKeyring | MasterKey, ctx: CaseContext): DataKey {
  checkContext(ctx);
  const id = wrappedKeyId(wrapped);
  const keys = 'keys' in masters ? masters.keys : [masters];
  const master = keys.find((k) => k.id === id);
  if (!master) throw new DecryptionError(`Verpackter Schlüssel: Hauptschlüssel „${id}“ ist nicht konfiguriert`);
  const sealed = decodeB64u(wrapped.slice(`akk1.${id}.`.length), 'Verpackter Schlüssel');
  const raw = open(master.key, sealed, associatedData('amtsklar/data-key/v1', [ctx.tenant, ctx.caseId, id]), 'Verpackter Schlüssel');
  try {
    return new DataKey(raw);
  } finally {
    raw.fill(0);
  }
}

/** Re-wrap under the keyring's current master key (rotation); the data itself is untouched. */
export function rewrapKey(wrapped: string, masters: MasterKeyring, ctx: CaseContext): string {
  const key = unwrapKey(wrapped, masters, ctx);
  try {
    return wrapKey(key, masters.current, ctx);
  } finally {
    key.destroy();
  }
}

export function encryptField(dataKey: DataKey, plaintext: string | Uint8Array, ctx: FieldContext): string {
  checkContext(ctx);
  const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const sealed = seal(dataKey.bytes, bytes, associatedData('amtsklar/field/v1', [ctx.tenant, ctx.caseId, ctx.field]));
  return `ak1.${b64u(sealed)}`;
}

/** The plaintext bytes; throws `DecryptionError` on any mismatch. */
export function decryptField(dataKey: DataKey, ciphertext: string, ctx: FieldContext): Buffer {
  checkContext(ctx);
  if (typeof ciphertext !== 'string' || !ciphertext.startsWith('ak1.')) throw new DecryptionError(`Feld ${ctx.field}: unbekanntes Format`);
  const sealed = decodeB64u(ciphertext.slice(4), `Feld ${ctx.field}`);
  return open(dataKey.bytes, sealed, associatedData('amtsklar/field/v1', [ctx.tenant, ctx.caseId, ctx.field]), `Feld ${ctx.field}`);
}

export function decryptFieldText(dataKey: DataKey, ciphertext: string, ctx: FieldContext): string {
  const bytes = decryptField(dataKey, ciphertext, ctx);
  try {
    return bytes.toString('utf8');
  } finally {
    bytes.fill(0);
  }
}

/**
 * A stable, non-secret name of a data key (SHA-256 over a label and the key): the same across
 * rewraps, so the ledger's erasure entry names exactly the key that was destroyed. A 256-bit
 * random key cannot be found from it.
 */
export function dataKeyFingerprint(dataKey: DataKey): string {
  return `sha256:${createHash('sha256').update('amtsklar/data-key-fingerprint/v1\0').update(dataKey.bytes).digest('hex')}`;
}

export interface ErasureRecord {
  type: 'case_data_erased';
  tenant: string;
  caseId: string;
  /** `dataKeyFingerprint` of the destroyed key. */
  keyFingerprint: string;
  method: 'crypto-shredding/aes-256-gcm';
  /** E.g. `Art. 17 Abs. 1 DSGVO` or `Aufbewahrungsfrist abgelaufen (§ 84 SGB X)`. */
  legalBasis: string;
  /** ISO 8601 instant. */
  erasedAt: string;
}

/**
 * What the ledger records when a case's key is destroyed: no personal data, only which key
 * (by fingerprint), why and when. Take the fingerprint before destroying the key.
 */
export function erasureRecord(ctx: CaseContext, keyFingerprint: string, legalBasis: string, erasedAt: Date): ErasureRecord {
  checkContext(ctx);
  if (!/^sha256:[0-9a-f]{64}$/.test(keyFingerprint)) throw new TypeError('keyFingerprint');
  if (legalBasis.trim() === '') throw new TypeError('legalBasis');
  return {
    type: 'case_data_erased',
    tenant: ctx.tenant,
    caseId: ctx.caseId,
    keyFingerprint,
    method: 'crypto-shredding/aes-256-gcm',
    legalBasis,
    erasedAt: erasedAt.toISOString(),
  };
}

/** Everything a store needs for one case, with the key held once and destroyed on `close()`. */
export interface CaseCipher {
  readonly fingerprint: string;
  encrypt(field: string, plaintext: string | Uint8Array): string;
  decrypt(field: string, ciphertext: string): Buffer;
  decryptText(field: string, ciphertext: string): string;
  close(): void;
}

function cipherFor(key: DataKey, ctx: CaseContext): CaseCipher {
  const fingerprint = dataKeyFingerprint(key);
  return {
    fingerprint,
    encrypt: (field, plaintext) => encryptField(key, plaintext, { ...ctx, field }),
    decrypt: (field, ciphertext) => decryptField(key, ciphertext, { ...ctx, field }),
    decryptText: (field, ciphertext) => decryptFieldText(key, ciphertext, { ...ctx, field }),
    close: () => key.destroy(),
  };
}

/** A new case: its wrapped key to store and a cipher to encrypt its first fields. */
export function createCaseKey(masters: MasterKeyring | MasterKey, ctx: CaseContext): { wrapped: string; cipher: CaseCipher } {
  const master = 'keys' in masters ? masters.current : masters;
  const key = generateDataKey();
  return { wrapped: wrapKey(key, master, ctx), cipher: cipherFor(key, ctx) };
}

export function openCaseCipher(wrapped: string, masters: MasterKeyring | MasterKey, ctx: CaseContext): CaseCipher {
  return cipherFor(unwrapKey(wrapped, masters, ctx), ctx);
}

function checkMasterKey(master: MasterKey, path: string): void {
  if (!KEY_ID.test(master.id)) {
    throw new AmtsklarError('invalid_input', `Ungültiger Hauptschlüssel bei ${path}: Kennung nur aus A–Z, a–z, 0–9, _ und - (1–64 Zeichen)`, [
      { path, message: 'Kennung nur aus A–Z, a–z, 0–9, _ und - (1–64 Zeichen)' },
    ]);
  }
  if (!(master.key instanceof Uint8Array) || master.key.length !== KEY_BYTES) {
    throw new AmtsklarError('invalid_input', `Ungültiger Hauptschlüssel bei ${path}: muss genau 32 Bytes lang sein`, [
      { path, message: 'muss genau 32 Bytes lang sein' },
    ]);
  }
}

/**
 * Master keys from configuration, e.g. the environment variable `AMTSKLAR_MASTER_KEYS` =
 * `2026-01:<base64 of 32 bytes>,2025-01:<base64>` — the first one is current, the others only
 * unwrap (rotation). Errors name the setting and the position, never the key.
 */
export function parseMasterKeyring(spec: string, path = 'AMTSKLAR_MASTER_KEYS'): MasterKeyring {
  const items = (spec ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) {
    throw new AmtsklarError('invalid_input', `Ungültige Konfiguration bei ${path}: kein Hauptschlüssel angegeben`, [
      { path, message: 'kein Hauptschlüssel angegeben (Format: id:base64,…)' },
    ]);
  }
  const keys: MasterKey[] = items.map((item, i) => {
    const at = `${path}[${i}]`;
    const colon = item.indexOf(':');
    const id = colon > 0 ? item.slice(0, colon) : '';
    const material = colon > 0 ? item.slice(colon + 1) : '';
    const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(material) ? Buffer.from(material, material.includes('-') || material.includes('_') ? 'base64url' : 'base64') : Buffer.alloc(0);
    const master = { id, key: new Uint8Array(key) };
    key.fill(0);
    checkMasterKey(master, at);
    return master;
  });
  const ids = new Set<string>();
  keys.forEach((k, i) => {
    if (ids.has(k.id)) {
      throw new AmtsklarError('invalid_input', `Ungültige Konfiguration bei ${path}[${i}]: Kennung „${k.id}“ doppelt`, [
        { path: `${path}[${i}]`, message: `Kennung „${k.id}“ doppelt` },
      ]);
    }
    ids.add(k.id);
  });
  return { current: keys[0]!, keys };
}
