import type { FieldList } from './field-list.ts';

/**
 * CSV as the Eurocities template uses it: the first row holds the attribute names in the
 * order of the standard, separated by semicolons; every value is quoted, quotes doubled
 * (RFC 4180 quoting with `;` as separator), rows end with CRLF.
 */
const SEP = ';';

function quote(v: string): string {
  return `"${v.replace(/"/g, '""')}"`;
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(String).join(', ');
  return String(v);
}

export function toCsv(list: FieldList, records: readonly Record<string, unknown>[]): string {
  const names = list.fields.map((f) => f.name);
  const rows = [names.map(quote).join(SEP), ...records.map((r) => names.map((n) => quote(cell(r[n]))).join(SEP))];
  return `${rows.join('\r\n')}\r\n`;
}

/** Reads CSV written with `;` and RFC 4180 quoting (quoted fields may contain separators and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === SEP) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Turns CSV rows back into records (empty cells are absent fields), to validate an export as read by a consumer. */
export function csvToRecords(text: string): { header: string[]; records: Record<string, string>[] } {
  const [header = [], ...rows] = parseCsv(text);
  return {
    header,
    records: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']).filter(([, v]) => v !== ''))),
  };
}
