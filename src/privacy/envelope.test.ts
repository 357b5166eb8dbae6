import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAmtsklarError } from '../common/index.ts';
import {
  DecryptionError,
  createCaseKey,
  dataKeyFingerprint,
  decryptField,
  decryptFieldText,
  encryptField,
  erasureRecord,
  generateDataKey,
  openCaseCipher,
  parseMasterKeyring,
  rewrapKey,
  unwrapKey,
  wrapKey,
  wrappedKeyId,
  type MasterKeyring,
} from './envelope.ts';

const master = (id: string) => ({ id, key: new Uint8Array(randomBytes(32)) });
const ctx = { tenant: 'musterstadt', caseId: 'case-1' };
const field = { ...ctx, field: 'antragsteller.name' };

function flip(ciphertext: string, byte: number): string {
  const prefix = ciphertext.slice(0, ciphertext.lastIndexOf('.') + 1);
  const raw = Buffer.from(ciphertext.slice(prefix.length), 'base64url');
  raw[byte] = raw[byte]! ^ 0x01;
  return prefix + raw.toString('base64url');
}

describe('field encryption (AES-256-GCM)', () => {
  it('round-trips text and bytes in the documented format', () => {
    const key = generateDataKey();
    const ct = encryptField(key, 'Anna-Lena Müller', field);
    expect(ct).toMatch(/^ak1\.[A-Za-z0-9_-]+$/);
    const raw = Buffer.from(ct.slice(4), 'base64url');
    expect(raw[0]).toBe(1); // version
    expect(raw.length).toBe(1 + 12 + 16 + Buffer.byteLength('Anna-Lena Müller'));
    expect(decryptFieldText(key, ct, field)).toBe('Anna-Lena Müller');
    const bytes = new Uint8Array([0, 1, 2, 255]);
    expect([...decryptField(key, encryptField(key, bytes, field), field)]).toEqual([0, 1, 2, 255]);
    expect(encryptField(key, 'x', field)).not.toBe(encryptField(key, 'x', field)); // fresh IV
  });

  it('detects tampering with version, IV, tag or ciphertext', () => {
    const key = generateDataKey();
    const ct = encryptField(key, 'geheim', field);
    for (const byte of [0, 1, 12, 13, 28, 29, 32]) {
      expect(() => decryptField(key, flip(ct, byte), field)).toThrow(DecryptionError);
    }
    expect(() => decryptField(key, ct.slice(0, -2), field)).toThrow(DecryptionError);
    expect(() => decryptField(key, 'ak2.' + ct.slice(4), field)).toThrow(DecryptionError);
  });

  it('binds the ciphertext to tenant, case and field', () => {
    const key = generateDataKey();
    const ct = encryptField(key, 'geheim', field);
    expect(() => decryptField(key, ct, { ...field, tenant: 'anderstadt' })).toThrow(DecryptionError);
    expect(() => decryptField(key, ct, { ...field, caseId: 'case-2' })).toThrow(DecryptionError);
    expect(() => decryptField(key, ct, { ...field, field: 'antragsteller.iban' })).toThrow(DecryptionError);
    expect(() => decryptField(generateDataKey(), ct, field)).toThrow(DecryptionError);
  });
});

describe('wrapped data keys', () => {
  it('wraps under a master key bound to the case and unwraps only there', () => {
    const m = master('2026-01');
    const key = generateDataKey();
    const wrapped = wrapKey(key, m, ctx);
    expect(wrapped).toMatch(/^akk1\.2026-01\.[A-Za-z0-9_-]+$/);
    expect(wrappedKeyId(wrapped)).toBe('2026-01');
    const again = unwrapKey(wrapped, m, ctx);
    expect(dataKeyFingerprint(again)).toBe(dataKeyFingerprint(key));
    expect(() => unwrapKey(wrapped, m, { ...ctx, caseId: 'case-2' })).toThrow(DecryptionError);
    expect(() => unwrapKey(wrapped, { ...master('2026-01') }, ctx)).toThrow(DecryptionError);
    expect(() => unwrapKey(flip(wrapped, 20), m, ctx)).toThrow(DecryptionError);
    expect(() => unwrapKey(wrapped, master('other'), ctx)).toThrow(/nicht konfiguriert/);
  });

  it('rotates master keys: rewrap under the current key, then the old one can go', () => {
    const old = master('2025-01');
    const next = master('2026-01');
    const { wrapped, cipher } = createCaseKey(old, ctx);
    const ct = cipher.encrypt('antragsteller.name', 'Jan Nowak');
    const ring: MasterKeyring = { current: next, keys: [next, old] };
    const rewrapped = rewrapKey(wrapped, ring, ctx);
    expect(wrappedKeyId(rewrapped)).toBe('2026-01');
    const onlyNew: MasterKeyring = { current: next, keys: [next] };
    const reopened = openCaseCipher(rewrapped, onlyNew, ctx);
    expect(reopened.decryptText('antragsteller.name', ct)).toBe('Jan Nowak');
    expect(reopened.fingerprint).toBe(cipher.fingerprint);
    expect(() => openCaseCipher(wrapped, onlyNew, ctx)).toThrow(DecryptionError);
  });

  it('zeroes a destroyed key and refuses to use it', () => {
    const key = generateDataKey();
    const bytes = key.bytes;
    key.destroy();
    expect(bytes.every((b) => b === 0)).toBe(true);
    expect(() => encryptField(key, 'x', field)).toThrow(DecryptionError);
    expect(JSON.stringify({ key })).toBe('{"key":"[DataKey]"}');
  });
});

describe('crypto-shredding', () => {
  it('after the wrapped key is destroyed the data cannot be read, and the erasure record holds no data', () => {
    const m = master('2026-01');
    const store = new Map<string, string>();
    const { wrapped, cipher } = createCaseKey(m, ctx);
    store.set('key', wrapped);
    store.set('name', cipher.encrypt('antragsteller.name', 'Anna-Lena Müller'));
    const fingerprint = cipher.fingerprint;
    cipher.close();
    // Erasure: delete the only copy of the wrapped key.
    store.delete('key');
    const record = erasureRecord(ctx, fingerprint, 'Art. 17 Abs. 1 lit. a DSGVO', new Date('2026-05-01T10:00:00Z'));
    expect(record).toEqual({
      type: 'case_data_erased',
      tenant: 'musterstadt',
      caseId: 'case-1',
      keyFingerprint: fingerprint,
      method: 'crypto-shredding/aes-256-gcm',
      legalBasis: 'Art. 17 Abs. 1 lit. a DSGVO',
      erasedAt: '2026-05-01T10:00:00.000Z',
    });
    expect(JSON.stringify(record)).not.toContain('Müller');
    // Without the wrapped key every attempt fails: no other key opens the ciphertext.
    const ct = store.get('name')!;
    for (let i = 0; i < 20; i++) expect(() => decryptField(generateDataKey(), ct, { ...ctx, field: 'antragsteller.name' })).toThrow(DecryptionError);
    expect(() => openCaseCipher(store.get('key') ?? '', m, ctx)).toThrow(DecryptionError);
  });
});

describe('master keys from configuration', () => {
  it('parses id:base64 pairs, the first one current', () => {
    const a = randomBytes(32).toString('base64');
    const b = randomBytes(32).toString('base64url');
    const ring = parseMasterKeyring(`2026-01:${a}, 2025-01:${b}`);
    expect(ring.current.id).toBe('2026-01');
    expect(ring.keys.map((k) => k.id)).toEqual(['2026-01', '2025-01']);
    expect(Buffer.from(ring.keys[1]!.key).toString('base64url')).toBe(b);
  });

  it('names the setting and position in German and never echoes the key', () => {
    const short = randomBytes(16).toString('base64');
    for (const [spec, path] of [
      ['', 'AMTSKLAR_MASTER_KEYS'],
      [`k1:${short}`, 'AMTSKLAR_MASTER_KEYS[0]'],
      [`k1:${randomBytes(32).toString('base64')},bad id:${randomBytes(32).toString('base64')}`, 'AMTSKLAR_MASTER_KEYS[1]'],
      [`k1:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`, 'AMTSKLAR_MASTER_KEYS[1]'],
    ] as const) {
      try {
        parseMasterKeyring(spec);
        expect.unreachable(spec);
      } catch (e) {
        expect(isAmtsklarError(e)).toBe(true);
        if (!isAmtsklarError(e)) throw e;
        expect(e.problems[0]!.path).toBe(path);
        expect(e.message).toMatch(/^Ungültig/);
        expect(e.message).not.toContain(short);
      }
    }
  });
});
