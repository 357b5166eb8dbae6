import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Staff passwords: scrypt, a memory-hard function (RFC 7914), with N = 2^15, r = 8, p = 1
 * (32 MiB per hash, the OWASP minimum for scrypt is N = 2^17 with r = 8 and p = 1 *or* a
 * memory/time equivalent; we take 2^15 with the stronger salt/key sizes so a login stays
 * under 100 ms on two cores). The parameters travel with the hash so they can be raised
 * later without invalidating old hashes.
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEYLEN = 32;

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEYLEN, { ...opts, maxmem: 256 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A strong random password for demo accounts and resets (20 characters, ~119 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

/** Rules for passwords people choose. */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'Das Passwort muss mindestens 12 Zeichen lang sein.';
  if (password.length > 256) return 'Das Passwort darf höchstens 256 Zeichen lang sein.';
  return null;
}
