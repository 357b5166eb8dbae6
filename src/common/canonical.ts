import { createHash, hash } from 'node:crypto';
import { AmtsklarError } from './errors.ts';

/**
 * RFC 8785 (JSON Canonicalization Scheme). Every hash the product publishes
 * (input, pack, result, ledger leaves) is taken over this form, so anyone can
 * recompute it with any JCS implementation.
 *
 * Written here rather than taken from `canonicalize` (which the tests keep as the oracle):
 * every decision hashes its input and its result, and the library's reduce-and-template walk
 * cost a tenth of a decision. The rules are the RFC's: strings and numbers as ECMAScript's
 * JSON.stringify writes them (§ 3.2.2), object members sorted by UTF-16 code units (§ 3.2.3),
 * members whose value is undefined, a function or a symbol left out, `toJSON` honoured.
 */
export function canonicalJson(value: unknown): string {
  let out: string | undefined;
  try {
    out = serialize(value, 0);
  } catch (err) {
    if (err === TOO_DEEP) throw tooDeep(value);
    throw err;
  }
  if (out === undefined) throw new TypeError('Wert ist nicht als JSON darstellbar');
  return out;
}

/**
 * Deeper than anything the product writes (a traced decision is about ten levels). JSON.parse
 * takes any depth, so an application file may carry an extra field nested 100 000 deep: without
 * a limit the walk below ran out of stack, and `amtsklar decide` ended with an internal error.
 */
export const MAX_JSON_DEPTH = 256;
const TOO_DEEP = Symbol('too deep');

/** The refusal, naming where the nesting starts (the walk runs again only in this case). */
function tooDeep(value: unknown): AmtsklarError {
  // down the too-deep branch through named fields and list items, up to where lists nest in lists
  let path = '$';
  let cur = value;
  for (let depth = 0; depth < 32 && cur !== null && typeof cur === 'object'; depth++) {
    const entries: [string, unknown][] = Array.isArray(cur) ? cur.map((x, i) => [`[${i}]`, x]) : Object.entries(cur).map(([k, x]) => [`.${k}`, x]);
    const next = entries.find(([, x]) => nestingOf(x) > MAX_JSON_DEPTH - depth - 1);
    if (!next || (Array.isArray(cur) && Array.isArray(next[1]))) break;
    path += next[0];
    cur = next[1];
  }
  const message = `zu tief verschachtelt: mehr als ${MAX_JSON_DEPTH} Ebenen hat kein Feld, das Amtsklar liest oder speichert`;
  return new AmtsklarError('invalid_input', `Ungültige Eingabe bei ${path}…: ${message}`, [{ path, message }]);
}

/** Nesting depth of a value, counting no further than the limit. */
function nestingOf(v: unknown, depth = 0): number {
  if (v === null || typeof v !== 'object' || depth > MAX_JSON_DEPTH) return depth;
  let most = depth + 1;
  for (const x of Array.isArray(v) ? v : Object.values(v)) {
    most = Math.max(most, nestingOf(x, depth + 1));
    if (most > MAX_JSON_DEPTH) break;
  }
  return most;
}

function serialize(v: unknown, depth: number): string | undefined {
  switch (typeof v) {
    case 'string':
      return quote(v);
    case 'number':
      if (!Number.isFinite(v)) throw new Error(Number.isNaN(v) ? 'NaN is not allowed' : 'Infinity is not allowed');
      // ECMAScript Number-to-String is the RFC's number form (§ 3.2.2.3); -0 gives "0"
      return String(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      const withJson = v as { toJSON?: unknown };
      if (typeof withJson.toJSON === 'function') return serialize((withJson.toJSON as () => unknown).call(v), depth);
      if (depth === MAX_JSON_DEPTH) throw TOO_DEEP;
      if (Array.isArray(v)) {
        let s = '[';
        for (let i = 0; i < v.length; i++) {
          if (i > 0) s += ',';
          s += serialize(v[i], depth + 1) ?? 'null';
        }
        return `${s}]`;
      }
      const obj = v as Record<string, unknown>;
      const keys = sortedKeys(Object.keys(obj));
      let s = '{';
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        const member = serialize(obj[k], depth + 1);
        if (member === undefined) continue;
        if (!first) s += ',';
        first = false;
        s += `${quote(k)}:${member}`;
      }
      return `${s}}`;
    }
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      // undefined, functions and symbols: left out of objects, null in arrays (as JSON.stringify)
      return undefined;
  }
}

/**
 * The keys in RFC 8785 order. Most objects are built with their keys already in order (checking
 * is cheaper than sorting); the others mostly repeat a few layouts (an application's fields, a
 * decision's values), whose sorted order is remembered: comparing property keys is a pointer
 * comparison, sorting compares strings.
 */
function sortedKeys(keys: string[]): string[] {
  let inOrder = true;
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      inOrder = false;
      break;
    }
  }
  if (inOrder) return keys;
  const known = layouts.get(keys[0]!);
  if (known) {
    for (const l of known) if (sameKeys(l.from, keys)) return l.to;
  }
  const to = [...keys].sort();
  if (layoutCount < MAX_LAYOUTS) {
    layoutCount++;
    if (known) known.push({ from: keys, to });
    else layouts.set(keys[0]!, [{ from: keys, to }]);
  }
  return to;
}

const MAX_LAYOUTS = 256;
let layoutCount = 0;
const layouts = new Map<string, { from: readonly string[]; to: string[] }[]>();

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Characters JSON.stringify escapes: controls, quote, backslash, and lone surrogates. */
// eslint-disable-next-line no-control-regex -- exactly the control characters JSON must escape
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

export function sha256Hex(data: string | Uint8Array): string {
  // One-shot hashing (Node ≥ 20.12) avoids a Hash object per call on the decision hot path.
  return typeof data === 'string' ? hash('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');
}

/** `sha256:<hex>` of the canonical JSON of a value. */
export function contentHash(value: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(value))}`;
}
