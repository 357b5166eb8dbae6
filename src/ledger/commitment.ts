import { createHash } from 'node:crypto';
import { canonicalJson, secureRandomBytes } from '../common/index.ts';

/**
 * Salted commitments: commit:<hex SHA-256(salt ‖ canonical JSON of the value)>.
 * The salt stays with the case data (encrypted under the case key), never in the log:
 * whoever holds the case can show that an entry is about it; after erasure nobody can
 * link the entry to a person, because guessing the value no longer helps without the salt.
 */
export const SALT_BYTES = 32;
const PREFIX = 'commit:';
export const COMMITMENT_PATTERN = /^commit:[0-9a-f]{64}$/;

export function newSalt(): Uint8Array {
  return new Uint8Array(secureRandomBytes(SALT_BYTES));
}

export function commit(salt: Uint8Array, value: unknown): string {
  if (salt.length !== SALT_BYTES) throw new RangeError(`Ein Salz hat ${SALT_BYTES} Bytes`);
  return PREFIX + createHash('sha256').update(salt).update(canonicalJson(value), 'utf8').digest('hex');
}

export function opensTo(commitment: string, salt: Uint8Array, value: unknown): boolean {
  return salt.length === SALT_BYTES && commit(salt, value) === commitment;
}
