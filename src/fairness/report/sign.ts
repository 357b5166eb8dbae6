import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../../common/index.ts';
import type { FairnessReport, SignedFairnessReport } from './types.ts';

/**
 * Signs a report with Ed25519 over its RFC 8785 canonical JSON. The key stays with the
 * caller (the edge loads it from the key store); the core only computes. `reportHash` is
 * what the ledger records, so a published report can be matched to its ledger entry.
 */
export function signReport(report: FairnessReport, privateKey: KeyObject, keyId: string): SignedFairnessReport {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('Bericht wird mit einem Ed25519-Schlüssel signiert');
  const bytes = Buffer.from(canonicalJson(report), 'utf8');
  return {
    report,
    signature: {
      alg: 'Ed25519',
      keyId,
      value: sign(null, bytes, privateKey).toString('base64'),
      reportHash: `sha256:${sha256Hex(bytes)}`,
    },
  };
}

/** True when the signature and the recorded hash both match the report as it is now. */
export function verifyReport(signed: SignedFairnessReport, publicKey: KeyObject): boolean {
  if (signed.signature.alg !== 'Ed25519' || publicKey.asymmetricKeyType !== 'ed25519') return false;
  const bytes = Buffer.from(canonicalJson(signed.report), 'utf8');
  if (`sha256:${sha256Hex(bytes)}` !== signed.signature.reportHash) return false;
  return verify(null, bytes, publicKey, Buffer.from(signed.signature.value, 'base64'));
}
