/**
 * Runs the test cases of one DMN TCK folder against Amtsklar's DMN import and FEEL. A test case
 * passes when all of its result nodes match. Failures and crashes are recorded per case; they
 * never stop the run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  evaluateDecision,
  evaluateDecisionService,
  parseDmn,
  type DmnModel,
} from '../../src/engine/dmn/index.ts';
import { FeelDateTime, FeelTime, parseDate, type FeelValue } from '../../src/engine/feel/index.ts';
import { Decimal } from '../../src/engine/decimal.ts';
import { parseTestFile, toFeel, type TckCase, type TckFile } from './cases.ts';
import { approximate, mismatch } from './compare.ts';

export interface CaseResult {
  /** `<test file>#<case id>` */
  id: string;
  passed: boolean;
  reason?: string;
  /** Passed only within the tolerance for rounded expectations (compare.ts). */
  approximate?: boolean;
}

export interface LoadedFolder {
  folder: string;
  models: Map<string, DmnModel>;
  tests: { file: string; data: TckFile }[];
  /** A problem that prevents every case of the folder from running (e.g. a model that does not load). */
  error?: string;
}

/** A fixed clock for `now()`/`today()`, so that runs are reproducible. */
const CLOCK = (): FeelDateTime => new FeelDateTime(parseDate('2024-06-01')!, new FeelTime(12, 0, new Decimal(0), 0, null));

export function loadFolder(dir: string): LoadedFolder {
  const folder = dir.split('/').pop()!;
  const files = readdirSync(dir).sort();
  const sources = new Map<string, string>();
  for (const f of files) if (f.endsWith('.dmn')) sources.set(f, readFileSync(join(dir, f), 'utf8'));
  const models = new Map<string, DmnModel>();
  try {
    // first pass: namespaces; second pass: link imports depth-first
    const plain = new Map<string, DmnModel>();
    for (const [f, xml] of sources) plain.set(f, parseDmn(xml, f));
    const byNs = new Map([...plain].map(([f, m]) => [m.namespace, f]));
    const linked = (f: string, seen: Set<string>): DmnModel => {
      const done = models.get(f);
      if (done) return done;
      const base = plain.get(f)!;
      const imports: DmnModel[] = [];
      for (const imp of base.imports) {
        const target = byNs.get(imp.namespace);
        if (target && !seen.has(target)) imports.push(linked(target, new Set([...seen, f])));
      }
      const m = imports.length ? parseDmn(sources.get(f)!, f, { imports }) : base;
      models.set(f, m);
      return m;
    };
    for (const f of sources.keys()) linked(f, new Set());
  } catch (e) {
    return { folder, models, tests: [], error: `Modell nicht lesbar: ${e instanceof Error ? e.message : String(e)}` };
  }
  const tests = files.filter((f) => f.endsWith('.xml')).map((f) => ({ file: f, data: parseTestFile(readFileSync(join(dir, f), 'utf8')) }));
  return { folder, models, tests };
}

function inputsOf(tc: TckCase): Map<string, FeelValue> {
  const m = new Map<string, FeelValue>();
  for (const i of tc.inputs) m.set(i.namespace ? `{${i.namespace}}${i.name}` : i.name, toFeel(i.value));
  return m;
}

export function runCase(loaded: LoadedFolder, file: string, data: TckFile, tc: TckCase): CaseResult {
  const id = `${file}#${tc.id}`;
  const model = loaded.models.get(data.modelName);
  if (!model) return { id, passed: false, reason: `Modell ${data.modelName} fehlt` };
  const approxBefore = approximate.count;
  try {
    const inputs = inputsOf(tc);
    const errors: string[] = [];
    const options = { errors, clock: CLOCK };
    let serviceResult: FeelValue | undefined;
    let single = true;
    if (tc.type === 'decisionService') {
      const ds = model.decisionServices.find((d) => d.name === tc.invocableName);
      single = (ds?.outputDecisions.length ?? 1) === 1;
      serviceResult = evaluateDecisionService(model, tc.invocableName ?? '', inputs, options);
    }
    for (const rn of tc.results) {
      let actual: FeelValue;
      if (serviceResult !== undefined) actual = single ? serviceResult : serviceResult instanceof Map ? (serviceResult.get(rn.name) ?? null) : null;
      else actual = evaluateDecision(model, rn.name, inputs, options);
      if (rn.errorResult && actual === null) continue;
      const why = rn.expected ? mismatch(actual, rn.expected) : actual === null ? null : 'kein Erwartungswert';
      if (why) {
        const hint = errors.length ? ` (${errors[0]})` : '';
        return { id, passed: false, reason: `${rn.name}: ${why}${hint}` };
      }
    }
    return approximate.count > approxBefore ? { id, passed: true, approximate: true } : { id, passed: true };
  } catch (e) {
    return { id, passed: false, reason: `Absturz: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** All cases of a folder, in file and case order. */
export function listCases(loaded: LoadedFolder): { file: string; data: TckFile; tc: TckCase }[] {
  return loaded.tests.flatMap((t) => t.data.cases.map((tc) => ({ file: t.file, data: t.data, tc })));
}

/** Counts the cases of a folder without running them (for folders whose model does not load). */
export function countCases(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .flatMap((f) => parseTestFile(readFileSync(join(dir, f), 'utf8')).cases.map((c) => `${f}#${c.id}`));
}
