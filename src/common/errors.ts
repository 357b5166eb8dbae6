/**
 * Errors that reach a person. Every message is German and names the field it is about,
 * as a JSON path (`$.haushaltsmitglieder[0].einkuenfte[1].art`) or as file:line:column
 * for rule-pack sources. Adapters map the code to an HTTP status or a CLI exit status;
 * the core never decides how an error is shown.
 */
export type ErrorCode =
  | 'invalid_input' // data from a person or a system does not fit: HTTP 400/422, CLI exit 2
  | 'invalid_pack' // a rule pack's sources are malformed or fail a check: CLI exit 2
  | 'not_found' // HTTP 404
  | 'forbidden' // HTTP 403
  | 'unauthenticated' // HTTP 401
  | 'conflict' // optimistic locking, wrong workflow state: HTTP 409
  | 'gate_closed' // a governance gate refuses a feature: HTTP 403
  | 'unsupported'; // a feature not (yet) supported, e.g. a FEEL construct: CLI exit 2

export interface Problem {
  /** JSON path of the field (`$.miete_monat`) or a source location (`rules/miete.yaml:12:5`). */
  path: string;
  /** German, for the person who must fix it. */
  message: string;
}

export class AmtsklarError extends Error {
  readonly code: ErrorCode;
  readonly problems: readonly Problem[];

  constructor(code: ErrorCode, message: string, problems: readonly Problem[] = []) {
    super(message);
    this.name = 'AmtsklarError';
    this.code = code;
    this.problems = problems;
  }

  /** One line per problem, `path: message`, as shown on a terminal or in a log. */
  describe(): string {
    if (this.problems.length === 0) return this.message;
    return [this.message, ...this.problems.map((p) => `  ${p.path}: ${p.message}`)].join('\n');
  }
}

export function invalidInput(path: string, message: string): AmtsklarError {
  return new AmtsklarError('invalid_input', `Ungültige Eingabe bei ${path}: ${message}`, [{ path, message }]);
}

export function isAmtsklarError(e: unknown): e is AmtsklarError {
  return e instanceof AmtsklarError;
}
