/**
 * YAML for rule packs, read into a small located tree: every node knows file, line and
 * column, so a malformed pack gets a German error that points at the spot. Numbers keep
 * their source text, so `0.0004797` becomes exactly that decimal, never a float.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { AmtsklarError, type Problem } from '../../common/index.ts';
import type { SourceRef } from './model.ts';

export type YNode = YMap | YSeq | YScalar;

export interface YMap {
  kind: 'map';
  entries: Map<string, YNode>;
  keyLocs: Map<string, SourceRef>;
  loc: SourceRef;
}
export interface YSeq {
  kind: 'seq';
  items: YNode[];
  loc: SourceRef;
}
export interface YScalar {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** Source text of the scalar (numbers: exactly as written). */
  raw: string;
  loc: SourceRef;
}

export function locString(loc: SourceRef): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

export function packError(loc: SourceRef, message: string): AmtsklarError {
  const path = locString(loc);
  return new AmtsklarError('invalid_pack', `Fehler im Regelwerk ${loc.file}, Zeile ${loc.line}, Spalte ${loc.column}: ${message}`, [
    { path, message },
  ]);
}

export function parseYaml(text: string, file: string): YNode {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { keepSourceTokens: true, lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourceRef => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    const problems: Problem[] = doc.errors.map((e) => {
      const loc = at(e.pos[0]);
      return { path: locString(loc), message: `YAML-Syntaxfehler: ${germanYamlMessage(e.code, e.message)}` };
    });
    const first = problems[0]!;
    throw new AmtsklarError('invalid_pack', `Fehler im Regelwerk ${first.path}: ${first.message}`, problems);
  }
  const convert = (node: YamlNode | null | undefined, fallback: number): YNode => {
    if (node == null) return { kind: 'scalar', value: null, raw: '', loc: at(fallback) };
    const start = node.range?.[0] ?? fallback;
    const loc = at(start);
    if (isMap(node)) {
      const entries = new Map<string, YNode>();
      const keyLocs = new Map<string, SourceRef>();
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        const keyLoc = at(keyNode?.range?.[0] ?? start);
        entries.set(key, convert(pair.value as YamlNode | null, keyNode?.range?.[1] ?? start));
        keyLocs.set(key, keyLoc);
      }
      return { kind: 'map', entries, keyLocs, loc };
    }
    if (isSeq(node)) {
      return { kind: 'seq', items: node.items.map((n) => convert(n as YamlNode, start)), loc };
    }
    if (isScalar(node)) {
      const v = node.value;
      const raw = (node.srcToken && 'source' in node.srcToken ? String(node.srcToken.source) : String(v)).trim();
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) {
        return { kind: 'scalar', value: v, raw, loc };
      }
      return { kind: 'scalar', value: String(v), raw, loc };
    }
    throw packError(loc, 'nicht unterstütztes YAML-Element (Alias oder Tag)');
  };
  return convert(doc.contents as YamlNode | null, 0);
}

function germanYamlMessage(code: string, fallback: string): string {
  const messages: Record<string, string> = {
    DUPLICATE_KEY: 'Schlüssel kommt doppelt vor',
    BAD_INDENT: 'falsche Einrückung',
    MISSING_CHAR: 'ein Zeichen fehlt (z. B. schließende Klammer oder Anführungszeichen)',
    UNEXPECTED_TOKEN: 'unerwartetes Zeichen',
    BLOCK_AS_IMPLICIT_KEY: 'mehrzeiliger Wert als Schlüssel',
    MULTILINE_IMPLICIT_KEY: 'Schlüssel über mehrere Zeilen',
    TAB_AS_INDENT: 'Tabulator als Einrückung',
    BAD_SCALAR_START: 'Wert beginnt mit einem unzulässigen Zeichen',
    MISSING_ANCHOR: 'Anker fehlt',
  };
  return messages[code] ?? `${code} (${fallback.split('\n')[0]})`;
}
