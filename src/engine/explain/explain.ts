/**
 * Three renderings of one decision, all from its trace (never a second computation):
 *  - citizen: short plain German — result, why, what is still needed, what a person decides;
 *  - caseworker: the full Rechenweg with §§, section by section (the "Berechnung" of a Bescheid);
 *  - auditor: one JSON document — result, trace, human decisions and receipt (`auditRecord`).
 */
import { AmtsklarError } from '../../common/index.ts';
import { Decimal } from '../decimal.ts';
import type { Decision } from '../evaluate/decide.ts';
import type { TraceStep } from '../evaluate/evaluation.ts';
import { decisionShapeProblems } from '../evaluate/record-shape.ts';
import { formatGerman } from '../evaluate/template.ts';
import type { InputDef, PackDef, RuleDef } from '../pack/model.ts';

export type Audience = 'citizen' | 'caseworker' | 'auditor';

export interface ExplanationLine {
  rule: string;
  label: string;
  norm: string;
  value: string;
  /** Who/what the line is about, e.g. `Haushaltsmitglied p2`. */
  item?: string;
  details: string[];
}

export interface Explanation {
  audience: Audience;
  title: string;
  summary: string[];
  sections: { id: string; title: string; lines: ExplanationLine[] }[];
  notes: string[];
}

export function explain(pack: PackDef, decision: Decision, audience: Audience): Explanation {
  const problems = decisionShapeProblems(decision, true);
  if (problems.length > 0) {
    const first = problems[0]!;
    throw new AmtsklarError('invalid_input', `Die Entscheidung ist beschädigt oder verändert: ${first.path} ${first.message}`, problems);
  }
  if (audience === 'citizen') return explainForCitizen(pack, decision);
  if (audience === 'caseworker') return explainForCaseworker(pack, decision);
  return {
    audience,
    title: `Prüfprotokoll ${pack.title}`,
    summary: [`Ergebnis: ${decision.outcome}`, `Regelwerk ${decision.pack} ${decision.packVersion} (${decision.packHash})`, `Stichtag ${decision.asOf ?? '–'}`],
    sections: [],
    notes: [JSON.stringify(auditRecord(pack, decision), null, 2)],
  };
}

/**
 * The auditor's rendering: one JSON document, no prose around it, so that tools can read it —
 * the result, every step of the trace with rule, § and inputs, the human decisions and the receipt.
 */
export function auditRecord(pack: PackDef, decision: Decision): Record<string, unknown> {
  const r: Record<string, unknown> = {
    pruefprotokoll: `Prüfprotokoll ${pack.title}`,
    pack: decision.pack,
    packVersion: decision.packVersion,
    packHash: decision.packHash,
    asOf: decision.asOf,
  };
  if (decision.aktenzeichen) r.aktenzeichen = decision.aktenzeichen;
  Object.assign(r, { outcome: decision.outcome, values: decision.values, reasons: decision.reasons, missing: decision.missing, discretion: decision.discretion });
  if (decision.humanDecisions) r.humanDecisions = decision.humanDecisions;
  if (decision.overrides) r.overrides = decision.overrides;
  r.trace = decision.trace ?? [];
  r.receipt = decision.receipt;
  return r;
}

function ruleIndex(pack: PackDef): Map<string, RuleDef> {
  return new Map(pack.rules.map((r) => [r.id, r]));
}

const TITLES = new WeakMap<PackDef, ReadonlyMap<string, InputDef>>();

/**
 * The inputs' titles by name, for the Rechenweg's „aus: …“ (a member's fields are read by their
 * own names inside the member's steps; a top-level input wins over a nested one of the same name).
 */
function inputTitles(pack: PackDef): ReadonlyMap<string, InputDef> {
  let titles = TITLES.get(pack);
  if (titles) return titles;
  const found = new Map<string, InputDef>();
  const walk = (defs: readonly InputDef[], nested: InputDef[]) => {
    for (const d of defs) {
      if (!found.has(d.name)) found.set(d.name, d);
      if (d.fields) nested.push(...d.fields);
      if (d.items?.fields) nested.push(...d.items.fields);
    }
  };
  let level: readonly InputDef[] = pack.inputs;
  while (level.length > 0) {
    const next: InputDef[] = [];
    walk(level, next);
    level = next;
  }
  TITLES.set(pack, (titles = found));
  return titles;
}

/** A trace/decision JSON value in German, with € for amounts. */
export function formatValue(value: unknown, rule: { type?: string; valueLabels?: Readonly<Record<string, string>> } | undefined): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'object' && value !== null && 'fehlt' in value) return 'fehlt noch';
  if (typeof value === 'string' && rule?.valueLabels && Object.hasOwn(rule.valueLabels, value)) return rule.valueLabels[value]!;
  const type = rule?.type;
  // digits with a leading zero are a key (a Gemeindeschlüssel „09162000“), not a number
  if ((typeof value === 'string' || typeof value === 'number') && /^-?\d+(\.\d+)?$/.test(String(value)) && !/^0\d/.test(String(value))) {
    const text = formatGerman(new Decimal(String(value)), type === 'money' || type === 'euro' ? 2 : 10);
    return type === 'money' || type === 'euro' ? `${text} €` : text;
  }
  if (typeof value === 'boolean') return value ? 'ja' : 'nein';
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value.split('-').reverse().join('.') : value;
  if (Array.isArray(value)) return value.map((v) => formatValue(v, undefined)).join('; ');
  return JSON.stringify(value);
}

/** The rounding functions in German words; the step's norm says why it rounds. */
const ROUNDING_WORDS: Readonly<Record<string, string>> = {
  'round half up': 'kaufmännisch gerundet',
  'round half down': 'gerundet (bei 5 abgerundet)',
  'round half even': 'gerundet (bei 5 zur geraden Ziffer)',
  'round down': 'abgerundet (Stellen abgeschnitten)',
  'round up': 'aufgerundet (vom Nullpunkt weg)',
  floor: 'abgerundet',
  ceiling: 'aufgerundet',
  decimal: 'gerundet (bei 5 zur geraden Ziffer)',
  // a rule's own rounding is traced as its mode and norm: `half_up (§ 3 Satz 2 …)`
  half_up: 'kaufmännisch gerundet',
  half_even: 'gerundet (bei 5 zur geraden Ziffer)',
  down: 'abgerundet (Stellen abgeschnitten)',
  up: 'aufgerundet (vom Nullpunkt weg)',
};

function roundingWords(fn: string): string {
  const ruled = /^(\w+) \((.+)\)$/.exec(fn);
  if (ruled) return `${ROUNDING_WORDS[ruled[1]!] ?? `gerundet (${ruled[1]})`} nach ${ruled[2]}`;
  return ROUNDING_WORDS[fn] ?? `gerundet (${fn})`;
}

function stepLine(step: TraceStep, rules: Map<string, RuleDef>, titles: ReadonlyMap<string, InputDef>): ExplanationLine {
  const rule = rules.get(step.rule);
  const details: string[] = [];
  const inputs = Object.entries(step.inputs).filter(([, v]) => typeof v !== 'object' || v === null || 'fehlt' in (v as object));
  if (inputs.length > 0) details.push(`aus: ${inputs.map(([n, v]) => `${rules.get(n)?.label ?? titles.get(n)?.title ?? n} = ${formatValue(v, rules.get(n) ?? titles.get(n))}`).join('; ')}`);
  for (const ex of step.exception ?? []) details.push(`Ausnahme „${ex.id}“ nach ${ex.norm} angewendet`);
  for (const [id, p] of Object.entries(step.parameters ?? {})) details.push(`Parameter ${id}: ${p.norm}, gültig ab ${p.validFrom.split('-').reverse().join('.')} (${p.publication})`);
  for (const r of step.rounding ?? []) if (r.from !== r.to) details.push(`${roundingWords(r.fn)} von ${formatValue(r.from, undefined)} auf ${formatValue(r.to, undefined)}`);
  if (step.discretion) {
    details.push(
      step.discretion.provisional
        ? `Ermessen (${step.discretion.norm}): noch nicht entschieden, vorläufig „${step.discretion.option}“`
        : `Ermessen (${step.discretion.norm}): „${step.discretion.option}“, entschieden von ${step.discretion.by} – Begründung: ${step.discretion.reason}`,
    );
  }
  if (step.override) details.push(`berechnet ${formatValue(step.override.computed, rule)}, geändert von ${step.override.by} – Begründung: ${step.override.reason}`);
  if (step.interpretation) details.push(`Auslegung: ${step.interpretation}`);
  return { rule: step.rule, label: step.label, norm: step.norm, value: formatValue(step.value, rule), ...(step.entity ? { item: step.entity.item } : {}), details };
}

/**
 * Once nothing is missing for the result, a value still without its input was not needed for it
 * (the income under § 2 Abs. 3 of the Kita statute): „fehlt noch“ would read as an open point
 * in a final Bescheid.
 */
function notNeeded(line: ExplanationLine, outcome: Decision['outcome']): ExplanationLine {
  if (outcome === 'missing_inputs') return line;
  const say = (t: string) => t.replaceAll('fehlt noch', 'nicht angegeben');
  return { ...line, value: say(line.value), details: line.details.map(say) };
}

function explainForCaseworker(pack: PackDef, d: Decision): Explanation {
  const rules = ruleIndex(pack);
  const titles = inputTitles(pack);
  const sections = pack.sections.map((s) => ({ id: s.id, title: s.title, lines: [] as ExplanationLine[] }));
  const byId = new Map(sections.map((s) => [s.id, s]));
  for (const step of d.trace ?? []) {
    let section = byId.get(step.section);
    if (!section) {
      section = { id: step.section, title: step.section, lines: [] };
      sections.push(section);
      byId.set(step.section, section);
    }
    section.lines.push(notNeeded(stepLine(step, rules, titles), d.outcome));
  }
  const notes: string[] = [];
  for (const r of d.reasons) notes.push(`${r.norm}: ${r.text}`);
  for (const m of d.missing) notes.push(`Fehlende Angabe ${m.input}${m.norm ? ` (${m.norm})` : ''}: ${m.question}`);
  for (const p of d.discretion) notes.push(`Zu entscheiden (${p.norm}): ${p.why} Optionen: ${p.options.map((o) => `${o.id} – ${o.label}`).join('; ')}`);
  for (const o of d.overrides ?? []) notes.push(`Wert „${rules.get(o.rule)?.label ?? o.rule}“ geändert von ${o.by}: ${o.reason}`);
  return {
    audience: 'caseworker',
    title: `Berechnung ${pack.title}`,
    summary: [
      `Rechtsstand zum Stichtag ${d.asOf ? d.asOf.split('-').reverse().join('.') : '–'}; Regelwerk ${d.pack} ${d.packVersion}.`,
      outcomeLine(pack, d, rules),
    ],
    sections: sections.filter((s) => s.lines.length > 0),
    notes,
  };
}

function outcomeLine(pack: PackDef, d: Decision, rules: Map<string, RuleDef>): string {
  const main = d.values[pack.mainOutput];
  const label = rules.get(pack.mainOutput)?.label ?? pack.mainOutput;
  if (d.outcome === 'missing_inputs') return `Ergebnis: noch nicht entscheidbar – ${d.missing.length} Angabe${d.missing.length === 1 ? '' : 'n'} fehlen.`;
  if (d.outcome === 'needs_human') return `Ergebnis: Entscheidung durch die Sachbearbeitung erforderlich (${d.discretion.map((p) => p.norm).join('; ')}); vorläufig ${label}: ${formatValue(main, rules.get(pack.mainOutput))}.`;
  return `Ergebnis: ${label}: ${formatValue(main, rules.get(pack.mainOutput))}.`;
}

function citizenSentence(rule: RuleDef, value: unknown): string {
  const zero = rule.citizenIfZero !== undefined && (value === 0 || (typeof value === 'string' && /^-?0(\.0+)?$/.test(value)));
  return zero ? rule.citizenIfZero! : rule.citizen!;
}

function explainForCitizen(pack: PackDef, d: Decision): Explanation {
  const rules = ruleIndex(pack);
  const summary: string[] = [];
  const lines: ExplanationLine[] = [];
  const values = new Map<string, unknown>();
  for (const s of d.trace ?? []) if (!s.entity) values.set(s.rule, s.value);
  for (const [k, v] of Object.entries(d.values)) values.set(k, v);
  const fill = (text: string) => text.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, n: string) => formatValue(values.get(n), rules.get(n)).replace(/ €$/, ''));

  if (d.outcome === 'missing_inputs') {
    summary.push('Wir können noch nicht entscheiden, weil Angaben fehlen. Bitte beantworten Sie diese Fragen:');
    for (const m of d.missing) summary.push(`• ${m.question}`);
  } else {
    const mainRule = rules.get(pack.mainOutput);
    if (mainRule?.citizen && values.has(pack.mainOutput)) summary.push(fill(citizenSentence(mainRule, values.get(pack.mainOutput))));
    for (const r of d.reasons) summary.push(`${r.text} (${r.norm})`);
    if (d.outcome === 'needs_human') {
      summary.push('Ein Teil der Entscheidung muss ein Mensch in der Verwaltung prüfen. Das Ergebnis oben ist deshalb vorläufig:');
      for (const p of d.discretion) summary.push(`• ${p.why}`);
    }
  }
  const sectionOrder = new Map(pack.sections.map((x, i) => [x.id, i]));
  const order = new Map(pack.rules.map((r, i) => [r.id, (sectionOrder.get(r.section) ?? pack.sections.length) * 100000 + i]));
  const sameValue = (a: unknown, b: unknown) => {
    const num = (x: unknown) => ((typeof x === 'string' || typeof x === 'number') && /^-?\d+(\.\d+)?$/.test(String(x)) ? new Decimal(String(x)) : null);
    const x = num(a);
    const y = num(b);
    return x && y ? x.eq(y) : JSON.stringify(a) === JSON.stringify(b);
  };
  const isMissing = (v: unknown) => v === undefined || (typeof v === 'object' && v !== null && 'fehlt' in v);
  for (const s of d.trace ?? []) {
    const rule = rules.get(s.rule);
    if (!rule?.citizen || s.entity || s.rule === pack.mainOutput) continue;
    // a sentence about a value not known yet ("ein Jahreseinkommen von fehlt noch Euro") says nothing
    const named = [...rule.citizen.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => values.get(m[1]!));
    if (isMissing(s.value) || named.some(isMissing)) continue;
    if (rule.citizenIfDiffers !== undefined && sameValue(values.get(rule.citizenIfDiffers), s.value)) continue;
    lines.push({ rule: s.rule, label: rule.label, norm: s.norm, value: formatValue(s.value, rule), details: [fill(citizenSentence(rule, s.value))] });
  }
  // the order of the law (the pack's sections and rules), not the order in which evaluation happened to need them
  lines.sort((a, b) => (order.get(a.rule) ?? 0) - (order.get(b.rule) ?? 0));
  return {
    audience: 'citizen',
    title: pack.title,
    summary,
    sections: lines.length ? [{ id: 'rechenweg', title: 'So haben wir gerechnet', lines }] : [],
    notes: ['Diese Erklärung ist eine Hilfe zum Verstehen. Rechtlich verbindlich ist allein der Bescheid.'],
  };
}

/** Plain text (Markdown-like) for terminals and letters. */
export function renderExplanation(e: Explanation): string {
  // the auditor's explanation is its JSON record alone (see auditRecord)
  if (e.audience === 'auditor') return `${e.notes.join('\n')}\n`;
  const out: string[] = [`# ${e.title}`, '', ...e.summary, ''];
  for (const s of e.sections) {
    out.push(`## ${s.title}`);
    for (const l of s.lines) {
      const head = e.audience === 'citizen' ? (l.details[0] ?? l.label) : `${l.label}${l.item ? ` (${l.item})` : ''} – ${l.norm}: ${l.value}`;
      out.push(`- ${head}`);
      if (e.audience !== 'citizen') for (const det of l.details) out.push(`    ${det}`);
    }
    out.push('');
  }
  if (e.notes.length) out.push(...e.notes.map((n) => `Hinweis: ${n}`));
  return `${out.join('\n').trimEnd()}\n`;
}
