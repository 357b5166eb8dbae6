/**
 * `amtsklar check PACK`: what must hold before a rule pack may decide anything.
 *  1. every parameter, rule, exception, discretion point and reason cites the law;
 *  2. parameter, rule and lookup versions leave no gaps and do not overlap inside the
 *     pack's coverage;
 *  3. no cycles and no unknown names (enforced by compilation, reported here);
 *  4. inputs are typed (enforced by loading);
 *  5. sensitive attributes: declared, justified, and reaching only the outputs the
 *     pack declares for them (static flow analysis over the dependency graph);
 *  6. the pack's own test cases pass.
 */
import { isAmtsklarError } from '../../common/index.ts';
import { Decimal } from '../decimal.ts';
import { COUNT_OF, compilePack, ruleDependencies, type CompiledPack } from '../evaluate/compile.ts';
import { decide } from '../evaluate/decide.ts';
import type { InputDef, PackDef, PackTestCase, Validity } from '../pack/model.ts';
import { locString } from '../pack/yaml.ts';
import { categoryOfName } from './sensitive.ts';

export interface Finding {
  severity: 'error' | 'warning';
  check: 'norm' | 'validity' | 'compile' | 'sensitive' | 'test';
  where: string;
  message: string;
}

export interface CheckReport {
  pack: string;
  release: string;
  findings: Finding[];
  tests: { name: string; passed: boolean; problems: string[] }[];
  ok: boolean;
}

const LEGAL_REF = /§|Art\.|Anlage|Satzung|WoGVwV|VwV|Nr\.|Abs\.|Verordnung|Gesetz/;
/** Texts that stand in for a legal reference still to be written (a DMN import writes the last one). */
const PLACEHOLDER = /^(?:(?:todo|fixme|tbd|xxx+|n\/?a|offen|fehlt|folgt)\b|[?\-–.]+$|Rechtsgrundlage zu ergänzen)/i;

export function checkPack(def: PackDef): CheckReport {
  const findings: Finding[] = [];
  checkNorms(def, findings);
  checkValidity(def, findings);
  let cp: CompiledPack | null = null;
  try {
    cp = compilePack(def);
  } catch (e) {
    if (!isAmtsklarError(e)) throw e;
    findings.push({ severity: 'error', check: 'compile', where: e.problems[0]?.path ?? def.id, message: e.problems[0]?.message ?? e.message });
  }
  const tests: CheckReport['tests'] = [];
  if (cp) {
    checkSensitive(cp, findings);
    checkLookupsUsed(cp, findings);
    checkCitizenReferences(cp, findings);
    for (const t of def.tests) {
      const r = runTest(cp, t);
      tests.push(r);
      // named by file and line of the test case, like every other finding
      if (!r.passed) findings.push({ severity: 'error', check: 'test', where: `${locString(t.source)} (${r.name})`, message: r.problems.join('; ') });
    }
  }
  return { pack: def.id, release: def.release, findings, tests, ok: !findings.some((f) => f.severity === 'error') };
}

function checkNorms(def: PackDef, out: Finding[]): void {
  const need = (norm: string | undefined, where: string, what: string) => {
    if (!norm || norm.trim() === '') out.push({ severity: 'error', check: 'norm', where, message: `${what} ohne Rechtsgrundlage` });
    else if (PLACEHOLDER.test(norm.trim())) out.push({ severity: 'error', check: 'norm', where, message: `${what}: „${norm}“ ist ein Platzhalter, keine Rechtsgrundlage` });
    // a bare number or sign names no law at all; anything else unusual may still be one (a hint)
    else if (!/\p{L}/u.test(norm)) out.push({ severity: 'error', check: 'norm', where, message: `${what}: „${norm}“ ist keine Rechtsgrundlage (Norm mit Gesetz oder Satzung angeben, z. B. „§ 12 Abs. 1 WoGG“)` });
    else if (!LEGAL_REF.test(norm)) out.push({ severity: 'warning', check: 'norm', where, message: `${what}: „${norm}“ sieht nicht wie eine Rechtsgrundlage aus` });
  };
  for (const p of def.parameters) {
    need(p.norm, locString(p.source), `Parameter „${p.id}“`);
    for (const v of p.versions) if (!v.publication.trim()) out.push({ severity: 'error', check: 'norm', where: locString(v.source), message: `Parameter „${p.id}“: Fundstelle (publication) fehlt` });
  }
  for (const r of def.rules) {
    need(r.norm, locString(r.source), `Regel „${r.id}“`);
    for (const v of r.versions) {
      for (const ex of v.exceptions) need(ex.norm, locString(ex.whenSource), `Ausnahme „${ex.id}“ von „${r.id}“`);
      if (v.discretion) need(v.discretion.norm, locString(v.discretion.whenSource), `Ermessenspunkt „${r.id}“`);
    }
  }
  for (const r of def.reasons) need(r.norm, locString(r.source), `Grund „${r.id}“`);
  for (const l of def.lookups) need(l.norm, locString(l.source), `Nachschlagetabelle „${l.id}“`);
  const walk = (inputs: readonly InputDef[]) => {
    for (const i of inputs) {
      need(i.norm, locString(i.source), `Eingabe „${i.name}“`);
      if (i.items) walk([i.items]);
      if (i.fields) walk(i.fields);
    }
  };
  walk(def.inputs);
}

/** Closed intervals [from, to]; `to` null is open-ended. */
function checkTimeline(versions: readonly Validity[], coverage: Validity, where: string, what: string, out: Finding[]): void {
  const sorted = [...versions].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (prev.validTo === null || prev.validTo >= cur.validFrom) {
      out.push({ severity: 'error', check: 'validity', where, message: `${what}: Fassungen überschneiden sich (bis ${prev.validTo ?? 'offen'} und ab ${cur.validFrom})` });
    } else if (dayAfter(prev.validTo) !== cur.validFrom) {
      out.push({ severity: 'error', check: 'validity', where, message: `${what}: Lücke zwischen ${prev.validTo} und ${cur.validFrom}` });
    }
  }
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) {
    out.push({ severity: 'error', check: 'validity', where, message: `${what}: keine Fassung` });
    return;
  }
  if (first.validFrom > coverage.validFrom) out.push({ severity: 'error', check: 'validity', where, message: `${what}: gilt erst ab ${first.validFrom}, das Regelwerk aber ab ${coverage.validFrom}` });
  if (last.validTo !== null && (coverage.validTo === null || last.validTo < coverage.validTo)) {
    out.push({ severity: 'error', check: 'validity', where, message: `${what}: gilt nur bis ${last.validTo}, das Regelwerk aber ${coverage.validTo ? `bis ${coverage.validTo}` : 'unbefristet'}` });
  }
}

export function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function checkValidity(def: PackDef, out: Finding[]): void {
  for (const p of def.parameters) checkTimeline(p.versions, def.coverage, locString(p.source), `Parameter „${p.id}“`, out);
  for (const r of def.rules) checkTimeline(r.versions, def.coverage, locString(r.source), `Regel „${r.id}“`, out);
  for (const l of def.lookups) checkTimeline(l.versions, def.coverage, locString(l.source), `Nachschlagetabelle „${l.id}“`, out);
}

/** Every input path of the pack, `list[].field` for items, with its declaration. */
function inputPaths(inputs: readonly InputDef[], prefix = ''): { path: string; def: InputDef }[] {
  const out: { path: string; def: InputDef }[] = [];
  for (const i of inputs) {
    const path = `${prefix}${i.name}`;
    out.push({ path, def: i });
    if (i.type === 'list' && i.items) {
      if (i.items.fields) out.push(...inputPaths(i.items.fields, `${path}[].`));
    } else if (i.fields) out.push(...inputPaths(i.fields, `${path}.`));
  }
  return out;
}

/** Outputs (and the pseudo-output `reasons`) each input can influence, from the dependency graph. */
export function influence(cp: CompiledPack): Map<string, Set<string>> {
  const graph = ruleDependencies(cp);
  const closure = new Map<string, Set<string>>();
  const reach = (node: string, seen = new Set<string>()): Set<string> => {
    const cached = closure.get(node);
    if (cached) return cached;
    if (seen.has(node)) return new Set();
    seen.add(node);
    const acc = new Set<string>();
    for (const dep of graph.get(node) ?? []) {
      if (dep.startsWith('input:')) acc.add(dep.slice(6));
      else for (const x of reach(dep, seen)) acc.add(x);
    }
    closure.set(node, acc);
    return acc;
  };
  const byInput = new Map<string, Set<string>>();
  const targets = [...cp.def.outputs.map((o) => [o, `rule:${o}`] as const), ...cp.reasons.flatMap((r) => r.when.freeNames.map((n) => ['reasons', `rule:${n}`] as const))];
  for (const [output, node] of targets) {
    const inputs = cp.inputs.has(node.slice(5)) ? new Set([node.slice(5)]) : reach(node);
    for (const read of inputs) {
      const countOnly = read.endsWith(COUNT_OF);
      for (const { path } of inputPaths(cp.def.inputs)) {
        if (countOnly ? path === read.slice(0, -COUNT_OF.length) : path === read || path.startsWith(`${read}[].`) || path.startsWith(`${read}.`)) {
          let s = byInput.get(path);
          if (!s) byInput.set(path, (s = new Set()));
          s.add(output);
        }
      }
    }
  }
  return byInput;
}

function checkSensitive(cp: CompiledPack, out: Finding[]): void {
  const declared = new Map(cp.def.sensitiveAttributes.map((s) => [s.input, s]));
  const reached = influence(cp);
  for (const { path, def } of inputPaths(cp.def.inputs)) {
    const category = categoryOfName(def.name);
    if (category && !def.sensitive) {
      out.push({ severity: 'error', check: 'sensitive', where: locString(def.source), message: `Eingabe „${path}“ ist ein sensibles Merkmal (${category.label}, ${category.basis}) und muss als „sensitive“ deklariert werden` });
    }
    if (!def.sensitive) continue;
    const decl = declared.get(path);
    const outputs = [...(reached.get(path) ?? [])];
    if (!decl) {
      if (outputs.length > 0) {
        out.push({ severity: 'error', check: 'sensitive', where: locString(def.source), message: `sensibles Merkmal „${path}“ wirkt auf ${outputs.join(', ')}, ist aber in pack.yaml (sensitive_attributes) nicht mit Rechtsgrundlage deklariert` });
      }
      continue;
    }
    const declaredAt = decl.source ? locString(decl.source) : 'pack.yaml';
    if (decl.justification.trim().length < 10) out.push({ severity: 'error', check: 'sensitive', where: declaredAt, message: `sensibles Merkmal „${path}“: Begründung fehlt` });
    const undeclared = outputs.filter((o) => !decl.mayInfluence.includes(o));
    if (undeclared.length > 0) {
      out.push({ severity: 'error', check: 'sensitive', where: declaredAt, message: `sensibles Merkmal „${path}“ wirkt auch auf ${undeclared.join(', ')} – nicht von der Begründung gedeckt (erlaubt: ${decl.mayInfluence.join(', ') || 'nichts'})` });
    }
  }
  for (const s of cp.def.sensitiveAttributes) {
    if (!inputPaths(cp.def.inputs).some((p) => p.path === s.input)) out.push({ severity: 'error', check: 'sensitive', where: s.source ? locString(s.source) : 'pack.yaml', message: `sensitive_attributes nennt „${s.input}“, das keine Eingabe ist` });
  }
}

function checkCitizenReferences(cp: CompiledPack, out: Finding[]): void {
  for (const r of cp.def.rules) {
    if (r.citizenIfDiffers !== undefined && !cp.rules.has(r.citizenIfDiffers)) {
      out.push({ severity: 'error', check: 'compile', where: locString(r.source), message: `Regel „${r.id}“: citizen_if_differs nennt „${r.citizenIfDiffers}“ – diese Regel gibt es nicht` });
    }
  }
}

function checkLookupsUsed(cp: CompiledPack, out: Finding[]): void {
  const texts: string[] = [];
  for (const r of cp.def.rules) for (const v of r.versions) if (v.body?.kind === 'expr') texts.push(v.body.expr);
  for (const t of texts) {
    for (const m of t.matchAll(/lookup\(\s*"([^"]+)"/g)) {
      if (!cp.lookups.has(m[1]!)) out.push({ severity: 'error', check: 'compile', where: cp.def.id, message: `lookup("${m[1]}") – diese Nachschlagetabelle gibt es nicht` });
    }
  }
}

export function runTest(cp: CompiledPack, t: PackTestCase): { name: string; passed: boolean; problems: string[] } {
  const problems: string[] = [];
  try {
    const d = decide(cp, t.input, { trace: false, ...(t.discretion ? { discretion: t.discretion } : {}) });
    if (t.expect.error) problems.push(`Fehler bei ${t.expect.error} erwartet, aber Entscheidung „${d.outcome}“ erhalten`);
    if (t.expect.outcome && d.outcome !== t.expect.outcome) problems.push(`outcome ${d.outcome}, erwartet ${t.expect.outcome}`);
    for (const [k, want] of Object.entries(t.expect.values ?? {})) {
      const got = d.values[k];
      if (!sameValue(got, want)) problems.push(`${k} = ${got === undefined ? '(kein Wert)' : JSON.stringify(got)}, erwartet ${JSON.stringify(want)}`);
    }
    if (t.expect.missing) {
      const got = d.missing.map((m) => m.input).sort();
      const want = [...t.expect.missing].sort();
      if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`fehlende Angaben ${JSON.stringify(got)}, erwartet ${JSON.stringify(want)}`);
    }
    if (t.expect.discretion) {
      const got = d.discretion.map((p) => p.point).sort();
      if (JSON.stringify(got) !== JSON.stringify([...t.expect.discretion].sort())) problems.push(`Ermessenspunkte ${JSON.stringify(got)}, erwartet ${JSON.stringify(t.expect.discretion)}`);
    }
    for (const norm of t.expect.reasons ?? []) {
      if (!d.reasons.some((r) => r.norm.includes(norm))) problems.push(`Grund „${norm}“ erwartet, erhalten: ${d.reasons.map((r) => r.norm).join(', ') || 'keiner'}`);
    }
  } catch (e) {
    if (!isAmtsklarError(e)) throw e;
    if (!t.expect.error) problems.push(`unerwarteter Fehler: ${e.message}`);
    else if (e.code !== 'invalid_input' || !e.problems.some((p) => p.path === t.expect.error || p.path.startsWith(`${t.expect.error}`))) {
      problems.push(`Fehler bei ${t.expect.error} erwartet, erhalten: ${e.describe()}`);
    }
  }
  return { name: t.name, passed: problems.length === 0, problems };
}

export function sameValue(got: unknown, want: unknown): boolean {
  const num = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) ? new Decimal(String(v)) : null);
  const a = num(got);
  const b = num(want);
  if (a && b) return a.eq(b);
  return JSON.stringify(got) === JSON.stringify(want);
}
