/**
 * Whether a stored decision read back from a file (`amtsklar replay`, `amtsklar explain`) has
 * the shape `decide` writes, as far as replay and the explanations read it. Records are kept
 * for years and may have been edited by hand or cut off: a field of the wrong type is named in
 * German, not tripped over with a TypeError.
 */
import type { Problem } from '../../common/index.ts';

type Kind = 'string' | 'string?' | 'date?' | 'object' | 'object?' | 'list?' | 'any';
type Shape = Record<string, Kind | { list: Shape; optional?: boolean } | { map: Shape; optional?: boolean } | { shape: Shape; optional?: boolean }>;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

const STEP: Shape = {
  rule: 'string',
  norm: 'string?',
  label: 'string?',
  section: 'string?',
  inputs: 'object',
  parameters: { map: { norm: 'string', validFrom: 'string', publication: 'string' }, optional: true },
  rounding: { list: { fn: 'string' }, optional: true },
  exception: { list: { id: 'string', norm: 'string' }, optional: true },
  discretion: 'object?',
  override: 'object?',
  entity: { shape: { item: 'string' }, optional: true },
};

const DECISION: Shape = {
  pack: 'string?',
  packHash: 'string?',
  packVersion: 'string?',
  asOf: 'date?',
  outcome: 'string?',
  values: 'object?',
  receipt: { shape: { inputHash: 'string?', packHash: 'string?', humanHash: 'string?', resultHash: 'string?' }, optional: true },
  reasons: { list: { norm: 'string', text: 'string' }, optional: true },
  missing: { list: { input: 'string', question: 'string', norm: 'string?' }, optional: true },
  discretion: { list: { point: 'string', norm: 'string', why: 'string?', options: { list: { id: 'string', label: 'string' }, optional: true } }, optional: true },
  overrides: { list: { rule: 'string', by: 'string', reason: 'string' }, optional: true },
  humanDecisions: { list: {}, optional: true },
  trace: { list: STEP, optional: true },
};

const WHAT: Record<Kind, string> = {
  string: 'ein Text',
  'string?': 'ein Text',
  'date?': 'ein Datum (JJJJ-MM-TT) oder null',
  object: 'ein Objekt',
  'object?': 'ein Objekt',
  'list?': 'eine Liste',
  any: '',
};

function check(v: Record<string, unknown>, shape: Shape, at: string, out: Problem[]): void {
  for (const [key, kind] of Object.entries(shape)) {
    const x = v[key];
    const path = `${at}.${key}`;
    if (out.length >= 20) return;
    if (typeof kind === 'string') {
      const optional = kind.endsWith('?');
      if (x === undefined && optional) continue;
      const ok =
        kind === 'any' ||
        (kind.startsWith('string') && typeof x === 'string') ||
        (kind === 'date?' && (x === null || (typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x)))) ||
        (kind.startsWith('object') && isObject(x)) ||
        (kind === 'list?' && Array.isArray(x));
      if (!ok) out.push({ path, message: x === undefined ? 'fehlt' : `muss ${WHAT[kind]} sein` });
      continue;
    }
    if (x === undefined && kind.optional) continue;
    if ('list' in kind) {
      if (!Array.isArray(x)) {
        out.push({ path, message: 'muss eine Liste sein' });
        continue;
      }
      x.forEach((item: unknown, i) => {
        if (isObject(item)) check(item, kind.list, `${path}[${i}]`, out);
        else out.push({ path: `${path}[${i}]`, message: 'muss ein Objekt sein' });
      });
    } else if ('map' in kind) {
      if (!isObject(x)) {
        out.push({ path, message: 'muss ein Objekt sein' });
        continue;
      }
      for (const [k, item] of Object.entries(x)) {
        if (isObject(item)) check(item, kind.map, `${path}.${k}`, out);
        else out.push({ path: `${path}.${k}`, message: 'muss ein Objekt sein' });
      }
    } else if (!isObject(x)) out.push({ path, message: 'muss ein Objekt sein' });
    else check(x, kind.shape, path, out);
  }
}

/** What an explanation reads besides: a whole decision, not a receipt. */
const COMPLETE: Shape = { outcome: 'string', values: 'object', reasons: { list: {} }, missing: { list: {} }, discretion: { list: {} } };

/**
 * Problems of a stored decision's shape, each with its JSON path; empty when it can be read.
 * `complete`: the record must be a whole decision (for explanations), not only a receipt.
 */
export function decisionShapeProblems(d: unknown, complete = false): Problem[] {
  if (!isObject(d)) return [{ path: '$', message: 'muss ein Objekt (eine Entscheidung) sein' }];
  const out: Problem[] = [];
  if (complete) check(d, COMPLETE, '$', out);
  if (out.length === 0) check(d, DECISION, '$', out);
  return out;
}

/** A replay's record: the decision's shape, and the replayed request's human decisions as objects. */
export function replayRecordProblems(d: unknown, request: Record<string, unknown>): Problem[] {
  const problems = decisionShapeProblems(d);
  for (const k of ['discretion', 'overrides'] as const) {
    if (request[k] !== undefined && !isObject(request[k])) problems.push({ path: `$.request.${k}`, message: 'muss ein Objekt sein' });
  }
  return problems;
}
