import { sign, verify } from 'node:crypto';
import { ed25519PublicKey, NoteError, parseNote, parseSignerKey, parseVerifierKey, SIG_COSIGNATURE_V1, signatureLine, type Verifier } from './note.ts';

/**
 * Witness cosignatures, c2sp.org/tlog-cosignature, Ed25519 form: key type 0x04, the
 * signature is u64 timestamp (big-endian) ‖ Ed25519 signature over
 *   "cosignature/v1\n" ‖ "time <decimal>\n" ‖ checkpoint body.
 */

function signedMessage(timestamp: bigint, body: string): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp.toString()}\n${body}`, 'utf8');
}

export interface Cosigner {
  name: string;
  keyId: number;
  /** A cosignature line over the checkpoint body at the given POSIX time (seconds). */
  cosign(body: string, timestamp: number): string;
}

export function cosigner(skey: string): Cosigner {
  const k = parseSignerKey(skey);
  if (k.type !== SIG_COSIGNATURE_V1) throw new NoteError('Der Zeugenschlüssel ist nicht vom Typ cosignature/v1 (0x04)');
  return {
    name: k.name,
    keyId: k.keyId,
    cosign(body, timestamp) {
      if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new NoteError('Der Zeitstempel muss eine nicht-negative ganze Zahl sein');
      const ts = BigInt(timestamp);
      const sig = sign(null, signedMessage(ts, body), k.privateKey);
      const head = new Uint8Array(8);
      new DataView(head.buffer).setBigUint64(0, ts);
      return signatureLine(k.name, k.keyId, Uint8Array.of(...head, ...sig));
    },
  };
}

/** A note verifier for a witness's cosignatures; `lastTime` reports the time it signed at. */
export function cosignatureVerifier(vkey: string): Verifier & { timeOf(signature: Uint8Array): number } {
  const k = parseVerifierKey(vkey);
  if (k.type !== SIG_COSIGNATURE_V1) throw new NoteError('Der Zeugen-Prüfschlüssel ist nicht vom Typ cosignature/v1 (0x04)');
  const pub = ed25519PublicKey(k.key);
  return {
    name: k.name,
    keyId: k.keyId,
    verify(text, signature) {
      if (signature.length !== 72) return false;
      const ts = new DataView(signature.buffer, signature.byteOffset).getBigUint64(0);
      if (ts > 2n ** 63n - 1n) return false;
      return verify(null, signedMessage(ts, text), pub, signature.subarray(8));
    },
    timeOf(signature) {
      return Number(new DataView(signature.buffer, signature.byteOffset).getBigUint64(0));
    },
  };
}

/** Adds a cosignature line to a signed checkpoint (replacing an earlier one of the same key). */
export function addCosignature(note: string, line: string): string {
  const { text, signatures } = parseNote(note);
  const added = parseNote(`${text}\n${line}`).signatures[0]!;
  const kept = signatures.filter((s) => !(s.name === added.name && s.keyId === added.keyId));
  return `${text}\n${[...kept.map((s) => s.line), added.line].join('')}`;
}
