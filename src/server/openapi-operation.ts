/**
 * What the OpenAPI document says of each operation beyond its request schemas: who may call it
 * (from the same `config.access` the server enforces) and which answers it gives — its own
 * (`config.answers`: 200 unless a route says otherwise) and the error answers every operation
 * shares, all with the one error body of `errors.ts`. Only the document changes: the
 * routes' own schemas, and so what the server validates and sends, stay as they are.
 */
import { ROLE_LABELS } from '../cases/index.ts';
import type {} from 'fastify';
import type { Access } from './access.ts';

/** An answer of a route's own (success; a login's 401; /ready's 503), declared in `config.answers`; 200 if none is. */
export type OwnAnswer = 200 | 201 | 202 | 204 | 302 | 401 | 503;

/** What a route says about itself for the document only; the server does not read it. */
interface DocumentedConfig {
  /** The route's own answers when they are not just 200. */
  answers?: readonly OwnAnswer[];
  /** A request body the route reads itself (an upload). */
  documentedBody?: object;
  /** Schemas of answers the route sends without a response schema (API tests check bodies against them). */
  documentedResponses?: Partial<Record<OwnAnswer, object>>;
}

declare module 'fastify' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the documentation fields into Fastify's route config
  interface FastifyContextConfig extends DocumentedConfig {}
}

const OWN: Record<OwnAnswer, string> = {
  200: 'Erfolg',
  201: 'Angelegt',
  202: 'Angenommen; die Arbeit läuft im Hintergrund weiter',
  204: 'Erledigt, ohne Inhalt',
  302: 'Weiterleitung (Kopf „Location“)',
  401: 'Anmeldung fehlgeschlagen: Angaben falsch, Link ungültig, abgelaufen oder schon verwendet',
  503: 'Nicht bereit (Datenbank oder Warteschlange nicht erreichbar)',
};

/**
 * One route's entry: its access rule (`x-amtsklar-access`, a line „Zugriff: …“ in the
 * description, `security: []` when public — the document's default asks for a token) and its
 * own answers when they are not just 200. Routes without an access rule (the web app's pages)
 * stay as they are (undefined).
 */
export function documentedOperation<S extends object>(
  schema: S | undefined,
  config: ({ access?: Access } & DocumentedConfig) | undefined,
): (S & Record<string, unknown>) | undefined {
  const access = config?.access;
  if (access === undefined) return undefined;
  const base = (schema ?? {}) as S & { description?: string; response?: Record<string, unknown>; body?: unknown };
  const who = access === 'public' ? 'ohne Anmeldung' : access === 'authenticated' ? 'jede angemeldete Person' : access.map((r) => ROLE_LABELS[r]).join(', ');
  const line = `Zugriff: ${who}.`;
  // A status the route declares a schema for keeps it; the others get their description.
  const described = config?.documentedResponses ?? {};
  const own = Object.fromEntries(
    [...new Set([...(config?.answers ?? []), ...(Object.keys(described).map(Number) as OwnAnswer[])])]
      .filter((code) => !base.response?.[code])
      .map((code) => [code, code === 204 || code === 302 ? { description: OWN[code], type: 'null' } : { description: OWN[code], ...described[code] }]),
  );
  return {
    ...base,
    description: base.description ? `${base.description}\n\n${line}` : line,
    'x-amtsklar-access': access === 'public' || access === 'authenticated' ? access : [...access],
    ...(access === 'public' ? { security: [] } : {}),
    ...(Object.keys(own).length > 0 ? { response: { ...base.response, ...own } } : {}),
    ...(config?.documentedBody && !base.body ? { body: config.documentedBody } : {}),
  };
}

const ERROR_BODY = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'problems'],
      properties: {
        code: { type: 'string', description: 'Art des Fehlers, z. B. invalid_input, not_found, forbidden, conflict, rate_limited, too_large' },
        message: { type: 'string', description: 'Meldung auf Deutsch; nennt bei 400 das erste betroffene Feld' },
        problems: {
          type: 'array',
          description: 'Jedes betroffene Feld (bei 400 mindestens eines)',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: { path: { type: 'string', description: 'JSON-Pfad, z. B. $.antrag.miete_monat' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

/** Every error answer's body: the one error body (a new object each time: the YAML form would turn shared objects into aliases). */
const errorContent = () => ({ 'application/json': { schema: { $ref: '#/components/schemas/Fehler' } } });

/** The error answers, by status: name in `components.responses` and German description. */
const ERRORS: Record<string, [string, string]> = {
  '400': ['Ungueltig', 'Ungültige Anfrage: ein Feld, ein Parameter oder der Inhalt passt nicht; `problems` nennt jedes Feld mit JSON-Pfad'],
  '401': ['NichtAngemeldet', 'Nicht angemeldet (Token oder Sitzung fehlt oder ist abgelaufen)'],
  '403': ['NichtErlaubt', 'Nicht erlaubt: die Rolle hat keinen Zugriff, der Fall gehört nicht zum eigenen Bereich, die Funktion ist nicht freigegeben oder das CSRF-Token fehlt'],
  '404': ['NichtGefunden', 'Nicht gefunden (oder nicht sichtbar für die anfragende Person)'],
  '409': ['Konflikt', 'Konflikt: der Fall ist in einem anderen Zustand oder wurde inzwischen geändert (Version), oder die Anfrage widerspricht gespeicherten Daten'],
  '413': ['ZuGross', 'Der Inhalt ist zu groß (JSON über 1 MiB, Dokument über der eingestellten Grenze)'],
  '414': ['PfadZuLang', 'Ein Pfadparameter ist länger als 100 Zeichen'],
  '415': ['FalschesFormat', 'Dieses Datenformat wird nicht angenommen (JSON oder multipart/form-data erwartet)'],
  '429': ['ZuVieleAnfragen', 'Zu viele Anfragen in kurzer Zeit; später erneut versuchen'],
  '500': ['Serverfehler', 'Fehler im Server oder in gespeicherten Daten, nie wegen der Anfrage (z. B. `decryption_failed`: verschlüsselte Daten eines Falls wurden verändert); wird protokolliert'],
};

interface Operation {
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string }>;
  'x-amtsklar-access'?: unknown;
}

/** The error answers an operation of the document can give. */
export function errorStatuses(method: string, op: Operation): string[] {
  if (op['x-amtsklar-access'] === undefined) return [];
  const out = ['400'];
  if (op['x-amtsklar-access'] !== 'public') out.push('401');
  out.push('403', '404', '409');
  // any request with a body — JSON or an upload (multipart, not described by a schema) — can be too large or of the wrong type
  if (op.requestBody || method === 'post' || method === 'put' || method === 'patch') out.push('413', '415');
  if (op.parameters?.some((p) => p.in === 'path')) out.push('414');
  out.push('429', '500');
  return out;
}

/**
 * The whole document, once generated: the error body and answers as shared components, and on
 * every operation with an access rule the error answers it can give; fastify-swagger's placeholder
 * for an undeclared success („Default Response“) in German.
 */
export function documentedAnswers<D extends { components?: Record<string, unknown>; paths?: Record<string, Record<string, Operation>> }>(doc: D): D {
  const components = (doc.components ??= {}) as { schemas?: Record<string, unknown>; responses?: Record<string, unknown> };
  components.schemas = { ...components.schemas, Fehler: ERROR_BODY };
  components.responses = {
    ...components.responses,
    ...Object.fromEntries(Object.values(ERRORS).map(([name, description]) => [name, { description, content: errorContent() }])),
  };
  for (const ops of Object.values(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      const responses = (op.responses ??= {});
      for (const [status, r] of Object.entries(responses) as [string, { description?: string; content?: unknown; $ref?: string }][]) {
        if (r.$ref) continue;
        if (r.description === 'Default Response') r.description = OWN[200];
        // a route's own error answer (a login's 401) has the one error body, too
        if (status.startsWith('4')) r.content = errorContent();
      }
      for (const status of errorStatuses(method, op)) responses[status] ??= { $ref: `#/components/responses/${ERRORS[status]![0]}` } as never;
    }
  }
  return doc;
}
