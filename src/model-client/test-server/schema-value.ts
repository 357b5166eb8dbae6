/**
 * A value that satisfies a JSON Schema (the subset structured output uses: object,
 * array, string, number, integer, boolean, null, enum, const, required, min/max items and
 * lengths, anyOf/oneOf). The test server answers structured requests with it when a test
 * scripts no answer, as a constrained decoder would produce *some* valid value.
 */
type Schema = Record<string, unknown>;

export function valueForSchema(schema: Schema, fill: (path: string) => string = (p) => `Beispieltext für ${p}`, path = '$'): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0) return valueForSchema(alternatives[0]!, fill, path);
  const type = Array.isArray(schema.type) ? (schema.type[0] as string) : (schema.type as string | undefined);
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      const out: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(props)) out[k] = valueForSchema(s, fill, `${path}.${k}`);
      return out;
    }
    case 'array': {
      const n = Math.max(Number(schema.minItems ?? 1), 1);
      const items = (schema.items ?? {}) as Schema;
      return Array.from({ length: Math.min(n, Number(schema.maxItems ?? n)) }, (_, i) => valueForSchema(items, fill, `${path}[${i}]`));
    }
    case 'integer':
      return Number(schema.minimum ?? 0);
    case 'number':
      return Number(schema.minimum ?? 0);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default: {
      const s = fill(path);
      const min = Number(schema.minLength ?? 0);
      const max = Number(schema.maxLength ?? Infinity);
      return s.padEnd(min, '.').slice(0, max);
    }
  }
}
