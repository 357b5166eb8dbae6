import { createHash } from 'node:crypto';

// Fixed namespace of Amtsklar register entries (a random UUID chosen once; never change it,
// or every exported record gets a new identity).
const NAMESPACE = '6f1d3c2a-8b4e-4f7a-9c1d-2e5b7a9f0c3d';

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * RFC 9562 name-based UUID, version 5 (SHA-1), so the same organisation and entry id always
 * give the same `uuid` in the exports (Eurocities `uuid`, ATRS id) without storing randomness.
 */
export function uuidV5(name: string, namespace = NAMESPACE): string {
  const digest = createHash('sha1').update(hexToBytes(namespace.replace(/-/g, ''))).update(name, 'utf8').digest('hex');
  const b = hexToBytes(digest.slice(0, 32));
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
