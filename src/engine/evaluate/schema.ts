/**
 * The JSON Schema (draft 2020-12) of a pack's application, generated from inputs.yaml.
 * Fields without a default are listed as `required`: they are needed for a complete
 * decision. A field with an `alternative` (Mietenstufe or Gemeindeschlüssel) is needed only
 * when the other one is absent: the schema says so with `anyOf`, as the contract's schema does. (The engine itself treats an absent required field as a missing input, not
 * as invalid, so partial applications can be checked and completed.)
 */
import type { InputDef, PackDef } from '../pack/model.ts';

type Schema = Record<string, unknown>;

export function inputJsonSchema(pack: PackDef): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${pack.id}-antrag.schema.json`,
    title: `${pack.title} – Antrag`,
    description: `Eingabe des Regelwerks „${pack.id}“ (Release ${pack.release}).`,
    ...objectSchema(pack.inputs),
  };
}

function objectSchema(fields: readonly InputDef[]): Schema {
  const properties: Record<string, Schema> = {};
  for (const f of fields) properties[f.name] = fieldSchema(f);
  const required = fields.filter((f) => !f.hasDefault && f.alternative === undefined).map((f) => f.name);
  const alternatives = fields.filter((f) => f.alternative !== undefined).map((f) => ({ anyOf: [{ required: [f.name] }, { required: [f.alternative] }] }));
  return {
    type: 'object',
    properties,
    ...(required.length ? { required } : {}),
    ...(alternatives.length === 1 ? alternatives[0] : alternatives.length > 1 ? { allOf: alternatives } : {}),
  };
}

function fieldSchema(f: InputDef): Schema {
  const meta: Schema = { description: f.question, 'x-norm': f.norm };
  if (f.description) meta['x-hinweis'] = f.description;
  if (f.sensitive) meta['x-sensibel'] = f.sensitive;
  if (f.hasDefault && f.default !== undefined) meta.default = f.default;
  const nullable = (s: Schema): Schema => (f.enum?.includes(null) ? { ...s, type: [s.type, 'null'] } : s);
  switch (f.type) {
    case 'string':
      return { ...meta, ...nullable({ type: 'string' }), ...(f.enum ? { enum: f.enum } : {}), ...(f.pattern ? { pattern: f.pattern } : {}) };
    case 'boolean':
      return { ...meta, type: 'boolean' };
    case 'date':
      return { ...meta, type: 'string', format: 'date' };
    case 'integer':
      return {
        ...meta,
        type: 'integer',
        ...(f.enum ? { enum: f.enum.map((e) => Number(e)) } : {}),
        ...(f.minimum ? { minimum: f.minimum.toNumber() } : {}),
        ...(f.maximum ? { maximum: f.maximum.toNumber() } : {}),
      };
    case 'number':
      return {
        ...meta,
        oneOf: [{ type: 'number' }, { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' }],
        ...(f.minimum ? { 'x-minimum': f.minimum.toString() } : {}),
        ...(f.maximum ? { 'x-maximum': f.maximum.toString() } : {}),
      };
    case 'money':
      return { ...meta, oneOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern: '^[0-9]+(\\.[0-9]{1,2})?$' }] };
    case 'list':
      return {
        ...meta,
        type: 'array',
        items: fieldSchema(f.items!),
        ...(f.minItems !== undefined ? { minItems: f.minItems } : {}),
        ...(f.maxItems !== undefined ? { maxItems: f.maxItems } : {}),
      };
    case 'context':
      return { ...meta, ...objectSchema(f.fields ?? []) };
  }
}
