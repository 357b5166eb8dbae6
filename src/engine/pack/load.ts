/**
 * Reads a rule pack from its source files (path → text; the caller does the file I/O) into
 * a PackDef. The folder tree mirrors the law:
 *
 *   pack.yaml          id, release, coverage, outputs, entities, sections, reasons,
 *                      checklist of evidence, sensitive attributes, retention
 *   inputs.yaml        the application's fields with questions and legal references
 *   parameters/*.yaml  dated parameter values with publications (one file per § or Anlage)
 *   lookups/*.yaml     dated keyed tables (e.g. Mietenstufen by Gemeindeschlüssel) + CSV data
 *   rules/*.yaml       rules, one file per step of the law (its name is the Rechenweg section)
 *   tests/*.yaml       the pack's own test cases
 */
import { AmtsklarError, contentHash, sha256Hex } from '../../common/index.ts';
import { Decimal } from '../decimal.ts';
import type { FeelValue } from '../feel/values.ts';
import type { DecisionTableDef, HitPolicy, Aggregation } from '../decision-table/index.ts';
import type {
  Body,
  ChecklistItem,
  InvalidWhenDef,
  DiscretionDef,
  EntityDef,
  ExceptionDef,
  InputDef,
  InputType,
  LookupDef,
  LookupVersion,
  PackDef,
  PackTestCase,
  ParameterDef,
  ReasonDef,
  RuleDef,
  RuleVersion,
  SensitiveAttribute,
  SourceRef,
  ValueType,
} from './model.ts';
import { UNDATED_FROM } from './model.ts';
import {
  allowKeys,
  asMap,
  asSeq,
  date,
  isoDateParts,
  keyLoc,
  optDate,
  optDecimal,
  optInt,
  optNode,
  optStr,
  optBool,
  reqNode,
  scalarText,
  str,
  strList,
  toFeel,
  toJson,
} from './read.ts';
import { packError, parseYaml, type YMap, type YNode } from './yaml.ts';

export type PackFiles = ReadonlyMap<string, string>;

/** Files whose content does not change results: tests and documentation. */
function affectsResults(path: string): boolean {
  return !path.startsWith('tests/') && !path.endsWith('.md');
}

/**
 * `sha256:` of the pack's canonical content (the contract: same content, same hash). YAML files
 * count by what they say — keys and items in their order, strings as read, numbers as written —
 * not by comments, quoting or layout; data files by their lines without trailing blanks.
 */
export function packContentHash(files: PackFiles): string {
  const digests: Record<string, string> = {};
  for (const [path, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (affectsResults(path)) digests[path] = sha256Hex(canonicalFileContent(path, text));
  }
  return contentHash(digests);
}

function canonicalFileContent(path: string, text: string): string {
  const lines = text.replace(/\r\n?/g, '\n');
  if (/\.ya?ml$/.test(path)) {
    try {
      return JSON.stringify(canonicalYaml(parseYaml(lines, path)));
    } catch {
      return lines; // not loadable anyway; the load names the error
    }
  }
  return lines
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n+$/, '');
}

/** The located YAML tree without its locations; maps as pairs, so their order counts. */
function canonicalYaml(n: YNode): unknown {
  if (n.kind === 'map') return { m: [...n.entries].map(([k, v]) => [k, canonicalYaml(v)]) };
  if (n.kind === 'seq') return n.items.map(canonicalYaml);
  return typeof n.value === 'number' ? { n: n.raw } : n.value;
}

export function loadPack(files: PackFiles): PackDef {
  const packText = files.get('pack.yaml');
  if (packText === undefined) {
    throw new AmtsklarError('invalid_pack', 'Regelwerk unvollständig: Datei pack.yaml fehlt', [{ path: 'pack.yaml', message: 'Datei fehlt' }]);
  }
  const root = asMap(parseYaml(packText, 'pack.yaml'), 'pack.yaml');
  allowKeys(
    root,
    [
      'id', 'aliases', 'release', 'title', 'description', 'coverage', 'as_of_input', 'aktenzeichen_input', 'outputs', 'main_output', 'decisive',
      'entities', 'sections', 'reasons', 'invalid_when', 'checklist', 'sensitive_attributes', 'retention',
    ],
    'pack.yaml',
  );
  const coverageNode = asMap(reqNode(root, 'coverage', 'pack.yaml'), 'pack.yaml: coverage');
  allowKeys(coverageNode, ['valid_from', 'valid_to', 'message'], 'coverage');

  const inputsText = files.get('inputs.yaml');
  if (inputsText === undefined) {
    throw new AmtsklarError('invalid_pack', 'Regelwerk unvollständig: Datei inputs.yaml fehlt', [{ path: 'inputs.yaml', message: 'Datei fehlt' }]);
  }
  const inputsRoot = asMap(parseYaml(inputsText, 'inputs.yaml'), 'inputs.yaml');
  const inputs = [...inputsRoot.entries].map(([name, node]) => readInput(name, node, keyLoc(inputsRoot, name)));
  checkAlternatives(inputs);

  const parameters: ParameterDef[] = [];
  const lookups: LookupDef[] = [];
  const rules: RuleDef[] = [];
  const tests: PackTestCase[] = [];
  for (const [path, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!path.endsWith('.yaml') && !path.endsWith('.yml')) continue;
    const section = path.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
    if (path.startsWith('parameters/')) parameters.push(...listOf(parseYaml(text, path), path).map((n) => readParameter(n)));
    else if (path.startsWith('lookups/')) lookups.push(...listOf(parseYaml(text, path), path).map((n) => readLookup(n, files, path)));
    else if (path.startsWith('rules/')) rules.push(...listOf(parseYaml(text, path), path).map((n) => readRule(n, section)));
    else if (path.startsWith('tests/')) tests.push(...listOf(parseYaml(text, path), path).map((n) => readTest(n)));
  }

  const sectionsNode = optNode(root, 'sections');
  const sections = sectionsNode
    ? asSeq(sectionsNode, 'sections').items.map((n) => {
        const m = asMap(n, 'Abschnitt');
        allowKeys(m, ['id', 'title'], 'Abschnitt');
        return { id: str(m, 'id', 'Abschnitt'), title: str(m, 'title', 'Abschnitt') };
      })
    : [...new Set(rules.map((r) => r.section))].map((id) => ({ id, title: id }));

  const outputs = strList(reqNode(root, 'outputs', 'pack.yaml'), 'outputs');
  const retentionNode = optNode(root, 'retention');
  let retention: PackDef['retention'];
  if (retentionNode) {
    const m = asMap(retentionNode, 'retention');
    allowKeys(m, ['months', 'norm'], 'retention');
    const months = optInt(m, 'months', 'retention');
    if (months === undefined || months <= 0) throw packError(m.loc, 'retention.months muss eine positive ganze Zahl sein');
    retention = { months, norm: str(m, 'norm', 'retention') };
  }

  const coverageMessage = optStr(coverageNode, 'message', 'coverage');
  const aktenzeichenInput = optStr(root, 'aktenzeichen_input', 'pack.yaml');
  return {
    id: str(root, 'id', 'pack.yaml'),
    aliases: strList(optNode(root, 'aliases'), 'aliases'),
    release: str(root, 'release', 'pack.yaml'),
    title: str(root, 'title', 'pack.yaml'),
    description: optStr(root, 'description', 'pack.yaml') ?? '',
    coverage: { validFrom: date(coverageNode, 'valid_from', 'coverage'), validTo: optDate(coverageNode, 'valid_to', 'coverage') },
    ...(coverageMessage !== undefined ? { coverageMessage } : {}),
    asOfInput: str(root, 'as_of_input', 'pack.yaml'),
    ...(aktenzeichenInput !== undefined ? { aktenzeichenInput } : {}),
    outputs,
    mainOutput: optStr(root, 'main_output', 'pack.yaml') ?? outputs[0] ?? '',
    decisive: optNode(root, 'decisive') ? strList(optNode(root, 'decisive'), 'decisive') : [optStr(root, 'main_output', 'pack.yaml') ?? outputs[0] ?? ''],
    entities: listOf(optNode(root, 'entities'), 'entities').map(readEntity),
    inputs,
    parameters,
    lookups,
    rules,
    reasons: listOf(optNode(root, 'reasons'), 'reasons').map(readReason),
    invalidWhen: listOf(optNode(root, 'invalid_when'), 'invalid_when').map(readInvalidWhen),
    checklist: listOf(optNode(root, 'checklist'), 'checklist').map(readChecklistItem),
    sensitiveAttributes: listOf(optNode(root, 'sensitive_attributes'), 'sensitive_attributes').map(readSensitive),
    ...(retention ? { retention } : {}),
    tests,
    hash: packContentHash(files),
    sections,
  };
}

function listOf(node: YNode | undefined, what: string): YNode[] {
  if (node === undefined) return [];
  return asSeq(node, what).items;
}

const INPUT_TYPES: readonly InputType[] = ['string', 'boolean', 'integer', 'number', 'money', 'date', 'list', 'context'];

function readInput(name: string, node: YNode, loc: SourceRef): InputDef {
  const what = `Eingabe „${name}“`;
  const m = asMap(node, what);
  allowKeys(
    m,
    ['type', 'question', 'norm', 'description', 'default', 'required', 'alternative', 'not_after', 'enum', 'minimum', 'maximum', 'pattern', 'min_items', 'max_items', 'items', 'fields', 'label', 'title', 'short', 'sensitive'],
    what,
  );
  const type = str(m, 'type', what) as InputType;
  if (!INPUT_TYPES.includes(type)) throw packError(m.loc, `${what}: unbekannter Typ „${type}“ (erlaubt: ${INPUT_TYPES.join(', ')})`);
  const def: InputDef = {
    name,
    type,
    question: str(m, 'question', what),
    norm: str(m, 'norm', what),
    hasDefault: m.entries.has('default'),
    source: loc,
  };
  const description = optStr(m, 'description', what);
  if (description !== undefined) def.description = description;
  const title = optStr(m, 'title', what);
  if (title !== undefined) def.title = title;
  if (def.hasDefault) {
    def.default = toJson(m.entries.get('default')!);
    // checked here, not when the first application without the field is decided
    const wrong = defaultMismatch(type, def.default);
    if (wrong) throw packError(keyLoc(m, 'default'), `${what}: Standardwert ${JSON.stringify(def.default)} passt nicht zum Typ ${type} (${wrong})`);
  }
  if (optBool(m, 'required', what) === true) {
    if (def.hasDefault) throw packError(m.loc, `${what}: „required“ und „default“ schließen sich aus`);
    def.required = true;
  }
  const alternative = optStr(m, 'alternative', what);
  if (alternative !== undefined) {
    if (def.hasDefault || def.required) throw packError(keyLoc(m, 'alternative'), `${what}: „alternative“ nur bei einer Angabe ohne „default“ und ohne „required“`);
    def.alternative = alternative;
  }
  const notAfter = optStr(m, 'not_after', what);
  if (notAfter !== undefined) {
    if (type !== 'date') throw packError(keyLoc(m, 'not_after'), `${what}: „not_after“ nur bei Typ date`);
    def.notAfter = notAfter;
  }
  const enumNode = optNode(m, 'enum');
  if (enumNode) def.enum = asSeq(enumNode, `${what}: enum`).items.map(toJson);
  const minimum = optDecimal(m, 'minimum', what);
  if (minimum) def.minimum = minimum;
  const maximum = optDecimal(m, 'maximum', what);
  if (maximum) def.maximum = maximum;
  const pattern = optStr(m, 'pattern', what);
  if (pattern !== undefined) {
    try {
      new RegExp(pattern, 'u');
    } catch {
      throw packError(m.loc, `${what}: ungültiges Muster „${pattern}“`);
    }
    def.pattern = pattern;
  }
  const minItems = optInt(m, 'min_items', what);
  if (minItems !== undefined) def.minItems = minItems;
  const maxItems = optInt(m, 'max_items', what);
  if (maxItems !== undefined) def.maxItems = maxItems;
  const label = optStr(m, 'label', what);
  if (label !== undefined) def.label = label;
  const short = optStr(m, 'short', what);
  if (short !== undefined) def.short = short;
  const sensitive = optStr(m, 'sensitive', what);
  if (sensitive !== undefined) def.sensitive = sensitive;
  if (type === 'list') {
    const items = reqNode(m, 'items', what);
    def.items = readInput(`${name}[]`, items, items.loc);
  }
  if (type === 'context') {
    const fields = asMap(reqNode(m, 'fields', what), `${what}: fields`);
    def.fields = [...fields.entries].map(([n, f]) => readInput(n, f, keyLoc(fields, n)));
    checkAlternatives(def.fields);
  }
  if ((type !== 'list' && m.entries.has('items')) || (type !== 'context' && m.entries.has('fields'))) {
    throw packError(m.loc, `${what}: „items“ nur bei Typ list, „fields“ nur bei Typ context`);
  }
  return def;
}

/** An `alternative` names another input of the same object; otherwise the schema would ask for a field nobody can give. */
function checkAlternatives(fields: readonly InputDef[]): void {
  for (const f of fields) {
    if (f.alternative === undefined) continue;
    if (f.alternative === f.name || !fields.some((o) => o.name === f.alternative)) {
      throw packError(f.source, `Eingabe „${f.name}“: „alternative“ nennt „${f.alternative}“, das keine andere Angabe auf derselben Ebene ist`);
    }
  }
}

/** Why a default cannot be a value of its input's type, or null when it can (null always can). */
function defaultMismatch(type: InputType, v: unknown): string | null {
  if (v === null) return null;
  switch (type) {
    case 'string':
      return typeof v === 'string' ? null : 'Text erwartet';
    case 'boolean':
      return typeof v === 'boolean' ? null : 'true oder false erwartet';
    case 'integer':
    case 'number':
    case 'money': {
      const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v : null;
      if (text === null || !/^-?[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?$/i.test(text)) return 'Zahl erwartet';
      if (type === 'integer' && !new Decimal(text).isInteger()) return 'ganze Zahl erwartet';
      return null;
    }
    case 'date':
      return typeof v === 'string' && isoDateParts(v) ? null : 'Datum im Format JJJJ-MM-TT erwartet';
    case 'list':
      return Array.isArray(v) ? null : 'Liste erwartet';
    case 'context':
      return typeof v === 'object' && !Array.isArray(v) ? null : 'Objekt erwartet';
  }
}

function readValidity(m: YMap, what: string): { validFrom: string; validTo: string | null } {
  const validFrom = date(m, 'valid_from', what);
  const validTo = optDate(m, 'valid_to', what);
  if (validTo !== null && validTo < validFrom) throw packError(m.loc, `${what}: valid_to (${validTo}) liegt vor valid_from (${validFrom})`);
  return { validFrom, validTo };
}

function readParameter(node: YNode): ParameterDef {
  const m = asMap(node, 'Parameter');
  const id = str(m, 'id', 'Parameter');
  const what = `Parameter „${id}“`;
  allowKeys(m, ['id', 'label', 'norm', 'unit', 'description', 'versions'], what);
  const versions = asSeq(reqNode(m, 'versions', what), `${what}: versions`).items.map((vn) => {
    const v = asMap(vn, `${what}: Version`);
    allowKeys(v, ['valid_from', 'valid_to', 'publication', 'norm', 'value'], `${what}: Version`);
    const norm = optStr(v, 'norm', what);
    return {
      ...readValidity(v, `${what}: Version`),
      value: toFeel(reqNode(v, 'value', `${what}: Version`)),
      publication: str(v, 'publication', `${what}: Version`),
      ...(norm !== undefined ? { norm } : {}),
      source: v.loc,
    };
  });
  const unit = optStr(m, 'unit', what);
  const description = optStr(m, 'description', what);
  return {
    id,
    label: str(m, 'label', what),
    norm: str(m, 'norm', what),
    ...(unit !== undefined ? { unit } : {}),
    ...(description !== undefined ? { description } : {}),
    versions,
    source: m.loc,
  };
}

function readLookup(node: YNode, files: PackFiles, path: string): LookupDef {
  const m = asMap(node, 'Nachschlagetabelle');
  const id = str(m, 'id', 'Nachschlagetabelle');
  const what = `Nachschlagetabelle „${id}“`;
  allowKeys(m, ['id', 'label', 'norm', 'key', 'value', 'versions'], what);
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  const versions: LookupVersion[] = asSeq(reqNode(m, 'versions', what), `${what}: versions`).items.map((vn) => {
    const v = asMap(vn, `${what}: Version`);
    allowKeys(v, ['valid_from', 'valid_to', 'file', 'source'], `${what}: Version`);
    const file = `${dir}${str(v, 'file', what)}`;
    const csv = files.get(file);
    if (csv === undefined) throw packError(v.loc, `${what}: Datendatei „${file}“ fehlt`);
    return { ...readValidity(v, `${what}: Version`), entries: parseLookupCsv(csv, file), sourceNote: str(v, 'source', what), file };
  });
  return {
    id,
    label: str(m, 'label', what),
    norm: str(m, 'norm', what),
    keyLabel: str(m, 'key', what),
    valueLabel: str(m, 'value', what),
    versions,
    source: m.loc,
  };
}

/**
 * `key;value[;comment…]` with a header line; numbers in the value column stay decimal
 * strings. Duplicate keys are errors: a table that says two things about one place is wrong.
 */
export function parseLookupCsv(text: string, file: string): Map<string, FeelValue> {
  const entries = new Map<string, FeelValue>();
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '' || line.startsWith('#')) return;
    const [key, value] = line.split(';').map((s) => s.trim());
    const loc = { file, line: i + 1, column: 1 };
    if (!key || value === undefined || value === '') throw packError(loc, 'Zeile braucht „Schlüssel;Wert“');
    if (entries.has(key)) throw packError(loc, `Schlüssel „${key}“ kommt doppelt vor`);
    entries.set(key, /^-?\d+(\.\d+)?$/.test(value) ? new Decimal(value) : value);
  });
  return entries;
}

const RULE_KEYS = ['id', 'label', 'norm', 'type', 'entity', 'round', 'interpretation', 'citizen', 'citizen_if_differs', 'citizen_if_zero', 'value_labels', 'section', 'law', 'expr', 'table', 'discretion', 'exceptions', 'versions'] as const;
const VALUE_TYPES: readonly ValueType[] = ['money', 'euro', 'number', 'integer', 'boolean', 'string', 'date', 'list', 'context', 'any'];

function readRule(node: YNode, section: string): RuleDef {
  const m = asMap(node, 'Regel');
  const id = str(m, 'id', 'Regel');
  const what = `Regel „${id}“`;
  allowKeys(m, RULE_KEYS, what);
  const type = (optStr(m, 'type', what) ?? 'any') as ValueType;
  if (!VALUE_TYPES.includes(type)) throw packError(m.loc, `${what}: unbekannter Typ „${type}“ (erlaubt: ${VALUE_TYPES.join(', ')})`);
  const norm = str(m, 'norm', what);
  const versionsNode = optNode(m, 'versions');
  let versions: RuleVersion[];
  if (versionsNode) {
    for (const k of ['expr', 'table', 'discretion', 'exceptions', 'law'] as const) {
      if (m.entries.has(k)) throw packError(keyLoc(m, k), `${what}: „${k}“ gehört in die einzelnen Versionen, wenn „versions“ angegeben ist`);
    }
    versions = asSeq(versionsNode, `${what}: versions`).items.map((vn) => {
      const v = asMap(vn, `${what}: Version`);
      allowKeys(v, ['valid_from', 'valid_to', 'norm', 'law', 'expr', 'table', 'discretion', 'exceptions'], `${what}: Version`);
      return readRuleVersion(v, what, optStr(v, 'norm', what) ?? norm, readValidity(v, `${what}: Version`));
    });
  } else {
    versions = [readRuleVersion(m, what, norm, { validFrom: UNDATED_FROM, validTo: null })];
  }
  const roundNode = optNode(m, 'round');
  let rounding: RuleDef['rounding'];
  if (roundNode) {
    const r = asMap(roundNode, `${what}: round`);
    allowKeys(r, ['mode', 'scale', 'norm'], `${what}: round`);
    const mode = str(r, 'mode', `${what}: round`);
    const modes = ['half_up', 'half_even', 'down', 'up', 'floor', 'ceiling'];
    if (!modes.includes(mode)) throw packError(r.loc, `${what}: Rundungsart „${mode}“ unbekannt (erlaubt: ${modes.join(', ')})`);
    rounding = { mode: mode as NonNullable<RuleDef['rounding']>['mode'], scale: optInt(r, 'scale', `${what}: round`) ?? 0, norm: str(r, 'norm', `${what}: round`) };
  }
  const entity = optStr(m, 'entity', what);
  const interpretation = optStr(m, 'interpretation', what);
  const citizen = optStr(m, 'citizen', what);
  const citizenIfDiffers = optStr(m, 'citizen_if_differs', what);
  const citizenIfZero = optStr(m, 'citizen_if_zero', what);
  if (citizenIfZero !== undefined && citizen === undefined) throw packError(keyLoc(m, 'citizen_if_zero'), `${what}: „citizen_if_zero“ nur zusammen mit „citizen“`);
  if (citizenIfDiffers !== undefined && citizen === undefined) throw packError(keyLoc(m, 'citizen_if_differs'), `${what}: „citizen_if_differs“ nur zusammen mit „citizen“`);
  const labelsNode = optNode(m, 'value_labels');
  let valueLabels: Record<string, string> | undefined;
  if (labelsNode) {
    if (type !== 'string') throw packError(keyLoc(m, 'value_labels'), `${what}: „value_labels“ nur für Regeln vom Typ string`);
    const lm = asMap(labelsNode, `${what}: value_labels`);
    valueLabels = Object.create(null) as Record<string, string>;
    for (const k of lm.entries.keys()) valueLabels[k] = str(lm, k, `${what}: value_labels`);
  }
  return {
    id,
    label: str(m, 'label', what),
    norm,
    type,
    ...(entity !== undefined ? { entity } : {}),
    ...(rounding ? { rounding } : {}),
    ...(interpretation !== undefined ? { interpretation } : {}),
    ...(citizen !== undefined ? { citizen } : {}),
    ...(citizenIfDiffers !== undefined ? { citizenIfDiffers } : {}),
    ...(citizenIfZero !== undefined ? { citizenIfZero } : {}),
    ...(valueLabels !== undefined ? { valueLabels } : {}),
    section: optStr(m, 'section', what) ?? section,
    versions,
    source: m.loc,
  };
}

function readRuleVersion(m: YMap, what: string, norm: string, validity: { validFrom: string; validTo: string | null }): RuleVersion {
  const kinds = (['expr', 'table', 'discretion'] as const).filter((k) => optNode(m, k) !== undefined);
  if (kinds.length !== 1) {
    throw packError(m.loc, `${what}: genau eines von „expr“, „table“ oder „discretion“ angeben (gefunden: ${kinds.length === 0 ? 'keines' : kinds.join(', ')})`);
  }
  const discretionNode = optNode(m, 'discretion');
  const law = optStr(m, 'law', what);
  return {
    ...validity,
    norm,
    ...(law !== undefined ? { lawText: law } : {}),
    body: discretionNode ? null : readBody(m, what),
    discretion: discretionNode ? readDiscretion(discretionNode, what) : null,
    exceptions: listOf(optNode(m, 'exceptions'), `${what}: exceptions`).map((n) => readException(n, what)),
  };
}

function readBody(m: YMap, what: string): Body {
  const exprNode = optNode(m, 'expr');
  if (exprNode) {
    if (exprNode.kind !== 'scalar') throw packError(exprNode.loc, `${what}: expr muss ein FEEL-Ausdruck (Text) sein`);
    // A quoted scalar's position is its opening quote; the expression starts one column later.
    const quoted = /^["']/.test(exprNode.raw);
    return { kind: 'expr', expr: scalarText(exprNode, what), source: quoted ? { ...exprNode.loc, column: exprNode.loc.column + 1 } : exprNode.loc };
  }
  const tableNode = reqNode(m, 'table', what);
  return { kind: 'table', table: readTable(tableNode, what), source: tableNode.loc };
}

const HIT_POLICIES: readonly HitPolicy[] = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'];
const AGGREGATIONS: readonly Aggregation[] = ['SUM', 'MIN', 'MAX', 'COUNT'];

function readTable(node: YNode, what: string): DecisionTableDef {
  const m = asMap(node, `${what}: table`);
  allowKeys(m, ['hit_policy', 'aggregation', 'inputs', 'outputs', 'rules'], `${what}: table`);
  const hitPolicy = str(m, 'hit_policy', `${what}: table`).toUpperCase().replace(/_/g, ' ') as HitPolicy;
  if (!HIT_POLICIES.includes(hitPolicy)) throw packError(m.loc, `${what}: Trefferregel „${hitPolicy}“ unbekannt (erlaubt: ${HIT_POLICIES.join(', ')})`);
  const aggregation = optStr(m, 'aggregation', `${what}: table`)?.toUpperCase() as Aggregation | undefined;
  if (aggregation !== undefined && (!AGGREGATIONS.includes(aggregation) || hitPolicy !== 'COLLECT')) {
    throw packError(m.loc, `${what}: Aggregation „${aggregation}“ nur bei COLLECT und nur ${AGGREGATIONS.join(', ')}`);
  }
  const inputs = asSeq(reqNode(m, 'inputs', `${what}: table`), `${what}: table.inputs`).items.map((n) => {
    if (n.kind === 'scalar') return { expression: scalarText(n, what) };
    const im = asMap(n, `${what}: Tabelleneingang`);
    allowKeys(im, ['expr', 'label', 'values'], `${what}: Tabelleneingang`);
    const label = optStr(im, 'label', what);
    const inputValues = optStr(im, 'values', what);
    return { expression: str(im, 'expr', what), ...(label !== undefined ? { label } : {}), ...(inputValues !== undefined ? { inputValues } : {}) };
  });
  const outputs = asSeq(reqNode(m, 'outputs', `${what}: table`), `${what}: table.outputs`).items.map((n) => {
    if (n.kind === 'scalar') return { name: scalarText(n, what) };
    const om = asMap(n, `${what}: Tabellenausgang`);
    allowKeys(om, ['name', 'label', 'values', 'default'], `${what}: Tabellenausgang`);
    const label = optStr(om, 'label', what);
    const outputValues = optStr(om, 'values', what);
    const def = optStr(om, 'default', what);
    return {
      name: str(om, 'name', what),
      ...(label !== undefined ? { label } : {}),
      ...(outputValues !== undefined ? { outputValues } : {}),
      ...(def !== undefined ? { defaultOutputEntry: def } : {}),
    };
  });
  const width = inputs.length + outputs.length;
  const rules = asSeq(reqNode(m, 'rules', `${what}: table`), `${what}: table.rules`).items.map((n, i) => {
    let cells: string[];
    let annotation: string | undefined;
    if (n.kind === 'seq') cells = n.items.map((c) => (c.kind === 'scalar' ? cellText(c.value, c.raw) : ''));
    else {
      const rm = asMap(n, `${what}: Tabellenzeile ${i + 1}`);
      allowKeys(rm, ['when', 'then', 'note'], `${what}: Tabellenzeile ${i + 1}`);
      cells = [...strCells(reqNode(rm, 'when', what)), ...strCells(reqNode(rm, 'then', what))];
      annotation = optStr(rm, 'note', what);
    }
    if (cells.length !== width) {
      throw packError(n.loc, `${what}: Tabellenzeile ${i + 1} hat ${cells.length} Zellen, erwartet ${width} (${inputs.length} Eingänge + ${outputs.length} Ausgänge)`);
    }
    return { id: `${i + 1}`, inputEntries: cells.slice(0, inputs.length), outputEntries: cells.slice(inputs.length), ...(annotation !== undefined ? { annotation } : {}) };
  });
  return { id: what, hitPolicy, ...(aggregation ? { aggregation } : {}), inputs, outputs, rules };
}

function strCells(node: YNode): string[] {
  if (node.kind === 'scalar') return [cellText(node.value, node.raw)];
  return asSeq(node, 'Zellen').items.map((c) => (c.kind === 'scalar' ? cellText(c.value, c.raw) : ''));
}

/** YAML `0` and `-` and `"a"` become FEEL text; strings that are not FEEL-quoted stay as written. */
function cellText(value: unknown, raw: string): string {
  if (value === null) return '-';
  if (typeof value === 'number') return raw;
  return String(value);
}

function readException(node: YNode, owner: string): ExceptionDef {
  const m = asMap(node, `${owner}: Ausnahme`);
  const id = str(m, 'id', `${owner}: Ausnahme`);
  const what = `${owner}, Ausnahme „${id}“`;
  allowKeys(m, ['id', 'label', 'norm', 'when', 'expr', 'table', 'exceptions'], what);
  const whenNode = reqNode(m, 'when', what);
  const label = optStr(m, 'label', what);
  return {
    id,
    ...(label !== undefined ? { label } : {}),
    norm: str(m, 'norm', what),
    when: str(m, 'when', what),
    whenSource: whenNode.loc,
    body: readBody(m, what),
    exceptions: listOf(optNode(m, 'exceptions'), `${what}: exceptions`).map((n) => readException(n, what)),
  };
}

function readDiscretion(node: YNode, owner: string): DiscretionDef {
  const what = `${owner}: discretion`;
  const m = asMap(node, what);
  allowKeys(m, ['norm', 'when', 'why', 'options', 'provisional', 'otherwise', 'kind'], what);
  const options = asSeq(reqNode(m, 'options', what), `${what}: options`).items.map((n) => {
    const o = asMap(n, `${what}: Option`);
    allowKeys(o, ['id', 'label', 'value'], `${what}: Option`);
    const v = reqNode(o, 'value', `${what}: Option`);
    return { id: str(o, 'id', `${what}: Option`), label: str(o, 'label', `${what}: Option`), value: v.kind === 'scalar' ? scalarText(v, what) : str(o, 'value', what) };
  });
  if (options.length < 2) throw packError(m.loc, `${what}: ein Ermessenspunkt braucht mindestens zwei Optionen`);
  const provisional = str(m, 'provisional', what);
  if (!options.some((o) => o.id === provisional)) throw packError(m.loc, `${what}: provisional „${provisional}“ ist keine der Optionen`);
  const kind = optStr(m, 'kind', what) ?? 'ermessen';
  if (kind !== 'ermessen' && kind !== 'beurteilung') throw packError(keyLoc(m, 'kind'), `${what}: kind „${kind}“ unbekannt (ermessen oder beurteilung)`);
  return {
    kind,
    norm: str(m, 'norm', what),
    when: str(m, 'when', what),
    whenSource: reqNode(m, 'when', what).loc,
    why: str(m, 'why', what),
    options,
    provisional,
    otherwise: str(m, 'otherwise', what),
  };
}

function readEntity(node: YNode): EntityDef {
  const m = asMap(node, 'Entität');
  allowKeys(m, ['id', 'list', 'collection', 'label'], 'Entität');
  return { id: str(m, 'id', 'Entität'), list: str(m, 'list', 'Entität'), collection: str(m, 'collection', 'Entität'), label: str(m, 'label', 'Entität') };
}

function readReason(node: YNode): ReasonDef {
  const m = asMap(node, 'Grund');
  allowKeys(m, ['id', 'when', 'norm', 'text'], 'Grund');
  const id = str(m, 'id', 'Grund');
  return { id, when: str(m, 'when', `Grund „${id}“`), norm: str(m, 'norm', `Grund „${id}“`), text: str(m, 'text', `Grund „${id}“`), source: m.loc };
}

function readInvalidWhen(node: YNode): InvalidWhenDef {
  const m = asMap(node, 'Prüfung');
  allowKeys(m, ['id', 'when', 'path', 'message', 'norm'], 'Prüfung');
  const id = str(m, 'id', 'Prüfung');
  const what = `Prüfung „${id}“`;
  const path = str(m, 'path', what);
  if (!/^\$(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])+$/.test(path)) throw packError(keyLoc(m, 'path'), `${what}: path „${path}“ ist kein JSON-Pfad wie $.feld`);
  return { id, when: str(m, 'when', what), path, message: str(m, 'message', what), norm: str(m, 'norm', what), source: m.loc };
}

function readChecklistItem(node: YNode): ChecklistItem {
  const m = asMap(node, 'Nachweis');
  allowKeys(m, ['id', 'label', 'norm', 'when'], 'Nachweis');
  const id = str(m, 'id', 'Nachweis');
  const when = optStr(m, 'when', `Nachweis „${id}“`);
  return { id, label: str(m, 'label', `Nachweis „${id}“`), norm: str(m, 'norm', `Nachweis „${id}“`), ...(when !== undefined ? { when } : {}) };
}

function readSensitive(node: YNode): SensitiveAttribute {
  const m = asMap(node, 'sensibles Merkmal');
  allowKeys(m, ['input', 'category', 'justification', 'may_influence'], 'sensibles Merkmal');
  const input = str(m, 'input', 'sensibles Merkmal');
  const what = `sensibles Merkmal „${input}“`;
  return { input, category: str(m, 'category', what), justification: str(m, 'justification', what), mayInfluence: strList(optNode(m, 'may_influence'), what), source: m.loc };
}

function readTest(node: YNode): PackTestCase {
  const m = asMap(node, 'Testfall');
  allowKeys(m, ['name', 'input', 'discretion', 'expect'], 'Testfall');
  const name = str(m, 'name', 'Testfall');
  const what = `Testfall „${name}“`;
  const e = asMap(reqNode(m, 'expect', what), `${what}: expect`);
  allowKeys(e, ['outcome', 'values', 'missing', 'discretion', 'reasons', 'error'], `${what}: expect`);
  const valuesNode = optNode(e, 'values');
  const expect: PackTestCase['expect'] = {};
  const outcome = optStr(e, 'outcome', what);
  if (outcome !== undefined) expect.outcome = outcome;
  if (valuesNode) expect.values = toJson(asMap(valuesNode, `${what}: values`)) as Record<string, unknown>;
  if (e.entries.has('missing')) expect.missing = strList(optNode(e, 'missing'), what);
  if (e.entries.has('discretion')) expect.discretion = strList(optNode(e, 'discretion'), what);
  if (e.entries.has('reasons')) expect.reasons = strList(optNode(e, 'reasons'), what);
  const error = optStr(e, 'error', what);
  if (error !== undefined) expect.error = error;
  const discretionNode = optNode(m, 'discretion');
  return {
    name,
    input: toJson(reqNode(m, 'input', what)),
    ...(discretionNode ? { discretion: toJson(discretionNode) as PackTestCase['discretion'] } : {}),
    expect,
    source: m.loc,
  };
}

