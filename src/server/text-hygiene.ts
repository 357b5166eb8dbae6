import { AmtsklarError, type Problem } from '../common/index.ts';

/**
 * Text that PostgreSQL cannot store or that is not Unicode at all: the NUL character (a `text`
 * or `jsonb` value cannot hold it — one stored application with it broke every later read of
 * the audit list) and lone UTF-16 surrogates (silently turned into „�“). Refused at the
 * boundary, naming the field, before anything reads or stores the request.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function unstorableText(value: unknown, root: string): Problem | null {
  return walk(value, root, 0);
}

function walk(v: unknown, path: string, depth: number): Problem | null {
  if (typeof v === 'string') return UNSTORABLE.test(v) ? problem(path, v) : null;
  if (v === null || typeof v !== 'object' || depth > 64 || v instanceof Uint8Array) return null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = walk(v[i], `${path}[${i}]`, depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const [k, x] of Object.entries(v)) {
    if (UNSTORABLE.test(k)) return { path: `${path}.${k.replace(UNSTORABLE, '?')}`, message: 'Der Feldname enthält ein unzulässiges Zeichen.' };
    const p = walk(x, `${path}.${k}`, depth + 1);
    if (p) return p;
  }
  return null;
}

function problem(path: string, v: string): Problem {
  return { path, message: v.includes('\u0000') ? 'Der Text enthält das unzulässige Steuerzeichen NUL (\\u0000).' : 'Der Text enthält ein ungültiges Unicode-Zeichen (einzelnes Ersatzzeichen).' };
}

export function refuseUnstorableText(parts: { body?: unknown; query?: unknown; params?: unknown }): void {
  const p = unstorableText(parts.params, 'Pfadparameter') ?? unstorableText(parts.query, 'Abfrageparameter') ?? unstorableText(parts.body, '$');
  if (p) throw new AmtsklarError('invalid_input', `Ungültige Eingabe bei ${p.path}: ${p.message}`, [p]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A UUID in capitals names the same row in PostgreSQL, but a case's key and ciphertexts are
 * bound to its id as text: an id in capitals failed to decrypt (a 500 and a false alarm of
 * changed data). From the boundary on every UUID path parameter has one spelling.
 */
export function lowerCaseUuidParams(params: unknown): void {
  if (!params || typeof params !== 'object') return;
  const p = params as Record<string, unknown>;
  for (const k of Object.keys(p)) {
    const v = p[k];
    if (typeof v === 'string' && UUID.test(v)) p[k] = v.toLowerCase();
  }
}
