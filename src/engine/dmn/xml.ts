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
    const { line, col, msg } = valid.err;
    throw new AmtsklarError('invalid_pack', `DMN-Datei ${fileName} ist kein gültiges XML (Zeile ${line}, Spalte ${col}): ${msg}`, [
      { path: `${fileName}:${line}:${col}`, message: msg },
    ]);
  }
  const raw = parser.parse(xml) as Raw[];
  for (const r of raw) {
    const n = convert(r);
    if (n) return n;
  }
  throw new AmtsklarError('invalid_pack', `DMN-Datei ${fileName} enthält kein Wurzelelement`, [{ path: `${fileName}:1:1`, message: 'kein Wurzelelement' }]);
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
