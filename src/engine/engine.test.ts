import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AmtsklarError } from '../common/index.ts';
import { buildPack, checkPack, decide, ERASED_REASON, eraseWrittenReasons, explain, explainText, needsEvidence, replay, requiredEvidence, resultHash, type Decision } from './index.ts';

const here = new URL('.', import.meta.url).pathname;

function filesOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

const base = filesOf(join(here, 'testdata', 'gebuehr'));
const withFile = (path: string, text: string) => new Map([...base, [path, text]]);
const pack = buildPack(base);

function invalid(fn: () => unknown): AmtsklarError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AmtsklarError) return e;
    throw e;
  }
  throw new Error('expected an AmtsklarError');
}

describe('rule pack evaluation', () => {
  it('passes its own checks and test cases', () => {
    const report = checkPack(base);
    expect(report.findings).toEqual([]);
    expect(report.tests.every((t) => t.passed)).toBe(true);
  });

  it('picks the parameter version valid on the Stichtag', () => {
    const d24 = decide(pack, { datum: '2024-12-31', zone: 1, stunden: 2 });
    const d25 = decide(pack, { datum: '2025-01-01', zone: 1, stunden: 2 });
    expect(d24.values.gebuehr).toBe('3.00');
    expect(d25.values.gebuehr).toBe('4.00');
    const step = d25.trace!.find((s) => s.rule === 'grundgebuehr')!;
    expect(step.parameters?.stundensatz?.publication).toBe('Amtsblatt 2024 Nr. 30');
  });

  it('lists every missing input the result depends on, with its question', () => {
    const d = decide(pack, { datum: '2025-01-01' });
    expect(d.outcome).toBe('missing_inputs');
    expect(d.missing.map((m) => m.input).sort()).toEqual(['$.stunden', '$.zone']);
    expect(d.missing.find((m) => m.input === '$.zone')?.question).toBe('In welcher Zone?');
  });

  it('does not ask for inputs an exception makes irrelevant', () => {
    const d = decide(pack, { datum: '2025-01-01', schwerbehindert: true });
    expect(d.outcome).toBe('decided');
    expect(d.values.gebuehr).toBe('0.00');
    expect(d.reasons.map((r) => r.norm)).toEqual(['§ 4 Parkgebührenordnung']);
    expect(d.trace!.find((s) => s.rule === 'gebuehr')?.exception).toEqual([{ id: 'befreit', norm: '§ 4 Parkgebührenordnung' }]);
  });

  it('hands a discretion point to a person and continues with their decision', () => {
    const input = { datum: '2025-01-01', zone: 2, stunden: 2, ermaessigung_beantragt: true };
    const pending = decide(pack, input);
    expect(pending.outcome).toBe('needs_human');
    expect(pending.discretion[0]).toMatchObject({ point: 'ermaessigung', norm: '§ 5 Parkgebührenordnung', provisional: 'keine' });
    expect(pending.discretion[0]!.why).toContain('4,50');
    expect(pending.values.gebuehr).toBe('4.50');
    const decided = decide(pack, input, { discretion: { ermaessigung: { option: 'haelfte', by: 'Frau A.', reason: 'Sozialpass' } } });
    expect(decided.outcome).toBe('decided');
    expect(decided.values.gebuehr).toBe('2.25');
    expect(decided.humanDecisions).toEqual([{ point: 'ermaessigung', option: 'haelfte', by: 'Frau A.', reason: 'Sozialpass' }]);
    expect(invalid(() => decide(pack, input, { discretion: { ermaessigung: { option: 'alles', by: 'A', reason: 'x' } } })).problems[0]!.path).toBe('$.discretion.ermaessigung.option');
    expect(invalid(() => decide(pack, input, { discretion: { ermaessigung: { option: 'haelfte', by: '', reason: '' } } })).message).toContain('Begründung');
  });

  it('applies an override only with a reason and shows it', () => {
    const d = decide(pack, { datum: '2025-01-01', zone: 1, stunden: 2 }, { overrides: { grundgebuehr: { value: '3.00', by: 'Herr B.', reason: 'Parkschein teilweise gültig' } } });
    expect(d.values.gebuehr).toBe('3.00');
    expect(d.overrides).toEqual([{ rule: 'grundgebuehr', computed: '4', value: '3.00', by: 'Herr B.', reason: 'Parkschein teilweise gültig' }]);
    expect(invalid(() => decide(pack, { datum: '2025-01-01' }, { overrides: { grundgebuehr: { value: 1, by: 'x', reason: ' ' } } })).code).toBe('invalid_input');
  });

  it('names the field of invalid input in German', () => {
    const e = invalid(() => decide(pack, { datum: '2025-02-30', zone: 4, stunden: 'drei' }));
    expect(e.code).toBe('invalid_input');
    expect(e.problems.map((p) => p.path)).toEqual(['$.datum', '$.zone', '$.stunden']);
    expect(e.problems[1]!.message).toBe('darf höchstens 3 sein, ist 4');
    expect(invalid(() => decide(pack, [1, 2])).problems[0]!.path).toBe('$');
    expect(invalid(() => decide(pack, { datum: '2023-12-31', zone: 1, stunden: 1 })).problems[0]!.path).toBe('$.datum');
  });

  it('records rounding steps in the trace', () => {
    const d = decide(pack, { datum: '2024-06-01', zone: 1, stunden: 1.333 });
    const step = d.trace!.find((s) => s.rule === 'grundgebuehr')!;
    expect(step.rounding).toEqual([{ fn: 'half_up (§ 3 Satz 2 Parkgebührenordnung)', from: '1.9995', to: '2.00', scale: 2 }]);
    expect(d.values.grundgebuehr).toBe('2.00');
  });
});

describe('receipts and replay', () => {
  const input = { datum: '2025-01-01', zone: 3, stunden: 2.5 };

  it('gives the same result hash with and without trace, for the same content', () => {
    const a = decide(pack, input);
    const b = decide(pack, input, { trace: false });
    expect(a.receipt.resultHash).toBe(b.receipt.resultHash);
    expect(a.receipt.resultHash).toBe(resultHash(a));
    expect(buildPack(new Map(base)).hash).toBe(pack.hash);
  });

  it('seals written reasons by their hash, so erasing the text keeps the result hash and a changed text does not', () => {
    const input2 = { datum: '2025-01-01', zone: 2, stunden: 2, ermaessigung_beantragt: true };
    const d = decide(pack, input2, {
      discretion: { ermaessigung: { option: 'haelfte', by: 'Frau A.', reason: 'Sozialpass von Herrn K.' } },
      overrides: { grundgebuehr: { value: '3.00', by: 'Herr B.', reason: 'Parkschein teilweise gültig' } },
      // the Rechenweg and the embedded request repeat the reasons; whoever erases drops them (they are not sealed)
      embedRequest: false,
      trace: false,
    });
    const erased = eraseWrittenReasons(d);
    expect(erased.humanDecisions![0]).toEqual({ point: 'ermaessigung', option: 'haelfte', by: 'Frau A.', reason: ERASED_REASON, reasonHash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(erased.overrides![0]).toMatchObject({ reason: ERASED_REASON, value: '3.00' });
    expect(JSON.stringify(erased)).not.toContain('Herrn K.');
    expect(d.humanDecisions![0]!.reason).toBe('Sozialpass von Herrn K.'); // the decision itself is not changed
    expect(resultHash(erased)).toBe(d.receipt.resultHash);
    expect(eraseWrittenReasons(erased)).toEqual(erased);
    // a changed text, or a hash beside a text that was not erased, does not verify
    expect(resultHash({ ...d, humanDecisions: [{ ...d.humanDecisions![0]!, reason: 'Sozialpass' }] })).not.toBe(d.receipt.resultHash);
    expect(resultHash({ ...d, humanDecisions: [{ ...d.humanDecisions![0]!, reason: 'Sozialpass', reasonHash: erased.humanDecisions![0]!.reasonHash! }] })).not.toBe(d.receipt.resultHash);
    expect(resultHash({ ...erased, overrides: [{ ...erased.overrides![0]!, reasonHash: erased.humanDecisions![0]!.reasonHash! }] })).not.toBe(d.receipt.resultHash);
    // a decision without human input hashes as it always did
    const plain = decide(pack, input);
    expect(eraseWrittenReasons(plain)).toEqual(plain);
  });

  it('hashes the pack by its content: a comment or other quoting keeps the hash, a changed value changes it', () => {
    const commented = buildPack(withFile('parameters/satz.yaml', `# Stand: Satzung 2025\n${base.get('parameters/satz.yaml')!.replace(/\n/g, '\r\n')}`));
    expect(commented.hash).toBe(pack.hash);
    const changed = buildPack(withFile('parameters/satz.yaml', base.get('parameters/satz.yaml')!.replace('value: 2.00', 'value: 2.20')));
    expect(changed.hash).not.toBe(pack.hash);
  });

  it('confirms an untouched decision and reports a tampered one', () => {
    const d = JSON.parse(JSON.stringify(decide(pack, input))) as Decision;
    expect(replay(pack, d)).toMatchObject({ identical: true, recordIntact: true, packHashMatches: true, differences: [] });
    const tampered = { ...d, values: { ...d.values, gebuehr: '1.00' } };
    const r = replay(pack, tampered);
    expect(r.recordIntact).toBe(false);
    expect(r.differences).toContainEqual({ field: 'values.gebuehr', recorded: '1.00', now: '6.25' });
  });

  it('reports a decision relabelled outside its hashed result: Aktenzeichen, release, the receipt’s Stichtag and packHash', () => {
    const d = JSON.parse(JSON.stringify(decide(pack, { ...input, aktenzeichen: 'PG-2025-1' }))) as Decision;
    expect(replay(pack, d)).toMatchObject({ identical: true, labelsMatch: true });
    for (const [field, edit] of [
      ['aktenzeichen', (x: Decision) => ({ ...x, aktenzeichen: 'PG-2025-999' })],
      ['packVersion', (x: Decision) => ({ ...x, packVersion: '9.9' })],
      ['receipt.asOf', (x: Decision) => ({ ...x, receipt: { ...x.receipt, asOf: '1999-01-01' } })],
      ['receipt.packHash', (x: Decision) => ({ ...x, receipt: { ...x.receipt, packHash: `sha256:${'1'.repeat(64)}` } })],
    ] as const) {
      const r = replay(pack, JSON.parse(JSON.stringify(edit(d))));
      expect(r.identical, field).toBe(false);
      expect(r.labelsMatch, field).toBe(false);
      expect(r.differences.map((x) => x.field), field).toContain(field);
    }
  });

  it('checks the recorded Rechenweg too: a forged step is reported although the result hash is the same', () => {
    const d = JSON.parse(JSON.stringify(decide(pack, input))) as Decision;
    const i = d.trace!.findIndex((s) => s.rule === 'gebuehr');
    const forged = { ...d, trace: d.trace!.map((s, k) => (k === i ? { ...s, value: '99.00', inputs: {} } : s)) };
    const r = replay(pack, forged);
    expect(r).toMatchObject({ identical: false, traceMatches: false, recordIntact: true });
    expect(r.replayedResultHash).toBe(r.recordedResultHash);
    expect(r.differences.map((x) => x.field)).toEqual([`trace[${i}] (gebuehr)`]);
    expect(replay(pack, { ...d, trace: d.trace!.slice(1) }).differences.map((x) => x.field)).toContain('trace.length');
    // a record without a Rechenweg has nothing to compare
    const { trace: _trace, ...bare } = d;
    expect(replay(pack, bare)).toMatchObject({ identical: true, traceMatches: true });
  });

  it('names a changed Stichtag among the differences', () => {
    const d = JSON.parse(JSON.stringify(decide(pack, input))) as Decision;
    expect(replay(pack, { ...d, asOf: '2024-06-01' }).differences).toContainEqual({ field: 'asOf', recorded: '2024-06-01', now: d.asOf });
  });

  it('replays a bare receipt with the application given, and refuses to confirm it with another application', () => {
    const d = decide(pack, input);
    expect(replay(pack, d.receipt, input)).toMatchObject({ identical: true, inputHashMatches: true, recordIntact: true });
    // the same result (an extra field changes nothing), but not the application the receipt names
    const other = { ...input, bemerkung: 'nachgereicht' };
    const r = replay(pack, d.receipt, other);
    expect(r.inputHashMatches).toBe(false);
    expect(r.identical).toBe(false);
    expect(r.differences.map((x) => x.field)).toContain('inputHash');
  });

  it('shows when the law (pack content) changed since the decision', () => {
    const d = decide(pack, input);
    const changed = buildPack(withFile('parameters/satz.yaml', base.get('parameters/satz.yaml')!.replace('value: 2.00', 'value: 2.20')));
    const r = replay(changed, d);
    expect(r.identical).toBe(false);
    expect(r.packHashMatches).toBe(false);
    expect(r.differences).toContainEqual({ field: 'values.gebuehr', recorded: '6.25', now: '6.75' });
  });
});

describe('explanations', () => {
  it('renders the Rechenweg with legal references and a plain citizen summary', () => {
    const d = decide(pack, { datum: '2025-01-01', zone: 2, stunden: 3 });
    const cw = explain(pack, d, 'caseworker');
    const lines = cw.sections.flatMap((s) => s.lines);
    expect(lines.find((l) => l.rule === 'grundgebuehr')).toMatchObject({ norm: '§ 3 Parkgebührenordnung', value: '6,50 €' });
    expect(lines.find((l) => l.rule === 'grundgebuehr')!.details.join(' ')).toContain('Amtsblatt 2024 Nr. 30');
    const citizen = explain(pack, d, 'citizen');
    expect(citizen.summary).toContain('Sie zahlen 6,50 Euro.');
  });

  it('speaks to people in words: no „0 Euro“ when nothing is due, text results by their label, rounding in German', () => {
    const rules = base.get('rules/gebuehr.yaml')!
      .replace('  citizen: "Sie zahlen {gebuehr} Euro."', '  citizen: "Sie zahlen {gebuehr} Euro."\n  citizen_if_zero: "Sie zahlen keine Gebühr."')
      .concat('\n- id: lage\n  label: Lage\n  norm: § 2 Parkgebührenordnung\n  type: string\n  value_labels: { innen: "Innenstadt (Zone 3)", aussen: übrige Zonen }\n  expr: if zone = 3 then "innen" else "aussen"\n');
    const inputs = base.get('inputs.yaml')!.replace('stunden: { type: number,', 'stunden: { title: Parkdauer in Stunden, type: number,');
    const worded = buildPack(new Map([...withFile('rules/gebuehr.yaml', rules), ['pack.yaml', base.get('pack.yaml')!.replace('outputs: [gebuehr,', 'outputs: [lage, gebuehr,')], ['inputs.yaml', inputs]]));
    const free = decide(worded, { datum: '2025-01-01', zone: 3, stunden: 3, schwerbehindert: true });
    expect(explain(worded, free, 'citizen').summary).toContain('Sie zahlen keine Gebühr.');
    const paid = decide(worded, { datum: '2025-01-01', zone: 2, stunden: 3 });
    expect(explain(worded, paid, 'citizen').summary).toContain('Sie zahlen 6,50 Euro.');
    const lines = explain(worded, free, 'caseworker').sections.flatMap((s) => s.lines);
    expect(lines.find((l) => l.rule === 'lage')?.value).toBe('Innenstadt (Zone 3)');
    const rounded = explain(worded, decide(worded, { datum: '2025-01-01', zone: 3, stunden: '1.333' }), 'caseworker').sections.flatMap((s) => s.lines);
    expect(rounded.find((l) => l.rule === 'grundgebuehr')!.details).toContain('kaufmännisch gerundet nach § 3 Satz 2 Parkgebührenordnung von 3,916 auf 3,92');
    // an input by its title, not its JSON name
    expect(rounded.find((l) => l.rule === 'grundgebuehr')!.details[0]).toMatch(/^aus: Parkdauer in Stunden = 1,333; /);
    expect(() => buildPack(withFile('rules/gebuehr.yaml', rules.replace('type: string\n  value_labels', 'type: money\n  value_labels')))).toThrow(/value_labels.*nur für Regeln vom Typ string/);
  });

  it('gives the auditor one JSON document: result, every trace step and the receipt', () => {
    const d = decide(pack, { datum: '2025-01-01', zone: 2, stunden: 3 });
    const record = JSON.parse(explainText(pack, d, 'auditor')) as Record<string, unknown>;
    expect(record).toMatchObject({ pack: d.pack, packHash: d.packHash, asOf: d.asOf, outcome: 'decided', values: d.values, receipt: d.receipt });
    expect(record.trace).toEqual(JSON.parse(JSON.stringify(d.trace)));
  });
});

describe('pack authoring errors', () => {
  const err = (files: Map<string, string>) => invalid(() => buildPack(files));

  it('points at file, line and column of malformed YAML', () => {
    const e = err(withFile('rules/gebuehr.yaml', '- id: x\n  label: [unclosed\n'));
    expect(e.code).toBe('invalid_pack');
    expect(e.problems[0]!.path).toMatch(/^rules\/gebuehr\.yaml:\d+:\d+$/);
  });

  it('suggests the intended key for a typo', () => {
    const e = err(withFile('parameters/satz.yaml', base.get('parameters/satz.yaml')!.replace('valid_to: 2024-12-31', 'vaild_to: 2024-12-31')));
    expect(e.message).toContain('„vaild_to“');
    expect(e.message).toContain('„valid_to“');
  });

  it('rejects unknown names and cycles', () => {
    const unknownName = err(withFile('rules/x.yaml', '- { id: x, label: X, norm: "§ 9", expr: "stundn * 2" }\n'));
    expect(unknownName.message).toContain('unbekannter Name „stundn“');
    expect(unknownName.problems[0]!.path).toBe('rules/x.yaml:1:42');
    const cycle = err(withFile('rules/x.yaml', '- { id: a, label: A, norm: "§ 9", expr: "b + 1" }\n- { id: b, label: B, norm: "§ 9", expr: "a + 1" }\n'));
    expect(cycle.message).toMatch(/Zirkelbezug: (a → b → a|b → a → b)/);
  });

  it('finds gaps and overlaps in validity periods and missing legal references', () => {
    const gap = checkPack(withFile('parameters/satz.yaml', base.get('parameters/satz.yaml')!.replace('valid_from: 2025-01-01', 'valid_from: 2025-02-01')));
    expect(gap.findings.some((f) => f.check === 'validity' && f.message.includes('Lücke zwischen 2024-12-31 und 2025-02-01'))).toBe(true);
    const overlap = checkPack(withFile('parameters/satz.yaml', base.get('parameters/satz.yaml')!.replace('valid_to: 2024-12-31', 'valid_to: 2025-06-30')));
    expect(overlap.findings.some((f) => f.check === 'validity' && f.message.includes('überschneiden'))).toBe(true);
    const noNorm = checkPack(withFile('rules/x.yaml', '- { id: x, label: X, norm: "siehe oben", expr: "1" }\n'));
    expect(noNorm.findings.some((f) => f.check === 'norm' && f.severity === 'warning')).toBe(true);
    const todo = checkPack(withFile('rules/x.yaml', '- { id: x, label: X, norm: "TODO", expr: "1" }\n'));
    expect(todo.ok).toBe(false);
    expect(todo.findings.some((f) => f.check === 'norm' && f.severity === 'error' && f.message.includes('Platzhalter'))).toBe(true);
    // a bare number names no law: an error, not a hint
    const number = checkPack(withFile('rules/x.yaml', '- { id: x, label: X, norm: 42, expr: "1" }\n'));
    expect(number.ok).toBe(false);
    expect(number.findings).toContainEqual(expect.objectContaining({ check: 'norm', severity: 'error', where: 'rules/x.yaml:1:3', message: expect.stringContaining('„42“ ist keine Rechtsgrundlage') }));
  });

  it('names a failing test case by its file and line', () => {
    const failing = checkPack(withFile('tests/faelle.yaml', base.get('tests/faelle.yaml')!.replace('gebuehr: "6.50", grundgebuehr', 'gebuehr: "7.50", grundgebuehr')));
    expect(failing.ok).toBe(false);
    expect(failing.findings).toContainEqual(expect.objectContaining({ check: 'test', where: 'tests/faelle.yaml:1:3 (Zone 2, 2025)' }));
  });

  it('names the pack and says why nothing else ran when a file cannot be read', () => {
    const broken = checkPack(withFile('rules/x.yaml', '- { id: x, label: X, norm: [kaputt\n'));
    expect(broken).toMatchObject({ pack: 'gebuehr', release: '1.0', ok: false, tests: [] });
    expect(broken.findings[0]!.where).toMatch(/^rules\/x\.yaml:\d+/);
    expect(broken.findings.some((f) => f.severity === 'warning' && f.message.includes('nicht laden'))).toBe(true);
  });

  it('asks the schema for one of two alternative inputs, and refuses an alternative that names nothing', () => {
    const inputs = base.get('inputs.yaml')!;
    const alt = buildPack(withFile('inputs.yaml', `${inputs}zonenschluessel: { type: string, default: null, question: "Zonenschlüssel?", norm: "§ 2 Parkgebührenordnung" }\n`.replace('maximum: 3,', 'maximum: 3, alternative: zonenschluessel,')));
    const schema = alt.inputSchema as { required: string[]; anyOf?: unknown };
    expect(schema.required).not.toContain('zone');
    expect(schema.required).toContain('stunden');
    expect(schema.anyOf).toEqual([{ required: ['zone'] }, { required: ['zonenschluessel'] }]);
    expect((pack.inputSchema as { required: string[] }).required).toContain('zone');
    const e = err(withFile('inputs.yaml', inputs.replace('maximum: 3,', 'maximum: 3, alternative: zohne,')));
    expect(e.message).toMatch(/inputs\.yaml, Zeile 2.*„alternative“ nennt „zohne“/);
    expect(err(withFile('inputs.yaml', inputs.replace('default: false, sensitive', 'default: false, alternative: zone, sensitive'))).message).toMatch(/inputs\.yaml, Zeile 4.*„alternative“ nur bei einer Angabe ohne „default“/);
  });

  it('checks that citizen_if_differs names a rule', () => {
    const files = withFile('rules/x.yaml', '- { id: x, label: X, norm: "§ 9 X", expr: "1", citizen: "Es ist {x}.", citizen_if_differs: gibtsnicht }\n');
    expect(checkPack(files).findings.some((f) => f.message.includes('citizen_if_differs nennt „gibtsnicht“'))).toBe(true);
  });

  it('fails on undeclared use of a sensitive attribute', () => {
    const undeclared = checkPack(withFile('pack.yaml', base.get('pack.yaml')!.replace(/sensitive_attributes:[\s\S]*$/, '')));
    expect(undeclared.ok).toBe(false);
    expect(undeclared.findings.some((f) => f.check === 'sensitive' && f.message.includes('„schwerbehindert“'))).toBe(true);
    const unmarked = checkPack(withFile('inputs.yaml', `${base.get('inputs.yaml')!}geschlecht: { type: string, default: null, question: "?", norm: "§ 9 X" }\n`));
    expect(unmarked.findings.some((f) => f.check === 'sensitive' && f.message.includes('geschlecht'))).toBe(true);
    const tooFar = checkPack(withFile('rules/x.yaml', '- { id: x, label: X, norm: "§ 9 X", expr: "if schwerbehindert then 1 else 2" }\n').set('pack.yaml', base.get('pack.yaml')!.replace('outputs: [gebuehr, grundgebuehr, zone_gebuehr]', 'outputs: [gebuehr, grundgebuehr, zone_gebuehr, x]')));
    expect(tooFar.findings.some((f) => f.message.includes('wirkt auch auf x'))).toBe(true);
  });

  it('counts a list read only by count() as reading its length, not the sensitive fields of its items', () => {
    const inputs = `${base.get('inputs.yaml')!}kinder: { type: list, default: [], question: "Kinder?", norm: "§ 9 X", items: { type: context, question: "Kind", norm: "§ 9 X", fields: { geburtsdatum: { type: date, sensitive: alter, question: "Geburtsdatum?", norm: "§ 9 X" } } } }\n`;
    const packYaml = `${base.get('pack.yaml')!.replace('outputs: [gebuehr, grundgebuehr, zone_gebuehr]', 'outputs: [gebuehr, grundgebuehr, zone_gebuehr, x]')}  - { input: "kinder[].geburtsdatum", category: alter, justification: "§ 9 X nennt das Alter der Kinder", may_influence: [] }\n`;
    const withRule = (expr: string) => checkPack(withFile('inputs.yaml', inputs).set('pack.yaml', packYaml).set('rules/x.yaml', `- { id: x, label: X, norm: "§ 9 X", expr: '${expr}' }\n`));
    expect(withRule('count(kinder) * 2').findings.filter((f) => f.check === 'sensitive')).toEqual([]);
    for (const reads of ['count(kinder[item.geburtsdatum > date("2020-01-01")])', 'count(kinder) + count(kinder[item.geburtsdatum = null])', 'kinder']) {
      expect(withRule(reads).findings.some((f) => f.check === 'sensitive' && f.message.includes('wirkt auch auf x')), reads).toBe(true);
    }
  });

  it('reports conflicting exceptions with both legal references', () => {
    const files = withFile('rules/gebuehr.yaml', base.get('rules/gebuehr.yaml')!.replace('    - { id: befreit, norm: "§ 4 Parkgebührenordnung", when: "befreiung", expr: "0" }', '    - { id: befreit, norm: "§ 4 Parkgebührenordnung", when: "befreiung", expr: "0" }\n    - { id: zone1, norm: "§ 6 Parkgebührenordnung", when: "zone = 1", expr: "1" }'));
    const p = buildPack(files);
    const e = invalid(() => decide(p, { datum: '2025-01-01', zone: 1, stunden: 1, schwerbehindert: true }));
    expect(e.message).toContain('§ 4 Parkgebührenordnung');
    expect(e.message).toContain('§ 6 Parkgebührenordnung');
  });
});

const withChecklist = (items: string) => buildPack(new Map([...base, ['pack.yaml', `${base.get('pack.yaml')!}\nchecklist:\n${items}`]]));

const applications: unknown[] = [
  { datum: '2024-05-01', zone: 1, stunden: 2 },
  { datum: '2024-05-01', zone: 3, stunden: 5, ermaessigung_beantragt: true },
  { datum: '2024-05-01', zone: 2, stunden: 1, schwerbehindert: true },
  { datum: '2024-05-01', zone: 2, ermaessigung_beantragt: true }, // a fact the condition needs is missing: asked for
  { datum: '2024-05-01', zone: 'neun' }, // malformed: every item is asked for
];

describe('needsEvidence', () => {
  it('answers exactly whether requiredEvidence names anything, for conditional items only', () => {
    const pack = withChecklist(
      [
        '  - { id: ausweis, label: "Schwerbehindertenausweis", norm: "§ 4 Parkgebührenordnung", when: "schwerbehindert" }',
        '  - { id: antrag, label: "Antrag auf Ermäßigung", norm: "§ 5 Parkgebührenordnung", when: "ermaessigung_beantragt and stunden > 3" }',
      ].join('\n'),
    );
    const answers = applications.map((a) => needsEvidence(pack, a));
    expect(answers).toEqual(applications.map((a) => requiredEvidence(pack, a).length > 0));
    // the cases that make the shortcut matter: neither item applies to the first application
    expect(answers).toEqual([false, true, true, true, true]);
  });

  it('needs evidence from every application once one item applies unconditionally', () => {
    const pack = withChecklist('  - { id: formular, label: "Unterschriebenes Formular", norm: "§ 1 Parkgebührenordnung" }');
    for (const a of applications) {
      expect(needsEvidence(pack, a)).toBe(true);
      expect(requiredEvidence(pack, a).map((c) => c.id)).toEqual(['formular']);
    }
  });

  it('needs nothing from a pack without a checklist', () => {
    expect(applications.map((a) => needsEvidence(pack, a))).toEqual([false, false, false, false, false]);
  });
});
