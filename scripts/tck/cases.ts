/**
 * Reads DMN TCK test files (namespace http://www.omg.org/spec/DMN/20160719/testcase): test cases
 * with input nodes and expected result nodes, values typed by xsi:type, lists and components.
 */
import { Decimal } from '../../src/engine/decimal.ts';
import { parseXml, type XNode as El } from '../../src/engine/dmn/xml.ts';
import { parseDate, parseDateTime, parseDuration, parseTime, type FeelValue } from '../../src/engine/feel/index.ts';

/** An expected value, keeping the XML schema type for the comparison. */
export type Expected =
  | { kind: 'value'; xsdType: string | null; text: string; value: FeelValue }
  | { kind: 'nil' }
  | { kind: 'list'; items: Expected[] }
  | { kind: 'context'; components: { name: string; value: Expected }[] };

export interface TckInput {
  name: string;
  namespace?: string;
  value: Expected;
}

export interface TckResultNode {
  name: string;
  type: string;
  errorResult: boolean;
  expected: Expected | null;
}

export interface TckCase {
  id: string;
  type: 'decision' | 'bkm' | 'decisionService';
  invocableName?: string;
  inputs: TckInput[];
  results: TckResultNode[];
}

export interface TckFile {
  modelName: string;
  cases: TckCase[];
}

function scalar(xsdType: string | null, text: string): FeelValue {
  switch (xsdType) {
    case 'decimal':
    case 'double':
    case 'integer':
    case 'int':
    case 'long':
    case 'float':
      return new Decimal(text.trim());
    case 'boolean':
      return text.trim() === 'true';
    case 'date':
      return parseDate(text.trim());
    case 'dateTime':
      return parseDateTime(text.trim());
    case 'time':
      return parseTime(text.trim());
    case 'duration':
      return parseDuration(text.trim());
    default:
      return text;
  }
}

/** The value held by an inputNode, expected, item or component element. */
function valueOf(holder: El): Expected {
  const v = holder.children.find((c) => c.name === 'value');
  if (v) {
    if (v.attrs.nil === 'true') return { kind: 'nil' };
    const xsdType = v.attrs.type ? v.attrs.type.replace(/^[a-z]+:/, '') : null;
    return { kind: 'value', xsdType, text: v.text, value: scalar(xsdType, v.text) };
  }
  const list = holder.children.find((c) => c.name === 'list');
  if (list) {
    if (list.attrs.nil === 'true') return { kind: 'nil' };
    return { kind: 'list', items: list.children.filter((c) => c.name === 'item').map(valueOf) };
  }
  const comps = holder.children.filter((c) => c.name === 'component');
  if (comps.length > 0) return { kind: 'context', components: comps.map((c) => ({ name: c.attrs.name ?? '', value: valueOf(c) })) };
  if (holder.attrs.nil === 'true') return { kind: 'nil' };
  return { kind: 'nil' };
}

export function parseTestFile(xml: string): TckFile {
  const root = parseXml(xml, 'TCK-Testdatei');
  const modelName = root.children.find((c) => c.name === 'modelName')?.text.trim() ?? '';
  const cases = root.children
    .filter((c) => c.name === 'testCase')
    .map(
      (tc): TckCase => ({
        id: tc.attrs.id ?? '?',
        type: (tc.attrs.type as TckCase['type']) ?? 'decision',
        ...(tc.attrs.invocableName ? { invocableName: tc.attrs.invocableName } : {}),
        inputs: tc.children
          .filter((c) => c.name === 'inputNode')
          .map((n) => ({ name: n.attrs.name ?? '', ...(n.attrs.namespace ? { namespace: n.attrs.namespace } : {}), value: valueOf(n) })),
        results: tc.children
          .filter((c) => c.name === 'resultNode')
          .map((n) => {
            const exp = n.children.find((c) => c.name === 'expected');
            return { name: n.attrs.name ?? '', type: n.attrs.type ?? 'decision', errorResult: n.attrs.errorResult === 'true', expected: exp ? valueOf(exp) : null };
          }),
      }),
    );
  return { modelName, cases };
}

/** An expected/input value as a FEEL value (for input nodes). */
export function toFeel(e: Expected): FeelValue {
  switch (e.kind) {
    case 'nil':
      return null;
    case 'value':
      return e.value;
    case 'list':
      return e.items.map(toFeel);
    default:
      return new Map(e.components.map((c) => [c.name, toFeel(c.value)]));
  }
}
