import type { FastifyError, FastifyInstance } from 'fastify';
import localize from 'ajv-i18n/localize/de/index.js';
import { isAmtsklarError, type ErrorCode, type Problem } from '../common/index.ts';
import { DecryptionError } from '../privacy/index.ts';

/**
 * Every error that leaves the server is German, names the field where there is one, and
 * has a 4xx status whenever the request was at fault. A 500 means a bug in the server.
 */
export interface ErrorBody {
  error: { code: string; message: string; problems: Problem[] };
}

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  invalid_pack: 400,
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  conflict: 409,
  gate_closed: 403,
  unsupported: 400,
};

export function body(code: string, message: string, problems: Problem[] = []): ErrorBody {
  return { error: { code, message, problems } };
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

const CONTEXT: Record<string, string> = { body: '$', querystring: 'Abfrageparameter', params: 'Pfadparameter', headers: 'Kopfzeile' };

/** ajv errors → German problems with JSON paths (`$.antrag.miete_monat`). */
export function validationProblems(errors: AjvError[], context: string): Problem[] {
  const copy = errors.map((e) => ({ ...e }));
  (localize as (e: AjvError[]) => void)(copy);
  const root = CONTEXT[context] ?? '$';
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const e of copy) {
    // oneOf/anyOf report each branch; the branch errors say more than the summary.
    if ((e.keyword === 'oneOf' || e.keyword === 'anyOf') && copy.length > 1) continue;
    let path = root + e.instancePath.split('/').filter(Boolean).map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('');
    let message = e.message ?? 'ungültiger Wert';
    if (e.keyword === 'required') {
      path += `.${String(e.params.missingProperty)}`;
      message = 'Pflichtfeld fehlt.';
    } else if (e.keyword === 'additionalProperties') {
      path += `.${String(e.params.additionalProperty)}`;
      message = 'Dieses Feld ist hier nicht erlaubt (unbekanntes Feld).';
    } else if (e.keyword === 'type') {
      message = `Falscher Typ: erwartet ${germanType(String(e.params.type))}.`;
    } else if (e.keyword === 'format' && e.params.format === 'date') {
      message = 'Kein gültiges Datum: erwartet JJJJ-MM-TT, ein Tag, den es gibt, in den Jahren 1900 bis 2199.';
    }
    const key = `${path}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

function germanType(t: string): string {
  return t
    .split(',')
    .map((x) => ({ string: 'Text', number: 'Zahl', integer: 'ganze Zahl', boolean: 'wahr/falsch', object: 'Objekt', array: 'Liste', null: 'leer' })[x] ?? x)
    .join(' oder ');
}

const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'Die Anfrage ist zu groß.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'Dieses Datenformat wird nicht unterstützt. Bitte JSON (application/json) senden.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'Der Inhalt der Anfrage fehlt (leeres JSON).'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'Die Längenangabe der Anfrage stimmt nicht.'],
  FST_ERR_CTP_EMPTY_TYPE: [400, 'Der Inhaltstyp (Content-Type) der Anfrage fehlt.'],
  FST_ERR_CTP_INVALID_TYPE: [400, 'Der Inhaltstyp (Content-Type) der Anfrage ist ungültig.'],
  FST_REQ_FILE_TOO_LARGE: [413, 'Die Datei ist zu groß.'],
  FST_PARTS_LIMIT: [413, 'Zu viele Teile in der Anfrage.'],
  FST_FILES_LIMIT: [413, 'Zu viele Dateien in einer Anfrage; bitte eine Datei je Anfrage.'],
  FST_FIELDS_LIMIT: [413, 'Zu viele Felder in der Anfrage.'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'Dateien bitte als multipart/form-data senden.'],
  FST_ERR_VALIDATION: [400, 'Die Anfrage ist ungültig.'],
};

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validation?: AjvError[]; validationContext?: string }, req, reply) => {
    if (isAmtsklarError(err)) {
      return reply.status(STATUS[err.code] ?? 400).send(body(err.code, err.message, [...err.problems]));
    }
    if (err.validation) {
      const problems = validationProblems(err.validation, err.validationContext ?? 'body');
      const first = problems[0];
      const msg = first ? `Ungültige Eingabe bei ${first.path}: ${first.message}` : 'Die Anfrage ist ungültig.';
      return reply.status(400).send(body('invalid_input', msg, problems));
    }
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      return reply.status(400).send(body('invalid_input', 'Der Inhalt ist kein gültiges JSON. Bitte Syntax prüfen (Anführungszeichen, Kommas, Klammern).', [{ path: '$', message: 'kein gültiges JSON' }]));
    }
    // busboy's errors for a cut-off or boundary-less multipart body carry no status code
    if (/^(Multipart: |Unexpected end of (form|multipart data)|Malformed part header|Part terminated early)/.test(err.message ?? '')) {
      return reply.status(400).send(body('invalid_input', 'Der Datei-Upload ist unvollständig oder fehlerhaft (multipart/form-data mit boundary erwartet).', [{ path: '$', message: 'fehlerhafter Upload' }]));
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (known) return reply.status(known[0]).send(body(known[0] === 413 ? 'too_large' : 'invalid_input', known[1]));
    if (err.statusCode === 429) return reply.status(429).send(body('rate_limited', 'Zu viele Anfragen. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.'));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send(body('invalid_request', 'Die Anfrage konnte nicht verarbeitet werden.'));
    }
    if (err instanceof DecryptionError) {
      // The start-up check vouches for the master keys: this is a changed or damaged row.
      req.log.error({ err: { message: err.message } }, 'decryption failed');
      return reply
        .status(500)
        .send(body('decryption_failed', 'Die verschlüsselten Daten dieses Falls lassen sich nicht entschlüsseln (Daten verändert oder beschädigt). Der Fehler wurde protokolliert.'));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('internal', 'Interner Fehler. Der Fehler wurde protokolliert; bitte versuchen Sie es später erneut.'));
  });
  app.setNotFoundHandler((req, reply) => {
    // A GET whose path parameter is too long for the router falls through to the web app's
    // catch-all and ends here: the same 414 as for every other method (frameworkErrors)
    if (req.url.split('?')[0]!.split('/').some((segment) => segment.length > 100)) {
      return reply.status(414).send(pathTooLong());
    }
    return reply.status(404).send(body('not_found', 'Diese Adresse gibt es nicht.'));
  });
}

/** A path parameter longer than the router takes (100 characters): 414 with the German body. */
export function pathTooLong() {
  return body('invalid_input', 'Ein Pfadparameter ist zu lang (höchstens 100 Zeichen).', [{ path: 'Pfadparameter', message: 'zu lang' }]);
}
