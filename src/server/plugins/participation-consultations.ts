import type { FastifyInstance } from 'fastify';
import { CONDUCT_RULE_IDS, DISPOSITIONS, DOCUMENT_KINDS, type ConsultationContent, type ConsultationOccasion } from '../../participation/index.ts';
import type { ServerContext } from '../context.ts';
import { EDITORS, STAFF } from './governance-context.ts';
import { DAY, TENANT_HEADERS, TENANT_QUERY, UUID_PARAM, VERSION, anonymous, participationActor, participationServices, reporterKey, requireMunicipality, tenantOf } from './participation-context.ts';

const tags = ['Beteiligung'];
const CONSULTATION = UUID_PARAM('consultationId', 'Kennung der Beteiligung');
const COMMENT = UUID_PARAM('commentId', 'Kennung des Beitrags');

const CONTENT = {
  type: 'object',
  required: ['title', 'plainLanguage'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', maxLength: 200 },
    plainLanguage: { type: 'string', maxLength: 20000, description: 'Worum es geht, in einfacher Sprache' },
    easyLanguage: { type: 'string', maxLength: 20000, description: 'Fassung in Leichter Sprache' },
    questions: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 500 } },
    documents: {
      type: 'array',
      maxItems: 20,
      items: { type: 'object', required: ['title', 'url', 'kind'], additionalProperties: false, properties: { title: { type: 'string', maxLength: 200 }, url: { type: 'string', maxLength: 1000 }, kind: { type: 'string', enum: [...DOCUMENT_KINDS] } } },
    },
  },
} as const;

const COMMENT_BODY = {
  type: 'object',
  required: ['body', 'acceptConduct'],
  additionalProperties: false,
  properties: {
    body: { type: 'string', maxLength: 5000, description: 'Ihr Beitrag (öffentlich sichtbar, ohne persönliche Daten)' },
    section: { type: 'string', maxLength: 500, description: 'Leitfrage oder Unterlage, auf die sich der Beitrag bezieht' },
    acceptConduct: { type: 'boolean', description: 'Verhaltenskodex gelesen und akzeptiert' },
  },
} as const;

/**
 * Public consultations per register entry: anyone reads and comments (no login; comments
 * are public and refused if they hold personal data), anyone reports abuse; the entry's
 * owners and the administration prepare, open, moderate, close and answer. Opening, closing
 * and the published response are written to the governance record the activation gate reads.
 */
export async function participationConsultationRoutes(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const { ctx } = opts;
  const { participation } = participationServices(ctx);
  const commentLimit = Math.max(5, Math.floor(ctx.config.rateLimitPerMinute / 60));

  // ——— public ———

  app.get('/api/participation/consultations', { config: { access: 'public' }, schema: { tags, summary: 'Öffentliche Beteiligungen zu KI- und Algorithmen-Systemen der Gemeinde', querystring: { type: 'object', additionalProperties: false, properties: TENANT_QUERY } } }, async (req) => ({
    items: await participation.publicList(tenantOf(req, ctx)),
  }));

  app.get(
    '/api/participation/consultations/:consultationId',
    { config: { access: 'public' }, schema: { tags, summary: 'Eine Beteiligung: Beschreibung, Unterlagen, Beiträge, veröffentlichte Antwort', params: CONSULTATION, querystring: { type: 'object', additionalProperties: false, properties: TENANT_QUERY } } },
    async (req) => participation.publicDetail(tenantOf(req, ctx), (req.params as { consultationId: string }).consultationId),
  );

  app.post(
    '/api/participation/consultations/:consultationId/comments',
    {
      config: { answers: [201], access: 'public', rateLimit: { max: commentLimit, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Beitrag schreiben (ohne Anmeldung; öffentlich; Verhaltenskodex akzeptieren; keine persönlichen Daten)', params: CONSULTATION, headers: TENANT_HEADERS, body: COMMENT_BODY },
    },
    async (req, reply) => {
      const m = tenantOf(req, ctx);
      const c = await participation.comment(anonymous(m), (req.params as { consultationId: string }).consultationId, req.body as { body: string; section?: string; acceptConduct: boolean });
      return reply.status(201).send({ id: c.id, number: c.number, status: c.status, message: `Danke! Ihr Beitrag Nr. ${c.number} ist veröffentlicht.` });
    },
  );

  app.post(
    '/api/participation/comments/:commentId/reports',
    {
      config: { answers: [200, 201], access: 'public', rateLimit: { max: commentLimit, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Beitrag melden (Verstoß gegen den Verhaltenskodex)',
        params: COMMENT,
        headers: TENANT_HEADERS,
        body: { type: 'object', required: ['rule'], additionalProperties: false, properties: { rule: { type: 'string', enum: [...CONDUCT_RULE_IDS] }, note: { type: 'string', maxLength: 1000 } } },
      },
    },
    async (req, reply) => {
      const m = tenantOf(req, ctx);
      const r = await participation.report(m, (req.params as { commentId: string }).commentId, await reporterKey(req, ctx.db), req.body as { rule: string; note?: string });
      return reply.status(r.counted ? 201 : 200).send({
        ...r,
        message: r.counted ? 'Danke für Ihre Meldung. Die Moderation prüft den Beitrag.' : 'Sie haben diesen Beitrag bereits gemeldet; die Moderation prüft ihn.',
      });
    },
  );

  // ——— staff ———

  const staffTags = ['Beteiligung (Verwaltung)'];

  app.get(
    '/api/participation/staff/consultations',
    { config: { access: [...STAFF] }, schema: { tags: staffTags, summary: 'Alle Beteiligungen mit Stand der Moderation und Auswertung', querystring: { type: 'object', additionalProperties: false, properties: { entryId: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}$' } } } } },
    async (req) => ({ items: await participation.staffList(participationActor(req), (req.query as { entryId?: string }).entryId) }),
  );

  app.post(
    '/api/participation/staff/consultations',
    {
      config: { answers: [201], access: [...EDITORS] },
      schema: {
        tags: staffTags,
        summary: 'Beteiligung zu einem Registereintrag vorbereiten (Entwurf)',
        body: {
          type: 'object',
          required: ['entryId', 'occasion', 'opensOn', 'closesOn', 'content'],
          additionalProperties: false,
          properties: { entryId: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }, occasion: { type: 'string', enum: ['before-activation', 'major-change'] }, opensOn: DAY, closesOn: DAY, content: CONTENT },
        },
      },
    },
    async (req, reply) => {
      const b = req.body as { entryId: string; occasion: ConsultationOccasion; opensOn: string; closesOn: string; content: ConsultationContent };
      return reply.status(201).send(await participation.createConsultation(participationActor(req), b));
    },
  );

  app.get('/api/participation/staff/consultations/:consultationId', { config: { access: [...STAFF] }, schema: { tags: staffTags, summary: 'Beteiligung mit Beiträgen, Meldungen und Moderationsprotokoll', params: CONSULTATION } }, async (req) =>
    participation.staffDetail(participationActor(req), (req.params as { consultationId: string }).consultationId),
  );

  app.put(
    '/api/participation/staff/consultations/:consultationId',
    {
      config: { access: [...EDITORS] },
      schema: { tags: staffTags, summary: 'Entwurf ändern', params: CONSULTATION, body: { type: 'object', required: ['version', 'opensOn', 'closesOn', 'content'], additionalProperties: false, properties: { version: VERSION, opensOn: DAY, closesOn: DAY, content: CONTENT } } },
    },
    async (req) => {
      const b = req.body as { version: number; opensOn: string; closesOn: string; content: ConsultationContent };
      return participation.updateDraft(participationActor(req), (req.params as { consultationId: string }).consultationId, b.version, b);
    },
  );

  for (const [step, summary] of [
    ['open', 'Beteiligung eröffnen (Registereintrag muss veröffentlicht sein; wird im KI-Register festgehalten)'],
    ['close', 'Beteiligung nach Ende der Frist abschließen (wird im KI-Register festgehalten)'],
  ] as const) {
    app.post(
      `/api/participation/staff/consultations/:consultationId/${step}`,
      { config: { access: [...EDITORS] }, schema: { tags: staffTags, summary, params: CONSULTATION, body: { type: 'object', required: ['version'], additionalProperties: false, properties: { version: VERSION } } } },
      async (req) => {
        const a = participationActor(req);
        const id = (req.params as { consultationId: string }).consultationId;
        const v = (req.body as { version: number }).version;
        return step === 'open' ? participation.open(a, id, v) : participation.close(a, id, v);
      },
    );
  }

  app.post(
    '/api/participation/staff/consultations/:consultationId/response',
    {
      config: { access: [...EDITORS] },
      schema: {
        tags: staffTags,
        summary: 'Antwort veröffentlichen: wie die Beiträge verwendet wurden (jeder sichtbare Beitrag ausgewertet; damit ist die Beteiligung im KI-Register abgeschlossen)',
        params: CONSULTATION,
        body: { type: 'object', required: ['version', 'summary'], additionalProperties: false, properties: { version: VERSION, summary: { type: 'string', maxLength: 20000 }, changes: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 2000 } } } },
      },
    },
    async (req) => {
      const b = req.body as { version: number; summary: string; changes?: string[] };
      return participation.respond(participationActor(req), (req.params as { consultationId: string }).consultationId, b.version, b);
    },
  );

  app.post(
    '/api/participation/staff/consultations/:consultationId/comments',
    { config: { answers: [201], access: [...STAFF] }, schema: { tags: staffTags, summary: 'Beitrag aus der Verwaltung (öffentlich als solcher gekennzeichnet, ohne Namen)', params: CONSULTATION, body: COMMENT_BODY } },
    async (req, reply) => {
      const c = await participation.comment(participationActor(req), (req.params as { consultationId: string }).consultationId, req.body as { body: string; acceptConduct: boolean });
      return reply.status(201).send({ id: c.id, number: c.number, status: c.status });
    },
  );

  app.post(
    '/api/participation/staff/comments/:commentId/moderation',
    {
      config: { access: [...EDITORS] },
      schema: {
        tags: staffTags,
        summary: 'Moderieren: ausblenden (mit verletzter Regel) oder wieder zeigen; jede Entscheidung wird protokolliert',
        params: COMMENT,
        body: { type: 'object', required: ['action', 'reason'], additionalProperties: false, properties: { action: { type: 'string', enum: ['hide', 'restore'] }, rule: { type: 'string', enum: [...CONDUCT_RULE_IDS] }, reason: { type: 'string', maxLength: 2000 } } },
      },
    },
    async (req) => participation.moderate(participationActor(req), (req.params as { commentId: string }).commentId, req.body as { action: 'hide' | 'restore'; rule?: string; reason: string }),
  );

  app.put(
    '/api/participation/staff/comments/:commentId/disposition',
    {
      config: { access: [...EDITORS] },
      schema: {
        tags: staffTags,
        summary: 'Beitrag auswerten: übernommen, teilweise, nicht übernommen, zur Kenntnis genommen – mit Erläuterung (wird mit der Antwort veröffentlicht)',
        params: COMMENT,
        body: { type: 'object', required: ['kind', 'explanation'], additionalProperties: false, properties: { kind: { type: 'string', enum: [...DISPOSITIONS] }, explanation: { type: 'string', maxLength: 2000 } } },
      },
    },
    async (req) => participation.dispose(participationActor(req), (req.params as { commentId: string }).commentId, req.body as { kind: string; explanation: string }),
  );

  app.get(
    '/api/participation/transparency',
    { config: { access: 'public' }, schema: { tags, summary: 'Für die Transparenzseite: Beteiligungen und Rückmeldungen je veröffentlichtem System', querystring: { type: 'object', additionalProperties: false, properties: TENANT_QUERY } } },
    async (req) => {
      const m = tenantOf(req, ctx);
      await requireMunicipality(ctx.db, m);
      return participation.transparency(m);
    },
  );
}
