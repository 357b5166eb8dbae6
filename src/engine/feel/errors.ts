import { AmtsklarError } from '../../common/index.ts';

/** Where an expression sits in its source file, for error messages. */
export interface SourcePosition {
  source?: string;
  /** 1-based line of the expression's first character in the source. */
  line?: number;
  /** 1-based column of the expression's first character in the source. */
  column?: number;
}

/**
 * A FEEL expression that cannot be compiled: a syntax error, an unknown function or a construct
 * outside the supported subset. Always carries the position in the source file, so the author of
 * a rule pack can find the spot: "Syntaxfehler in rules/miete.yaml Zeile 12, Spalte 7: …".
 */
export class FeelSyntaxError extends AmtsklarError {
  readonly line: number;
  readonly column: number;
  readonly source: string | undefined;
  /** The bare reason without the position prefix. */
  readonly reason: string;

  constructor(reason: string, line: number, column: number, source?: string) {
    const where = source ? `in ${source} ` : 'im FEEL-Ausdruck ';
    const message = `Syntaxfehler ${where}Zeile ${line}, Spalte ${column}: ${reason}`;
    super('invalid_pack', message, [{ path: `${source ?? 'FEEL'}:${line}:${column}`, message: reason }]);
    this.name = 'FeelSyntaxError';
    this.line = line;
    this.column = column;
    this.source = source;
    this.reason = reason;
  }
}

/** Turns an offset into the expression text into a file position. */
export function positionAt(text: string, offset: number, start: SourcePosition): { line: number; column: number } {
  const baseLine = start.line ?? 1;
  const baseColumn = start.column ?? 1;
  let line = 0;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return line === 0 ? { line: baseLine, column: baseColumn + end } : { line: baseLine + line, column: end - lineStart + 1 };
}

export function syntaxError(text: string, offset: number, reason: string, start: SourcePosition): FeelSyntaxError {
  const { line, column } = positionAt(text, offset, start);
  return new FeelSyntaxError(reason, line, column, start.source);
}
