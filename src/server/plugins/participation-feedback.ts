import type { FastifyInstance } from 'fastify';
import { AmtsklarError } from '../../common/index.ts';
import type { Actor } from '../../cases/index.ts';
import { FEEDBACK_SUBJECTS, type CaseAccess, type FeedbackStatus } from '../../participation/index.ts';
import type { KnownValue } from '../../privacy/index.ts';
import { listDrafts } from '../../store/index.ts';
import { actorOf } from '../access.ts';
import { ID_PARAMS, type ServerContext } from '../context.ts';
import { STAFF } from './governance-context.ts';
import { TENANT_HEADERS, UUID_PARAM, anonymous, participationActor, participationServices, requireMunicipality, tenantOf } from './participation-context.ts';

const tags = ['Rückmeldungen'];

const FEEDBACK_BODY = {
  type: 'object',
  required: ['subject', 'rating'],
  additionalProperties: false,
  properties: {
    subject: { type: 'string', enum: [...FEEDBACK_SUBJECTS], description: 'Entscheidung, Schreiben, Erklärung oder Antwort des Bürger-Assistenten' },
    rating: { type: 'integer', description: '1 (gar nicht hilfreich) bis 5 (sehr hilfreich)' },
    text: { type: 'string', maxLength: 2000, description: 'Freitext; persönliche Daten werden vor dem Speichern entfernt' },
    ref: { type: 'string', maxLength: 200, description: 'Was bewertet wird: Kennung des Schreibens, Erklärungsebene (citizen, caseworker, auditor), Leistung der Assistenten-Antwort' },
    packId: { type: 'string', maxLength: 63, description: 'Leistung (Regelwerk), bei Erklärungen ohne Fall' },
  },
} as const;

/** What feedback on a case may know about it, for the person asking. */
function caseAccess(ctx: ServerContext, actor: Actor): CaseAccess {
  return {
    async caseFacts(caseId) {
      const c = await ctx.cases.get(actor, caseId);
      const letters = (await listDrafts(ctx.db, caseId)).map((d) => d.id);
      const drafted = actor.kind === 'user' ? (await ctx.db.query<{ id: string }>('SELECT id FROM drafting_drafts WHERE case_id = $1', [caseId])).map((r) => String(r.id)) : [];
      return { packId: c.packId, letterIds: [...letters, ...drafted] };
    },
    async knownValues(caseId) {
      const p = await ctx.cases.personal(actor, caseId, 'Entfernen personenbezogener Daten aus einer Rückmeldung').catch((e: unknown) => {
        // Personal data already erased (retention): nothing known to remove besides what the guard finds.
        if (e instanceof AmtsklarError && e.code === 'not_found') return null;
        throw e;
      });
      if (!p) return [];
      const a = p.applicant;
      const known: KnownValue[] = [{ category: 'name', value: a.name }];
      if (a.anschrift) known.push({ category: 'adresse', value: a.anschrift });
      if (a.email) known.push({ category: 'email', value: a.email });
      if (a.telefon) known.push({ category: 'telefon', value: a.telefon });
      return known;
    },
  };
}

/**
 * Feedback on every decision, letter, explanation and chatbot answer, from citizens and
 * staff: rated 1–5 with optional free text whose personal data is removed before it is
 * stored; routed to the owners of the system's register entry, who work through it.
 */
export async function participationFeedbackRoutes(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const { ctx } = opts;
  const { participation } = participationServices(ctx);
  const perMinute = Math.max(5, Math.floor(ctx.config.rateLimitPerMinute / 20));

  app.post(
    '/api/participation/feedback',
    {
      config: { answers: [201], access: 'public', rateLimit: { max: perMinute, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Rückmeldung ohne Anmeldung: zu einer Erklärung (Rechner) oder einer Antwort des Bürger-Assistenten', headers: TENANT_HEADERS, body: FEEDBACK_BODY },
    },
    async (req, reply) => {
      const m = tenantOf(req, ctx);
      await requireMunicipality(ctx.db, m);
      // feedback on a service this office does not offer could be routed to nobody
      const packId = (req.body as { packId?: unknown }).packId;
      if (typeof packId === 'string' && packId !== '' && !ctx.cases.engine.packs().some((p) => p.id === packId)) {
        throw new AmtsklarError('invalid_input', `Das Regelwerk „${packId}“ gibt es hier nicht.`, [{ path: '$.packId', message: 'unbekanntes Regelwerk' }]);
      }
      return reply.status(201).send(await participation.giveFeedback(anonymous(m), 'public', req.body as never, null));
    },
  );

  app.post(
    '/api/participation/cases/:id/feedback',
    {
      config: { answers: [201], access: ['citizen', 'caseworker', 'team_lead'], rateLimit: { max: perMinute, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Rückmeldung zu Entscheidung, Schreiben oder Erklärung eines Falls (Bürgerinnen und Bürger: eigener Fall; Beschäftigte: Fälle ihres Teams)', params: ID_PARAMS, body: FEEDBACK_BODY },
    },
    async (req, reply) => {
      const a = actorOf(req);
      const caseId = (req.params as { id: string }).id;
      const channel = a.kind === 'citizen' ? 'portal' : 'workbench';
      return reply.status(201).send(await participation.giveFeedback(participationActor(req), channel, req.body as never, { caseId, access: caseAccess(ctx, a) }));
    },
  );

  app.get(
    '/api/participation/feedback/inbox',
    {
      config: { access: [...STAFF] },
      schema: {
        tags,
        summary: 'Rückmeldungen an die Verantwortlichen: an die Systeme, die Sie verantworten (Administration: alle)',
        querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: ['new', 'in_progress', 'done'] }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 200 } } },
      },
    },
    async (req) => {
      const q = req.query as { status?: FeedbackStatus; limit?: number };
      return participation.inbox(participationActor(req), { ...(q.status ? { status: q.status } : {}), ...(q.limit ? { limit: q.limit } : {}) });
    },
  );

  app.patch(
    '/api/participation/feedback/:feedbackId',
    {
      config: { access: [...STAFF] },
      schema: {
        tags,
        summary: 'Rückmeldung bearbeiten (Status, interner Vermerk ohne persönliche Daten)',
        params: UUID_PARAM('feedbackId', 'Kennung der Rückmeldung'),
        body: { type: 'object', required: ['status'], additionalProperties: false, properties: { status: { type: 'string', enum: ['new', 'in_progress', 'done'] }, note: { type: 'string', maxLength: 2000 } } },
      },
    },
    async (req) => participation.handle(participationActor(req), (req.params as { feedbackId: string }).feedbackId, req.body as { status: string; note?: string }),
  );
}
