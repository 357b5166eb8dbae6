import { LineCounter, isMap, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { Problem } from '../common/index.ts';

/**
 * A YAML document that remembers where each value stands, so every content error an
 * editor sees names `file:line:column`. Reads only; the caller collects problems.
 */
export class YamlSource {
  readonly doc: Document;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    text: string,
    /** Line of the file where the YAML text starts (front matter starts on line 2). */
    private readonly firstLine = 1,
    readonly problems: Problem[] = [],
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true });
    for (const e of this.doc.errors) {
      this.problems.push({ path: this.at(e.pos[0]), message: `YAML-Fehler: ${e.message.split('\n')[0]}` });
    }
  }

  /** `file:line:column` of a character offset in the YAML text. */
  at(offset: number): string {
    const p = this.lines.linePos(offset);
    return `${this.file}:${p.line + this.firstLine - 1}:${p.col}`;
  }

  where(node: unknown): string {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return this.at(range ? range[0] : 0);
  }

  node(path: readonly (string | number)[]): Node | undefined {
    return this.doc.getIn(path, true) as Node | undefined;
  }

  fail(path: readonly (string | number)[], message: string): undefined {
    let node = this.node(path);
    for (let i = path.length - 1; node === undefined && i >= 0; i--) node = this.node(path.slice(0, i));
    this.problems.push({ path: this.where(node ?? this.doc.contents), message });
    return undefined;
  }

  /** A non-empty string (numbers and dates written unquoted are accepted as their text). */
  string(path: readonly (string | number)[], field: string, optional = false): string | undefined {
    const v = this.doc.getIn(path) as unknown;
    if (v === undefined || v === null) return optional ? undefined : this.fail(path, `Pflichtfeld „${field}“ fehlt`);
    if (typeof v !== 'string' && typeof v !== 'number') return this.fail(path, `„${field}“ muss ein Text sein`);
    const s = String(v).trim();
    if (s === '') return optional ? undefined : this.fail(path, `„${field}“ darf nicht leer sein`);
    return s;
  }

  strings(path: readonly (string | number)[], field: string): string[] {
    const n = this.node(path);
    if (n === undefined || n === null) return [];
    if (!isSeq(n)) {
      this.fail(path, `„${field}“ muss eine Liste sein`);
      return [];
    }
    const out: string[] = [];
    n.items.forEach((_, i) => {
      const s = this.string([...path, i], `${field}[${i}]`);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  /** Number of items of a list (0 when missing); reports a non-list. */
  length(path: readonly (string | number)[], field: string, required = false): number {
    const n = this.node(path);
    if (n === undefined || n === null) {
      if (required) this.fail(path, `Pflichtfeld „${field}“ fehlt`);
      return 0;
    }
    if (!isSeq(n)) {
      this.fail(path, `„${field}“ muss eine Liste sein`);
      return 0;
    }
    return n.items.length;
  }

  keys(path: readonly (string | number)[], field: string): string[] {
    const n = path.length === 0 ? this.doc.contents : this.node(path);
    if (!isMap(n)) {
      this.fail(path, `„${field}“ muss eine Zuordnung (Schlüssel: Wert) sein`);
      return [];
    }
    return n.items.map((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key));
  }

  boolean(path: readonly (string | number)[], field: string, fallback: boolean): boolean {
    const v = this.doc.getIn(path) as unknown;
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') {
      this.fail(path, `„${field}“ muss true oder false sein`);
      return fallback;
    }
    return v;
  }

  /** Reports keys that the schema does not know (typos would otherwise be silently ignored). */
  onlyKeys(path: readonly (string | number)[], allowed: readonly string[], field: string): void {
    const n = path.length === 0 ? this.doc.contents : this.node(path);
    if (!isMap(n)) return;
    for (const p of n.items) {
      const k = String((p.key as { value?: unknown } | null)?.value ?? p.key);
      if (!allowed.includes(k)) {
        this.problems.push({ path: this.where(p.key), message: `Unbekanntes Feld „${k}“ in ${field} (erlaubt: ${allowed.join(', ')})` });
      }
    }
  }
}
