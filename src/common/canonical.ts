import { createHash, hash } from 'node:crypto';
import canonicalizeLib from 'canonicalize';

/**
 * RFC 8785 (JSON Canonicalization Scheme). Every hash the product publishes
 * (input, pack, result, ledger leaves) is taken over this form, so anyone can
 * recompute it with any JCS implementation.
 */
export function canonicalJson(value: unknown): string {
  const out = (canonicalizeLib as unknown as (v: unknown) => string | undefined)(value);
  if (out === undefined) throw new TypeError('Wert ist nicht als JSON darstellbar');
  return out;
}

export function sha256Hex(data: string | Uint8Array): string {
  // One-shot hashing (Node ≥ 20.12) avoids a Hash object per call on the decision hot path.
  return typeof data === 'string' ? hash('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');
}

/** `sha256:<hex>` of the canonical JSON of a value. */
export function contentHash(value: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(value))}`;
}
