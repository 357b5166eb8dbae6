import type { FastifyInstance } from 'fastify';
import { objectionWorklist } from '../../store/index.ts';
import { actorOf } from '../access.ts';
import { ID_PARAMS, type ServerContext } from '../context.ts';
import { participationServices } from './participation-context.ts';

const tags = ['Widerspruch'];

/**
 * Objections as participation adds to the workflow: each one is routed at once to a person
 * of the team who had no part in the contested decision (the team lead may name another),
 * and the citizen sees where it stands. The outcomes reach the fairness metrics through the
 * fairness monitor's decision records, which it writes from the same case events.
 */
export async function participationObjectionRoutes(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const { ctx } = opts;
  const { objections } = participationServices(ctx);

  app.get('/api/participation/objections', { config: { access: ['caseworker', 'team_lead'] }, schema: { tags, summary: 'Offene Widersprüche des eigenen Teams und wer sie prüft' } }, async (req) => {
    const a = actorOf(req);
    const teamId = a.kind === 'user' ? a.teamId : null;
    let list = await objectionWorklist(ctx.db, a.municipalityId, teamId, a.id);
    if (list.unrouted.length > 0) {
      // Objections filed before this routing existed (or while it failed) are routed now.
      for (const caseId of list.unrouted) await objections.objectionFiled(a.municipalityId, caseId);
      list = await objectionWorklist(ctx.db, a.municipalityId, teamId, a.id);
    }
    return { items: list.items };
  });

  app.get(
    '/api/participation/cases/:id/objection',
    { config: { access: ['citizen', 'caseworker', 'team_lead'] }, schema: { tags, summary: 'Stand des Widerspruchs: Frist, eingegangen, in Prüfung durch eine unbeteiligte Person, Ergebnis', params: ID_PARAMS } },
    async (req) => {
      const a = actorOf(req);
      const caseId = (req.params as { id: string }).id;
      const c = await ctx.cases.get(a, caseId);
      const [o] = await ctx.db.query<{ id: string; filed_at: Date | string; result: 'upheld' | 'changed' | null; decided_at: Date | string | null; assigned_to: string | null; name: string | null }>(
        `SELECT o.id, o.filed_at, o.result, o.decided_at, po.assigned_to, u.display_name AS name
         FROM objections o LEFT JOIN participation_objections po ON po.objection_id = o.id LEFT JOIN users u ON u.id = po.assigned_to
         WHERE o.case_id = $1 ORDER BY o.filed_at DESC LIMIT 1`,
        [caseId],
      );
      const iso = (v: Date | string | null) => (v == null ? null : new Date(v).toISOString());
      const staff = a.kind === 'user';
      return {
        caseId,
        state: c.state,
        canObject: c.state === 'issued',
        objectionDue: c.objectionDue,
        objection: o
          ? {
              filedAt: iso(o.filed_at),
              status: o.result ? 'decided' : 'in_review',
              statusLabel: o.result === 'changed' ? 'Widerspruch erfolgreich: Der Bescheid wurde geändert (Abhilfebescheid).' : o.result === 'upheld' ? 'Widerspruch zurückgewiesen: Der Bescheid bleibt bestehen.' : 'In Prüfung durch eine Person, die an der ersten Entscheidung nicht beteiligt war.',
              result: o.result,
              decidedAt: iso(o.decided_at),
              assigned: o.assigned_to !== null,
              ...(staff ? { assignedTo: o.assigned_to, assignedToName: o.name } : {}),
            }
          : null,
      };
    },
  );

  app.put(
    '/api/participation/cases/:id/objection/assignee',
    {
      config: { access: ['team_lead'] },
      schema: { tags, summary: 'Prüfende Person für einen Widerspruch bestimmen (nur Personen des Teams, die an der Entscheidung nicht beteiligt waren)', params: ID_PARAMS, body: { type: 'object', required: ['userId'], additionalProperties: false, properties: { userId: { type: 'string', format: 'uuid' } } } },
    },
    async (req) => {
      const a = actorOf(req);
      const caseId = (req.params as { id: string }).id;
      await ctx.cases.get(a, caseId);
      return objections.assign(a.municipalityId, caseId, (req.body as { userId: string }).userId, a.id);
    },
  );
}
