import type { FastifyInstance } from 'fastify';
import { AmtsklarError } from '../../common/index.ts';
import { LEARNING_UNITS, REQUIRED_UNITS, findUnit, literacyStatus, unitForLearner, type LiteracyPurpose } from '../../governance/index.ts';
import { listUsers } from '../../store/index.ts';
import type { ServerContext } from '../context.ts';
import { STAFF, governanceActor, governanceStore } from './governance-context.ts';

const tags = ['KI-Kompetenz'];
const UNIT_PARAMS = { type: 'object', required: ['unitId'], additionalProperties: false, properties: { unitId: { type: 'string', pattern: '^[a-z0-9-]{2,60}$' } } } as const;
const PURPOSES = Object.keys(REQUIRED_UNITS) as LiteracyPurpose[];

/**
 * AI literacy (Art. 4 KI-VO): the learning units, the quiz (answers checked on the server,
 * the correct ones never sent before answering), and the completion records per person.
 */
export async function governanceLiteracyPlugin(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const store = governanceStore(opts.ctx);

  app.get('/api/governance/literacy/units', { config: { access: [...STAFF] }, schema: { tags, summary: 'Lerneinheiten zur KI-Kompetenz' } }, async () => ({
    items: LEARNING_UNITS.map((u) => ({ id: u.id, title: u.title, version: u.version, minutes: u.minutes, goals: u.goals, questions: u.quiz.length, passPercent: u.passPercent })),
    required: REQUIRED_UNITS,
  }));

  app.get('/api/governance/literacy/units/:unitId', { config: { access: [...STAFF] }, schema: { tags, summary: 'Lerneinheit mit Quiz (ohne Lösungen)', params: UNIT_PARAMS } }, async (req) => {
    const unit = findUnit((req.params as { unitId: string }).unitId);
    if (!unit) throw new AmtsklarError('not_found', 'Diese Lerneinheit gibt es nicht.');
    return unitForLearner(unit);
  });

  app.post(
    '/api/governance/literacy/units/:unitId/attempts',
    {
      config: { answers: [201], access: [...STAFF] },
      schema: {
        tags,
        summary: 'Quiz abgeben: Auswertung mit Erklärungen; der Abschluss wird mit Datum und Fassung gespeichert',
        params: UNIT_PARAMS,
        body: { type: 'object', required: ['answers'], additionalProperties: false, properties: { answers: { type: 'object', additionalProperties: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 20 } } } } },
      },
    },
    async (req, reply) => {
      const { municipalityId, actor } = governanceActor(req);
      const result = await store.recordQuiz(municipalityId, actor, (req.params as { unitId: string }).unitId, (req.body as { answers: Record<string, string[]> }).answers);
      return reply.status(201).send(result);
    },
  );

  app.get('/api/governance/literacy/me', { config: { access: [...STAFF] }, schema: { tags, summary: 'Eigene Abschlüsse und Status je Zweck (Freigabe KI-Entwürfe, Aufsicht, Sachbearbeitung)' } }, async (req) => {
    const { municipalityId, actor } = governanceActor(req);
    const completions = await store.completions(municipalityId, actor.id);
    const at = new Date().toISOString();
    return { completions, status: Object.fromEntries(PURPOSES.map((p) => [p, literacyStatus(actor.id, completions, p, at)])) };
  });

  app.get('/api/governance/literacy/people', { config: { access: ['admin', 'auditor', 'dpo', 'team_lead'] }, schema: { tags, summary: 'Kompetenznachweise aller Beschäftigten' } }, async (req) => {
    const { municipalityId } = governanceActor(req);
    const [users, completions] = await Promise.all([listUsers(store.db, municipalityId), store.completions(municipalityId)]);
    const at = new Date().toISOString();
    return {
      items: users
        .filter((u) => u.active)
        .map((u) => ({
          userId: u.id,
          displayName: u.displayName,
          role: u.role,
          status: Object.fromEntries(PURPOSES.map((p) => [p, literacyStatus(u.id, completions, p, at).ok])),
          mayApproveAiAssistedDrafts: literacyStatus(u.id, completions, 'approve-ai-drafts', at).ok,
        })),
    };
  });
}
