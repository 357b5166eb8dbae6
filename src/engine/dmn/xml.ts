/**
 * A minimal element tree over fast-xml-parser's ordered output: DMN needs document order of
 * mixed children (the items of a boxed list, the cells of a relation row). Namespace prefixes
 * are dropped; the DMN version is read from the default namespace of `definitions`.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AmtsklarError } from '../../common/index.ts';

export interface XNode {
  name: string;
  attrs: Readonly<Record<string, string>>;
  children: XNode[];
  /** Concatenated text of the direct text children. */
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type Raw = Record<string, unknown>;

function convert(raw: Raw): XNode | null {
  const attrs = (raw[':@'] as Record<string, string> | undefined) ?? {};
  const name = Object.keys(raw).find((k) => k !== ':@');
  if (name === undefined || name === '#text' || name === '#comment') return null;
  const body = (raw[name] as Raw[] | undefined) ?? [];
  const children: XNode[] = [];
  let text = '';
  for (const c of body) {
    if ('#text' in c) text += String(c['#text']);
    else {
      const n = convert(c);
      if (n) children.push(n);
    }
  }
  return { name, attrs, children, text };
}

/** Parses XML into an element tree; malformed XML is an `invalid_pack` error with file and line. */
export function parseXml(xml: string, fileName: string): XNode {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { line, col, code, msg } = valid.err as { line: number; col?: number; code: string; msg: string };
    const message = xmlProblem(code, msg);
    const where = col === undefined ? `Zeile ${line}` : `Zeile ${line}, Spalte ${col}`;
    throw new AmtsklarError('invalid_pack', `DMN-Datei ${fileName} ist kein gültiges XML (${where}): ${message}`, [
      { path: `${fileName}:${line}:${col ?? 1}`, message },
    ]);
  }
  let raw: Raw[];
  try {
    raw = parser.parse(xml) as Raw[];
  } catch {
    // the validator passes a few things the parser then refuses (a broken <?xml …?> declaration)
    throw new AmtsklarError('invalid_pack', `DMN-Datei ${fileName} ist kein gültiges XML: ${XML_PROBLEMS.InvalidXml}`, [{ path: `${fileName}:1:1`, message: XML_PROBLEMS.InvalidXml! }]);
  }
  for (const r of raw) {
    const n = convert(r);
    if (n) return n;
  }
  throw new AmtsklarError('invalid_pack', `DMN-Datei ${fileName} enthält kein Wurzelelement`, [{ path: `${fileName}:1:1`, message: 'kein Wurzelelement' }]);
}

const XML_PROBLEMS: Record<string, string> = {
  InvalidXml: 'fehlerhafter Aufbau (fehlendes Wurzelelement, Text außerhalb eines Elements oder abgeschnittene Datei)',
  InvalidTag: 'fehlerhaftes oder nicht geschlossenes Element',
  InvalidAttr: 'fehlerhaftes Attribut',
  InvalidChar: 'unerlaubtes Zeichen',
};

/** The validator's finding in German; the element and attribute names it quotes are kept. */
function xmlProblem(code: string, msg: string): string {
  const names = [...msg.matchAll(/'([^']{1,60})'/g)].map((m) => `„${m[1]}“`);
  return `${XML_PROBLEMS[code] ?? 'fehlerhaftes XML'}${names.length ? ` (${[...new Set(names)].join(', ')})` : ''}`;
}

export function child(n: XNode, name: string): XNode | undefined {
  return n.children.find((c) => c.name === name);
}

export function childrenNamed(n: XNode, name: string): XNode[] {
  return n.children.filter((c) => c.name === name);
}

/** Text of a `<text>` child (DMN literal expressions and cells), or of the element itself. */
export function textOf(n: XNode | undefined): string | undefined {
  if (!n) return undefined;
  const t = child(n, 'text');
  return t ? t.text : n.text;
}
