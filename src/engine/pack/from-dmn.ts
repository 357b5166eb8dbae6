/**
 * DMN → rule pack: turns a DMN decision model (decision requirement graph with decision tables
 * and literal expressions) into the YAML files of a rule pack, so a model made in a DMN editor
 * becomes a pack that legal experts then complete with legal references and validity dates.
 * What a pack cannot hold (business knowledge models, boxed contexts, invocations …) is named,
 * never silently dropped.
 */
import { stringify } from 'yaml';
import { AmtsklarError } from '../../common/index.ts';
import type { BoxedExpression, DmnModel, ItemDefinition } from '../dmn/index.ts';

export interface DmnToPackOptions {
  id: string;
  title?: string;
  validFrom: string;
  /** Legal reference to put on every element until the experts have filled in the precise ones. */
  norm?: string;
}

const TODO_NORM = 'Rechtsgrundlage zu ergänzen';

type InputYaml = Record<string, unknown>;

function inputFor(model: DmnModel, name: string, typeRef: string | undefined, question: string, norm: string, seen = new Set<string>()): InputYaml {
  const base = { question, norm };
  const simple: Record<string, string> = { number: 'number', string: 'string', boolean: 'boolean', date: 'date' };
  if (!typeRef || simple[typeRef]) return { type: simple[typeRef ?? 'string'] ?? 'string', ...base };
  const def = model.itemDefinitions.find((d) => d.name === typeRef);
  if (!def || seen.has(def.name)) return { type: 'string', ...base };
  seen.add(def.name);
  const one = itemDefinitionInput(model, def, question, norm, seen);
  return def.isCollection ? { type: 'list', ...base, items: { ...one, question: `Eintrag von ${name}`, norm } } : one;
}

function itemDefinitionInput(model: DmnModel, def: ItemDefinition, question: string, norm: string, seen: Set<string>): InputYaml {
  if (def.components.length === 0) {
    const inner = inputFor(model, def.name, def.typeRef, question, norm, seen);
    return def.allowedValues && /^("[^"]*"\s*,?\s*)+$/.test(def.allowedValues) ? { ...inner, enum: [...def.allowedValues.matchAll(/"([^"]*)"/g)].map((m) => m[1]) } : inner;
  }
  const fields: Record<string, InputYaml> = {};
  for (const c of def.components) {
    const field = c.components.length > 0 ? itemDefinitionInput(model, c, `${c.name}?`, norm, seen) : inputFor(model, c.name, c.typeRef, `${c.name}?`, norm, seen);
    fields[c.name] = c.isCollection ? { type: 'list', question: `${c.name}?`, norm, items: { ...field, question: `Eintrag von ${c.name}`, norm } } : field;
  }
  return { type: 'context', question, norm, fields };
}

function ruleType(typeRef: string | undefined, multiOutput: boolean): string {
  if (multiOutput) return 'context';
  return ({ number: 'number', string: 'string', boolean: 'boolean', date: 'date' } as Record<string, string>)[typeRef ?? ''] ?? 'any';
}

function body(expression: BoxedExpression): Record<string, unknown> | null {
  if (expression.kind === 'literal') return { expr: expression.text };
  if (expression.kind === 'decisionTable') {
    const d = expression.def;
    return {
      table: {
        hit_policy: d.hitPolicy,
        ...(d.aggregation ? { aggregation: d.aggregation } : {}),
        inputs: d.inputs.map((i) => ({ expr: i.expression, ...(i.label ? { label: i.label } : {}), ...(i.inputValues ? { values: i.inputValues } : {}) })),
        outputs: d.outputs.map((o, k) => ({ name: o.name ?? `ausgabe_${k + 1}`, ...(o.label ? { label: o.label } : {}), ...(o.outputValues ? { values: o.outputValues } : {}), ...(o.defaultOutputEntry ? { default: o.defaultOutputEntry } : {}) })),
        rules: d.rules.map((r) => ({ when: r.inputEntries, then: r.outputEntries, ...(r.annotation ? { note: r.annotation } : {}) })),
      },
    };
  }
  return null;
}

export function dmnToPackFiles(model: DmnModel, options: DmnToPackOptions): Map<string, string> {
  const norm = options.norm ?? TODO_NORM;
  const unsupported: string[] = [];
  for (const b of model.businessKnowledgeModels) unsupported.push(`Wissensmodell (BKM) „${b.name}“`);
  for (const s of model.decisionServices) unsupported.push(`Entscheidungsdienst „${s.name}“`);
  const rules: Record<string, unknown>[] = [];
  for (const d of model.decisions) {
    if (!d.expression) {
      unsupported.push(`Entscheidung „${d.name}“ ohne Entscheidungslogik`);
      continue;
    }
    const b = body(d.expression);
    if (!b) {
      unsupported.push(`Entscheidung „${d.name}“ (${d.expression.kind})`);
      continue;
    }
    const multi = d.expression.kind === 'decisionTable' && d.expression.def.outputs.length > 1;
    rules.push({ id: d.name, label: d.question ?? d.description ?? d.name, norm, type: ruleType(d.typeRef, multi), ...b });
  }
  if (unsupported.length > 0) {
    throw new AmtsklarError(
      'unsupported',
      `Das DMN-Modell ${model.fileName} enthält Teile, die ein Regelwerk (noch) nicht aufnehmen kann: ${unsupported.join('; ')}`,
      unsupported.map((u) => ({ path: model.fileName, message: u })),
    );
  }
  // Results nothing else requires are the model's answers.
  const required = new Set(model.decisions.flatMap((d) => d.requires.decisions));
  const tops = model.decisions.filter((d) => !required.has(d.id)).map((d) => d.name);
  const inputs: Record<string, InputYaml> = {};
  inputs.stichtag = { type: 'date', question: 'Zu welchem Stichtag wird entschieden?', norm };
  for (const i of model.inputData) inputs[i.name] = inputFor(model, i.name, i.typeRef, i.description ?? `Wert für „${i.name}“?`, norm);
  const pack = {
    id: options.id,
    release: '1.0',
    title: options.title ?? model.name,
    description: `Übernommen aus dem DMN-Modell ${model.fileName} (DMN ${model.version}).`,
    coverage: { valid_from: options.validFrom, valid_to: null },
    as_of_input: 'stichtag',
    main_output: tops[0] ?? model.decisions[0]?.name ?? '',
    decisive: tops,
    outputs: model.decisions.map((d) => d.name),
  };
  const header = `# Aus ${model.fileName} übernommen. Bitte Rechtsgrundlagen (norm) und Gültigkeit prüfen und ergänzen.\n`;
  return new Map([
    ['pack.yaml', header + stringify(pack, { lineWidth: 0 })],
    ['inputs.yaml', header + stringify(inputs, { lineWidth: 0 })],
    ['rules/entscheidungen.yaml', header + stringify(rules, { lineWidth: 0 })],
  ]);
}
