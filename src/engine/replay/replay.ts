/**
 * Replay: evaluate a recorded request again and compare with what was recorded. Identical
 * `resultHash` proves the decision follows from the same facts under the same law; otherwise
 * the difference is shown value by value.
 */
import { AmtsklarError, canonicalJson } from '../../common/index.ts';
import type { CompiledPack } from '../evaluate/compile.ts';
import { decide, resultHash, type Decision } from '../evaluate/decide.ts';
import { replayRecordProblems } from '../evaluate/record-shape.ts';

export interface ReplayDifference {
  field: string;
  recorded: unknown;
  now: unknown;
}

export interface ReplayResult {
  identical: boolean;
  recordedResultHash: string;
  replayedResultHash: string;
  /** Whether the recorded result hash matches the recorded decision (the file was not edited). */
  recordIntact: boolean;
  packHashMatches: boolean;
  /** Whether the application replayed is the one the receipt's inputHash names (true when it names none). */
  inputHashMatches: boolean;
  /**
   * Whether the recorded Rechenweg is the one the engine computes now (true when none is recorded).
   * The trace is not part of resultHash; without this check a record could carry a forged
   * calculation under a confirmed result.
   */
  traceMatches: boolean;
  /**
   * Whether what the file says besides the hashed result agrees with the recomputation: the
   * Aktenzeichen (the application names it), the pack's release, and the receipt's own Stichtag
   * and packHash. They are not part of resultHash; edited, they would relabel a confirmed decision.
   */
  labelsMatch: boolean;
  recordedPackHash: string;
  currentPackHash: string;
  differences: ReplayDifference[];
}

/** Accepts a decision (with its embedded request), `{ decision }`, `{ receipt, request }` or a bare receipt. */
export function readRecord(json: unknown): { decision: Partial<Decision> & Pick<Decision, 'receipt'>; request: NonNullable<Decision['request']> } {
  let obj = json as Record<string, unknown> | null;
  // a receipt on its own (as printed on a Bescheid or kept by an auditor): its hashes at the top
  if (obj && typeof obj === 'object' && !('receipt' in obj) && !('decision' in obj) && typeof obj.resultHash === 'string') obj = { receipt: obj, ...('request' in obj ? { request: obj.request } : {}) };
  const decision = (obj && typeof obj === 'object' && 'decision' in obj ? obj.decision : obj) as (Partial<Decision> & { receipt?: Decision['receipt'] }) | null;
  if (!decision || typeof decision !== 'object' || !decision.receipt || typeof decision.receipt.resultHash !== 'string') {
    throw new AmtsklarError('invalid_input', 'Keine Entscheidung oder Quittung: das Feld receipt.resultHash fehlt', [{ path: '$.receipt.resultHash', message: 'fehlt' }]);
  }
  const request = (decision.request ?? (obj as { request?: Decision['request'] }).request) as Decision['request'] | undefined;
  if (!request || typeof request !== 'object' || Array.isArray(request) || !('input' in request)) {
    throw new AmtsklarError('invalid_input', 'Zum Nachrechnen fehlt der Antrag: das Feld request.input fehlt (mit --input angeben)', [{ path: '$.request.input', message: 'fehlt' }]);
  }
  const problems = replayRecordProblems(decision, request as Record<string, unknown>);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new AmtsklarError('invalid_input', `Die Aufzeichnung ist beschädigt oder verändert: ${first.path} ${first.message}`, problems);
  }
  return { decision: decision as Partial<Decision> & Pick<Decision, 'receipt'>, request };
}

export function replay(cp: CompiledPack, record: unknown, inputOverride?: unknown): ReplayResult {
  const { decision, request } = readRecord(inputOverride === undefined ? record : { ...(record as object), request: { ...((record as Decision).request ?? {}), input: inputOverride } });
  const recordedTrace = Array.isArray(decision.trace) ? decision.trace : null;
  const now = decide(cp, request.input, {
    trace: recordedTrace !== null,
    ...(request.discretion ? { discretion: request.discretion } : {}),
    ...(request.overrides ? { overrides: request.overrides } : {}),
  });
  const recordedHash = decision.receipt.resultHash;
  const recordIntact =
    decision.outcome !== undefined && decision.values !== undefined
      ? resultHash({
          pack: decision.pack ?? '',
          packHash: decision.packHash ?? decision.receipt.packHash,
          asOf: decision.asOf ?? null,
          outcome: decision.outcome,
          values: decision.values,
          reasons: decision.reasons ?? [],
          missing: decision.missing ?? [],
          discretion: decision.discretion ?? [],
          ...(decision.overrides ? { overrides: decision.overrides } : {}),
          ...(decision.humanDecisions ? { humanDecisions: decision.humanDecisions } : {}),
        }) === recordedHash
      : true;
  const differences: ReplayDifference[] = [];
  if (decision.outcome !== undefined) {
    const cmp = (field: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) differences.push({ field, recorded: a, now: b });
    };
    cmp('asOf', decision.asOf ?? null, now.asOf);
    cmp('outcome', decision.outcome, now.outcome);
    const keys = new Set([...Object.keys(decision.values ?? {}), ...Object.keys(now.values)]);
    for (const k of keys) cmp(`values.${k}`, decision.values?.[k], now.values[k]);
    cmp('reasons', decision.reasons ?? [], now.reasons);
    cmp('missing', (decision.missing ?? []).map((m) => m.input), now.missing.map((m) => m.input));
    cmp('discretion', (decision.discretion ?? []).map((p) => p.point), now.discretion.map((p) => p.point));
  }
  const recordedPackHash = decision.packHash ?? decision.receipt.packHash;
  if (recordedPackHash !== now.packHash) differences.push({ field: 'packHash', recorded: recordedPackHash, now: now.packHash });
  // the receipt names its application by hash: another application cannot confirm it, even if the
  // result happens to be the same
  const recordedInputHash = decision.receipt.inputHash;
  const inputHashMatches = typeof recordedInputHash !== 'string' || recordedInputHash === now.receipt.inputHash;
  if (!inputHashMatches) differences.push({ field: 'inputHash', recorded: recordedInputHash, now: now.receipt.inputHash });
  const recordedHumanHash = decision.receipt.humanHash;
  const humanHashMatches = recordedHumanHash === undefined || recordedHumanHash === now.receipt.humanHash;
  if (!humanHashMatches) differences.push({ field: 'humanHash', recorded: recordedHumanHash, now: now.receipt.humanHash ?? null });
  const traceMatches = recordedTrace === null || compareTrace(recordedTrace, now.trace ?? [], differences);
  const labelDifferences: ReplayDifference[] = [];
  const label = (field: string, recorded: unknown, computed: unknown) => {
    if (recorded !== undefined && recorded !== computed) labelDifferences.push({ field, recorded, now: computed ?? null });
  };
  if (decision.outcome !== undefined) label('aktenzeichen', decision.aktenzeichen ?? null, now.aktenzeichen ?? null);
  if (recordedPackHash === now.packHash) label('packVersion', decision.packVersion, now.packVersion);
  label('receipt.asOf', decision.receipt.asOf, decision.asOf !== undefined ? decision.asOf : now.receipt.asOf);
  if (decision.packHash !== undefined) label('receipt.packHash', decision.receipt.packHash, decision.packHash);
  differences.push(...labelDifferences);
  const labelsMatch = labelDifferences.length === 0;
  return {
    identical: now.receipt.resultHash === recordedHash && inputHashMatches && humanHashMatches && traceMatches && labelsMatch,
    labelsMatch,
    inputHashMatches,
    traceMatches,
    recordedResultHash: recordedHash,
    replayedResultHash: now.receipt.resultHash,
    recordIntact,
    packHashMatches: recordedPackHash === now.packHash,
    recordedPackHash,
    currentPackHash: now.packHash,
    differences,
  };
}

/** Compares the Rechenweg step by step; each differing step is named by its place and rule. */
function compareTrace(recorded: readonly unknown[], now: readonly unknown[], differences: ReplayDifference[]): boolean {
  let same = recorded.length === now.length;
  if (!same) differences.push({ field: 'trace.length', recorded: recorded.length, now: now.length });
  const n = Math.min(recorded.length, now.length);
  for (let i = 0; i < n; i++) {
    // canonical JSON: a record that went through a database or another tool may order keys differently
    if (canonicalJson(recorded[i]) !== canonicalJson(JSON.parse(JSON.stringify(now[i])))) {
      same = false;
      const rule = (now[i] as { rule?: string }).rule ?? '?';
      differences.push({ field: `trace[${i}] (${rule})`, recorded: recorded[i], now: now[i] });
    }
  }
  return same;
}
