import type { FastifyInstance } from 'fastify';
import { PACKAGE_ITEMS } from '../../participation/index.ts';
import type { ServerContext } from '../context.ts';
import { STAFF } from './governance-context.ts';
import { DAY, UUID_PARAM, VERSION, participationActor, participationServices } from './participation-context.ts';

const tags = ['Personalvertretung'];
const PROCEDURE = UUID_PARAM('procedureId', 'Kennung des Verfahrens');
const ENTRY_ID = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}$', description: 'Registereintrag' } as const;

/**
 * The staff council's procedure per register entry (Unterrichtung → Erörterung → Beschluss
 * → Dienstvereinbarung; Einigungsstelle after a refusal). The administration records the
 * council's steps; every step that changes the council's position is written to the
 * governance record the activation gate reads. All staff may read the procedures.
 */
export async function participationStaffCouncilRoutes(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const { participation } = participationServices(opts.ctx);

  app.get(
    '/api/participation/staff-council',
    { config: { access: [...STAFF] }, schema: { tags, summary: 'Verfahren mit der Personalvertretung (je Registereintrag, neuestes zuerst)', querystring: { type: 'object', additionalProperties: false, properties: { entryId: ENTRY_ID } } } },
    async (req) => ({ items: await participation.procedures(participationActor(req), (req.query as { entryId?: string }).entryId) }),
  );

  app.post(
    '/api/participation/staff-council',
    {
      config: { answers: [201], access: ['admin'] },
      schema: {
        tags,
        summary: 'Personalvertretung unterrichten: Datum und vollständiges Informationspaket',
        body: {
          type: 'object',
          required: ['entryId', 'informedOn', 'package'],
          additionalProperties: false,
          properties: {
            entryId: ENTRY_ID,
            informedOn: DAY,
            package: {
              type: 'array',
              maxItems: PACKAGE_ITEMS.length,
              items: { type: 'object', required: ['item'], additionalProperties: false, properties: { item: { type: 'string', enum: [...PACKAGE_ITEMS] }, ref: { type: 'string', maxLength: 500 }, notApplicable: { type: 'string', maxLength: 2000 } } },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const b = req.body as { entryId: string; informedOn: string; package: unknown };
      return reply.status(201).send(await participation.informStaffCouncil(participationActor(req), b.entryId, b));
    },
  );

  app.post(
    '/api/participation/staff-council/:procedureId/deliberations',
    {
      config: { access: ['admin'] },
      schema: { tags, summary: 'Erörterung festhalten (Datum, Ergebnis)', params: PROCEDURE, body: { type: 'object', required: ['version', 'on', 'note'], additionalProperties: false, properties: { version: VERSION, on: DAY, note: { type: 'string', maxLength: 5000 } } } },
    },
    async (req) => {
      const b = req.body as { version: number; on: string; note: string };
      return participation.deliberate(participationActor(req), (req.params as { procedureId: string }).procedureId, b.version, b);
    },
  );

  app.post(
    '/api/participation/staff-council/:procedureId/vote',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Beschluss der Personalvertretung: Zustimmung (mit Dienstvereinbarung), Zustimmung unter Bedingungen oder Ablehnung',
        params: PROCEDURE,
        body: {
          type: 'object',
          required: ['version', 'result', 'on'],
          additionalProperties: false,
          properties: {
            version: VERSION,
            result: { type: 'string', enum: ['approved', 'approved-with-conditions', 'rejected'] },
            on: DAY,
            conditions: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 2000 } },
            resolutionRef: { type: 'string', maxLength: 200 },
            serviceAgreement: {
              type: 'object',
              required: ['ref', 'concludedOn'],
              additionalProperties: false,
              properties: { ref: { type: 'string', maxLength: 300 }, concludedOn: DAY, basedOnTemplate: { type: 'string', maxLength: 100 } },
            },
          },
        },
      },
    },
    async (req) => {
      const { version, ...b } = req.body as { version: number } & Record<string, unknown>;
      return participation.vote(participationActor(req), (req.params as { procedureId: string }).procedureId, version, b as never);
    },
  );

  app.post(
    '/api/participation/staff-council/:procedureId/conciliation',
    {
      config: { access: ['admin'] },
      schema: { tags, summary: 'Einigungsstelle anrufen (nach einer Ablehnung); ihr Ergebnis ist ein neuer Beschluss', params: PROCEDURE, body: { type: 'object', required: ['version', 'calledOn', 'note'], additionalProperties: false, properties: { version: VERSION, calledOn: DAY, note: { type: 'string', maxLength: 5000 } } } },
    },
    async (req) => {
      const b = req.body as { version: number; calledOn: string; note: string };
      return participation.conciliation(participationActor(req), (req.params as { procedureId: string }).procedureId, b.version, b);
    },
  );
}
