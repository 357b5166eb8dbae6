import { randomFillSync } from 'node:crypto';

/**
 * Cryptographically secure random bytes, drawn from the operating system's CSPRNG in 4 KiB
 * refills. A submission needs about seven small draws (data key, IVs, salt, login token, access
 * code); each `randomBytes` call costs a round into OpenSSL (about 2 µs hot, over 10 µs on a busy
 * server), one 4 KiB refill costs about the same as one such call. Node's own `randomUUID` keeps a
 * pool the same way.
 *
 * Every byte is handed out once: the caller gets a copy and the pool's bytes are zeroed, so no
 * two draws share bytes and no key material stays behind in the pool.
 */
const POOL_BYTES = 4096;
/** Larger draws go straight to the CSPRNG: pooling would save nothing. */
const MAX_POOLED = 256;

let pool: Buffer | null = null;
let offset = POOL_BYTES;

export function secureRandomBytes(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Anzahl der Zufallsbytes muss eine natürliche Zahl sein, nicht ${n}`);
  const out = Buffer.allocUnsafe(n);
  if (n > MAX_POOLED) return randomFillSync(out);
  if (pool === null || offset + n > POOL_BYTES) {
    pool ??= Buffer.allocUnsafeSlow(POOL_BYTES);
    randomFillSync(pool);
    offset = 0;
  }
  pool.copy(out, 0, offset, offset + n);
  pool.fill(0, offset, offset + n);
  offset += n;
  return out;
}
