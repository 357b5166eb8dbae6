import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { fromBase64, toBase64 } from './hash.ts';

/**
 * C2SP signed notes (c2sp.org/signed-note): a text ending in a newline, a blank line, and
 * signature lines `— <key name> base64(key ID ‖ signature)`. Keys are written as Go's
 * golang.org/x/mod/sumdb/note writes them, so tools of that ecosystem read ours:
 *   verifier key  <name>+<8 hex key ID>+base64(type ‖ public key)
 *   signer key    PRIVATE+KEY+<name>+<8 hex key ID>+base64(type ‖ private key seed)
 */

/** Signature type bytes (c2sp.org/signed-note §Signature types). */
export const SIG_ED25519 = 0x01;
export const SIG_COSIGNATURE_V1 = 0x04;

const MAX_SIGNATURES = 100;
const DASH = '\u2014 ';

export class NoteError extends Error {
  override readonly name: string = 'NoteError';
}

/** A well-formed note that no accepted key signed: refused as not authorised, not as malformed. */
export class NoteSignatureError extends NoteError {
  override readonly name = 'NoteSignatureError';
}

export interface Signer {
  name: string;
  keyId: number;
  /** The bytes after the key ID in the signature line. */
  sign(text: string): Uint8Array;
}

export interface Verifier {
  name: string;
  keyId: number;
  verify(text: string, signature: Uint8Array): boolean;
}

function hasControl(text: string, allowNewline: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && !(allowNewline && c === 0x0a)) return true;
  }
  return false;
}

/** Lone UTF-16 surrogates cannot be encoded as UTF-8. */
function isWellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

export function isKeyName(name: string): boolean {
  return name.length > 0 && !hasControl(name, false) && !/[\s+]/u.test(name);
}

/** SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], big-endian. */
export function keyId(name: string, type: number, publicKey: Uint8Array): number {
  const h = createHash('sha256').update(name, 'utf8').update(Uint8Array.of(0x0a, type)).update(publicKey).digest();
  return h.readUInt32BE(0);
}

const hex8 = (id: number) => id.toString(16).padStart(8, '0');

export function ed25519PublicKey(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new NoteError('Ein Ed25519-Schlüssel hat 32 Bytes');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

function ed25519PrivateKey(seed: Uint8Array): { priv: KeyObject; pub: Uint8Array } {
  if (seed.length !== 32) throw new NoteError('Ein Ed25519-Schlüssel hat 32 Bytes');
  // PKCS#8 wrapping of the raw 32-byte seed (RFC 8410); Node derives the public half from it.
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed)]);
  const priv = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const jwk = createPublicKey(priv).export({ format: 'jwk' });
  return { priv, pub: new Uint8Array(Buffer.from(jwk.x!, 'base64url')) };
}

export interface KeyPairText {
  /** Secret: goes into configuration, never into the repository. */
  signerKey: string;
  /** Public: published and given to verifiers and witnesses. */
  verifierKey: string;
}

/** A fresh Ed25519 key pair for the given key name and signature type (0x01 log, 0x04 witness). */
export function generateKey(name: string, type: number = SIG_ED25519): KeyPairText {
  if (!isKeyName(name)) throw new NoteError(`Unzulässiger Schlüsselname: ${JSON.stringify(name)}`);
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const seed = new Uint8Array(Buffer.from(jwk.d!, 'base64url'));
  const pub = new Uint8Array(Buffer.from(jwk.x!, 'base64url'));
  const id = hex8(keyId(name, type, pub));
  return {
    signerKey: `PRIVATE+KEY+${name}+${id}+${toBase64(Uint8Array.of(type, ...seed))}`,
    verifierKey: `${name}+${id}+${toBase64(Uint8Array.of(type, ...pub))}`,
  };
}

/** name+id+base64 — the base64 part may itself contain '+'. */
function splitKey(text: string): [string, string, string] | undefined {
  const a = text.indexOf('+');
  const b = a < 0 ? -1 : text.indexOf('+', a + 1);
  return b < 0 ? undefined : [text.slice(0, a), text.slice(a + 1, b), text.slice(b + 1)];
}

export interface ParsedKey {
  name: string;
  keyId: number;
  type: number;
  /** Public key, or private seed for a signer key. */
  key: Uint8Array;
}

function parseKeyParts(name: string, idHex: string, b64: string, what: string): ParsedKey {
  const key = fromBase64(b64);
  if (!isKeyName(name) || !/^[0-9a-f]{8}$/.test(idHex) || !key || key.length < 2) throw new NoteError(`${what} ist nicht lesbar`);
  return { name, keyId: parseInt(idHex, 16), type: key[0]!, key: key.subarray(1) };
}

export function parseVerifierKey(vkey: string): ParsedKey {
  const parts = splitKey(vkey.trim());
  if (!parts) throw new NoteError('Prüfschlüssel muss die Form <Name>+<Schlüssel-ID>+<Base64> haben');
  const k = parseKeyParts(parts[0], parts[1], parts[2], 'Prüfschlüssel');
  if (k.key.length !== 32 || (k.type !== SIG_ED25519 && k.type !== SIG_COSIGNATURE_V1)) throw new NoteError('Prüfschlüssel ist kein Ed25519-Schlüssel');
  if (keyId(k.name, k.type, k.key) !== k.keyId) throw new NoteError('Die Schlüssel-ID passt nicht zum Prüfschlüssel');
  return k;
}

export function parseSignerKey(skey: string): ParsedKey & { publicKey: Uint8Array; privateKey: KeyObject } {
  const text = skey.trim();
  const parts = text.startsWith('PRIVATE+KEY+') ? splitKey(text.slice('PRIVATE+KEY+'.length)) : undefined;
  if (!parts) throw new NoteError('Signaturschlüssel muss die Form PRIVATE+KEY+<Name>+<Schlüssel-ID>+<Base64> haben');
  const k = parseKeyParts(parts[0], parts[1], parts[2], 'Signaturschlüssel');
  const { priv, pub } = ed25519PrivateKey(k.key);
  if (keyId(k.name, k.type, pub) !== k.keyId) throw new NoteError('Die Schlüssel-ID passt nicht zum Signaturschlüssel');
  return { ...k, publicKey: pub, privateKey: priv };
}

/** The verifier key text that belongs to a signer key. */
export function verifierKeyOf(skey: string): string {
  const k = parseSignerKey(skey);
  return `${k.name}+${hex8(k.keyId)}+${toBase64(Uint8Array.of(k.type, ...k.publicKey))}`;
}

/** A plain Ed25519 note signer (type 0x01) from a signer key. */
export function noteSigner(skey: string): Signer {
  const k = parseSignerKey(skey);
  if (k.type !== SIG_ED25519) throw new NoteError('Signaturschlüssel ist nicht vom Typ Ed25519 (0x01)');
  return { name: k.name, keyId: k.keyId, sign: (text) => new Uint8Array(sign(null, Buffer.from(text, 'utf8'), k.privateKey)) };
}

/** A plain Ed25519 note verifier (type 0x01) from a verifier key. */
export function noteVerifier(vkey: string): Verifier {
  const k = parseVerifierKey(vkey);
  if (k.type !== SIG_ED25519) throw new NoteError('Prüfschlüssel ist nicht vom Typ Ed25519 (0x01)');
  const pub = ed25519PublicKey(k.key);
  return {
    name: k.name,
    keyId: k.keyId,
    verify: (text, sig) => sig.length === 64 && verify(null, Buffer.from(text, 'utf8'), pub, sig),
  };
}

function checkText(text: string, what: string): void {
  if (!text.endsWith('\n')) throw new NoteError(`${what} muss mit einem Zeilenumbruch enden`);
  if (hasControl(text, true)) throw new NoteError(`${what} enthält Steuerzeichen`);
  if (!isWellFormed(text)) throw new NoteError(`${what} ist kein gültiges UTF-8`);
}

export interface NoteSignature {
  name: string;
  keyId: number;
  /** The signature bytes after the key ID. */
  signature: Uint8Array;
  /** The line as it appears in the note, with newline. */
  line: string;
}

export function signatureLine(name: string, id: number, signature: Uint8Array): string {
  const idBytes = new Uint8Array(4);
  new DataView(idBytes.buffer).setUint32(0, id >>> 0);
  return `${DASH}${name} ${toBase64(Uint8Array.of(...idBytes, ...signature))}\n`;
}

/** Signs the text with every signer and returns the whole note. */
export function signNote(text: string, signers: readonly Signer[]): string {
  checkText(text, 'Der Notiztext');
  if (signers.length === 0) throw new NoteError('Mindestens ein Schlüssel muss signieren');
  return `${text}\n${signers.map((s) => signatureLine(s.name, s.keyId, s.sign(text))).join('')}`;
}

export interface ParsedNote {
  text: string;
  signatures: NoteSignature[];
}

/** Splits a note into text and signature lines, without judging any signature. */
export function parseNote(note: string): ParsedNote {
  if (note.length > 1_000_000) throw new NoteError('Die Notiz ist zu groß');
  checkText(note, 'Die Notiz');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('Die Notiz hat keine Leerzeile vor den Signaturen');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('Die Notiz hat zu viele Signaturen');
  const signatures = lines.map((line) => {
    const m = /^\u2014 (\S+) (\S+)$/u.exec(line);
    const raw = m ? fromBase64(m[2]!) : undefined;
    if (!m || !isKeyName(m[1]!) || !raw || raw.length < 5) throw new NoteError(`Unlesbare Signaturzeile: ${JSON.stringify(line)}`);
    return { name: m[1]!, keyId: new DataView(raw.buffer, raw.byteOffset).getUint32(0), signature: raw.subarray(4), line: `${line}\n` };
  });
  return { text, signatures };
}

export interface OpenedNote extends ParsedNote {
  /** The verifiers whose signature verified. */
  verifiedBy: Verifier[];
}

/**
 * Verifies a note: signatures from unknown keys are ignored, a known key's signature that
 * fails rejects the whole note, and at least one known key must have signed.
 */
export function openNote(note: string, verifiers: readonly Verifier[]): OpenedNote {
  const parsed = parseNote(note);
  const verifiedBy: Verifier[] = [];
  for (const sig of parsed.signatures) {
    const v = verifiers.find((x) => x.name === sig.name && x.keyId === sig.keyId);
    if (!v) continue;
    if (!v.verify(parsed.text, sig.signature)) throw new NoteSignatureError(`Die Signatur von ${sig.name} ist ungültig`);
    if (!verifiedBy.includes(v)) verifiedBy.push(v);
  }
  if (verifiedBy.length === 0) throw new NoteSignatureError('Die Notiz trägt keine gültige Signatur eines bekannten Schlüssels');
  return { ...parsed, verifiedBy };
}
