import type { FastifyInstance } from 'fastify';
import { AmtsklarError, isAmtsklarError } from '../../common/index.ts';
import type { ServerContext } from '../context.ts';

const APPLICANT = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    anschrift: { type: 'string', maxLength: 500 },
    email: { type: 'string', format: 'email', maxLength: 200 },
    telefon: { type: 'string', maxLength: 50 },
  },
} as const;

/** The installed rule packs, as the OpenAPI document states them. */
const PACK_LIST = {
  type: 'object',
  required: ['items'],
  additionalProperties: false,
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'title', 'release', 'releases', 'hasDiscretionPoints', 'inputSchema'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', description: 'z. B. wohngeld' },
          title: { type: 'string' },
          release: { type: 'string', description: 'Der neueste installierte Rechtsstand' },
          releases: { type: 'array', items: { type: 'string' }, description: 'Alle installierten Rechtsstände, der älteste zuerst' },
          hasDiscretionPoints: { type: 'boolean', description: 'Ob das Regelwerk Ermessenspunkte hat (dann entscheidet dort eine Person)' },
          inputSchema: { type: 'object', description: 'JSON Schema des Antrags (Feld „antrag“ von POST /api/applications)' },
        },
      },
    },
  },
} as const;

/** The answer to a submission (a replay under the same Idempotency-Key gives the same), as the OpenAPI document states it. */
const SUBMISSION_RECEIPT = {
  type: 'object',
  required: ['caseId', 'aktenzeichen', 'state', 'accessCode', 'loginToken', 'loginLink'],
  additionalProperties: false,
  properties: {
    caseId: { type: 'string', format: 'uuid' },
    aktenzeichen: { type: 'string', description: 'z. B. WG-2026-000123' },
    state: { type: 'string', description: 'Stand des Falls nach der Prüfung, z. B. checked oder documents_requested' },
    accessCode: { type: 'string', description: 'Zugangscode für das Bürgerportal, nur in dieser Antwort' },
    loginToken: { type: 'string', description: 'Einmal verwendbarer Anmeldeschlüssel' },
    loginLink: { type: 'string', format: 'uri', description: 'Anmeldelink mit diesem Schlüssel' },
  },
} as const;

export const APPLICATION_BODY = {
  type: 'object',
  required: ['packId', 'applicant', 'antrag'],
  additionalProperties: false,
  properties: {
    packId: { type: 'string', minLength: 1, maxLength: 100, description: 'Regelwerk, z. B. „wohngeld“ oder „kita-beitrag“' },
    applicant: APPLICANT,
    antrag: { type: 'object', description: 'Der Antrag im Eingabeformat des Regelwerks (siehe GET /api/packs); das Regelwerk prüft ihn. Felder, die das Regelwerk nicht vorsieht, werden mit 400 abgelehnt („unbekanntes Feld“).' },
  },
} as const;

/** The citizen portal's public part: the packs and submitting an application. */
export async function applicationsPlugin(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const { ctx } = opts;

  app.get('/api/packs', { config: { access: 'public', documentedResponses: { 200: PACK_LIST } }, schema: { tags: ['Antrag'], summary: 'Regelwerke, ihre Rechtsstände und Eingabeformate' } }, async () => ({
    items: ctx.cases.engine.packs().map((p) => ({ id: p.id, title: p.title, release: p.release, releases: p.releases, hasDiscretionPoints: p.hasDiscretionPoints, inputSchema: p.inputSchema })),
  }));

  app.post(
    '/api/applications',
    {
      config: { answers: [201], access: 'public', documentedResponses: { 201: SUBMISSION_RECEIPT } },
      schema: {
        tags: ['Antrag'],
        summary: 'Antrag stellen',
        description:
          'Legt einen Fall an, prüft ihn mit dem Regelwerk und antwortet mit Aktenzeichen, Zugangscode und Anmeldelink. Mit dem Kopf „Idempotency-Key“ wird ein wiederholter Versand desselben Antrags genau einmal gespeichert.',
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,100}$' }, 'x-gemeinde': { type: 'string', maxLength: 100 } } },
        body: APPLICATION_BODY,
      },
    },
    async (req, reply) => {
      const b = req.body as { packId: string; applicant: { name: string }; antrag: Record<string, unknown> };
      const municipalityId = (req.headers['x-gemeinde'] as string | undefined) ?? ctx.config.defaultMunicipality;
      const key = req.headers['idempotency-key'] as string | undefined;
      const r = await underAntrag(() => ctx.cases.submit({ municipalityId, packId: b.packId, applicant: b.applicant, application: b.antrag, ...(key ? { idempotencyKey: key } : {}) }));
      if (!r.replayed) app.submissions.inc({ pack: b.packId });
      if (r.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(r.status).send({ ...r.body, loginLink: `${ctx.config.publicUrl}/api/auth/link/${r.body.loginToken}` });
    },
  );
}

/** The engine names fields relative to the application; in the API the application sits under `antrag`. */
export async function underAntrag<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isAmtsklarError(e) && e.code === 'invalid_input' && e.problems.some((p) => p.path.startsWith('$') && !p.path.startsWith('$.packId') && !p.path.startsWith('$.reason') && !p.path.startsWith('$.state'))) {
      const problems = e.problems.map((p) => ({ ...p, path: p.path.startsWith('$') ? `$.antrag${p.path.slice(1)}` : p.path }));
      const first = problems[0]!;
      throw new AmtsklarError('invalid_input', `Ungültige Eingabe bei ${first.path}: ${first.message}`, problems);
    }
    throw e;
  }
}
