/**
 * The auditor checks decisions, receipts and the ledger — without personal data (issue 4's role
 * model). A stored decision carries the application in its trace: the value of every input a step
 * read (a child's first name and birth date, incomes), whole contexts and lists of them, and the
 * written reasons of the people who decided. Those are left out here; the steps, the rules and
 * legal references, the computed values and the hashes stay, so the receipt can still be checked.
 */
export const REDACTED = '(Antragsangabe – für die Prüfung nicht sichtbar)';

/** Every property name in an application's JSON Schema, at any depth. */
export function applicationFieldNames(schema: unknown, out = new Set<string>()): Set<string> {
  if (schema === null || typeof schema !== 'object') return out;
  const s = schema as { properties?: Record<string, unknown>; items?: unknown; oneOf?: unknown[]; anyOf?: unknown[] };
  for (const [name, sub] of Object.entries(s.properties ?? {})) {
    out.add(name);
    applicationFieldNames(sub, out);
  }
  if (s.items) applicationFieldNames(s.items, out);
  for (const alt of [...(s.oneOf ?? []), ...(s.anyOf ?? [])]) applicationFieldNames(alt, out);
  return out;
}

type Json = Record<string, unknown>;

export function decisionForAuditor(decision: Json, fieldNames: ReadonlySet<string>): Json {
  const out: Json = { ...decision };
  delete out.aktenzeichen;
  delete out.request;
  if (Array.isArray(decision.trace)) {
    out.trace = (decision.trace as Json[]).map((step) => {
      const inputs = (step.inputs ?? {}) as Json;
      const shown: Json = {};
      const parameters = (step.parameters ?? {}) as Json;
      for (const [name, value] of Object.entries(inputs)) {
        // application fields, and structured values other than the law's own tables (contexts and
        // lists of the case hold application fields)
        const structured = value !== null && typeof value === 'object' && !('fehlt' in (value as object)) && !(name in parameters);
        shown[name] = fieldNames.has(name) || structured ? REDACTED : value;
      }
      const { override, discretion, ...rest } = step as Json & { override?: Json; discretion?: Json };
      return {
        ...rest,
        inputs: shown,
        ...(override ? { override: withoutReason(override) } : {}),
        ...(discretion ? { discretion: withoutReason(discretion) } : {}),
      };
    });
  }
  if (Array.isArray(decision.humanDecisions)) out.humanDecisions = (decision.humanDecisions as Json[]).map(withoutReason);
  if (Array.isArray(decision.overrides)) out.overrides = (decision.overrides as Json[]).map(withoutReason);
  return out;
}

/** Written reasons may name people and circumstances: the auditor sees that one exists. */
function withoutReason(x: Json): Json {
  const { reason, ...rest } = x;
  return { ...rest, hasReason: typeof reason === 'string' && reason.trim() !== '' };
}
