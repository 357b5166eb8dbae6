import { createHash, hash } from 'node:crypto';

/** RFC 9162 §2.1.1 with SHA-256: every hash in the log is 32 bytes. */
export const HASH_SIZE = 32;
export type Hash = Uint8Array;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** MTH({}) = SHA-256() — the root of the empty tree. */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

// crypto.hash (one-shot, no Hash object) is the cheaper call for the short inputs of a tree;
// a full re-check of a million entries makes two million of them.

// The prefixed input is assembled in one reused buffer, and the digest comes back as a 'binary' (latin1)
// string copied into a pooled Buffer: a 'buffer' digest gets an ArrayBuffer of its own, which
// cost twice the hashing of a node.
const digest = (input: Uint8Array): Hash => Buffer.from(hash('sha256', input, 'binary'), 'latin1');
let leafInput = Buffer.allocUnsafe(4096);
const nodeInput = Buffer.allocUnsafe(1 + 2 * HASH_SIZE);

/** MTH({d}) = SHA-256(0x00 ‖ d): the prefix keeps a leaf from passing for an inner node. */
export function hashLeaf(data: Uint8Array | string): Hash {
  // UTF-8 takes at most three bytes per UTF-16 unit, so the text always fits once grown.
  const room = typeof data === 'string' ? 3 * data.length : data.length;
  if (room + 1 > leafInput.length) leafInput = Buffer.allocUnsafe(2 * (room + 1));
  leafInput[0] = LEAF_PREFIX[0]!;
  let n: number;
  if (typeof data === 'string') n = leafInput.write(data, 1, 'utf8');
  else {
    leafInput.set(data, 1);
    n = data.length;
  }
  return digest(leafInput.subarray(0, n + 1));
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Hash, right: Hash): Hash {
  if (left.length === HASH_SIZE && right.length === HASH_SIZE) {
    nodeInput[0] = NODE_PREFIX[0]!;
    nodeInput.set(left, 1);
    nodeInput.set(right, 1 + HASH_SIZE);
    return digest(nodeInput);
  }
  const buf = Buffer.allocUnsafe(1 + left.length + right.length);
  buf[0] = NODE_PREFIX[0]!;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return digest(buf);
}

export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function isHash(h: unknown): h is Hash {
  return h instanceof Uint8Array && h.length === HASH_SIZE;
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 (RFC 4648 §4) only; anything else is `undefined`, never silently repaired. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  // Non-canonical trailing bits would let two texts name one value.
  if (toBase64(bytes) !== text) return undefined;
  return bytes;
}

export function fromHex(text: string): Uint8Array | undefined {
  if (!/^(?:[0-9a-f]{2})*$/.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, 'hex'));
}

/** A 32-byte hash from base64, or `undefined` when the text is no such hash. */
export function hashFromBase64(text: string): Hash | undefined {
  const h = fromBase64(text);
  return h && h.length === HASH_SIZE ? h : undefined;
}
