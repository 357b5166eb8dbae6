import { readFileSync } from 'node:fs';
import { AmtsklarError, invalidInput } from '../common/index.ts';

/** Reads FILE (or standard input for `-`) as text. */
export function readText(file: string): string {
  try {
    const text = readFileSync(file === '-' ? 0 : file, 'utf8');
    // Windows editors write a byte order mark; it is not part of the JSON
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'Datei nicht gefunden' : code === 'EISDIR' ? 'ist ein Verzeichnis' : code === 'EACCES' ? 'keine Leseberechtigung' : String(code ?? e);
    throw new AmtsklarError('invalid_input', `Eingabedatei ${file}: ${why}`, [{ path: file, message: why }]);
  }
}

/**
 * Where JSON.parse found the syntax broken, in German: V8 names a position for some errors
 * ("… at position 17") and only the offending character for others (Node 20: "Unexpected token 'k'").
 */
export function jsonSyntaxWhere(e: unknown, text: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  const pos = /position (\d+)/.exec(msg);
  if (pos) {
    const offset = Number(pos[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return ` (Zeile ${line}, Spalte ${column})`;
  }
  if (text.trim() === '') return ' (leer)';
  const token = /Unexpected token '(.+?)'/.exec(msg);
  if (token) return ` (unerwartetes Zeichen „${token[1]}“)`;
  if (/Unexpected end/.test(msg)) return ' (bricht vorzeitig ab)';
  return '';
}

/** JSON.parse with a German message that says where the syntax breaks. */
export function parseJson(text: string, what = 'Die Eingabe'): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const where = jsonSyntaxWhere(e, text);
    throw new AmtsklarError('invalid_input', `${what} ist kein gültiges JSON${where}`, [{ path: '$', message: `kein gültiges JSON${where}` }]);
  }
}

export function readJson(file: string): unknown {
  return parseJson(readText(file), file === '-' ? 'Die Standardeingabe' : `Die Datei ${file}`);
}

/** A TCP port from a command-line option (0 = any free port). */
export function parsePort(text: string, option = '--port'): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw invalidInput(option, `„${text}“ ist kein Port; erlaubt ist eine ganze Zahl von 0 bis 65535.`);
  return port;
}
