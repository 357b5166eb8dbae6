import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { participationServices } from './participation-context.ts';
import { participationConsultationRoutes } from './participation-consultations.ts';
import { participationContentRoutes } from './participation-content.ts';
import { participationFeedbackRoutes } from './participation-feedback.ts';
import { participationObjectionRoutes } from './participation-objections.ts';
import { participationStaffCouncilRoutes } from './participation-staff-council.ts';
import { sandboxPlugin, type SandboxPluginOptions } from './sandbox.ts';

/**
 * Participation and the experimentation space (issue 10): consultations, the staff
 * council's procedure, feedback, objection routing, and the sandbox. Registered in
 * src/server/app.ts with one line.
 */
export async function participationPlugin(app: FastifyInstance, opts: { ctx: ServerContext; sandbox?: Omit<SandboxPluginOptions, 'ctx'> }): Promise<void> {
  const { ctx } = opts;
  const { objections } = participationServices(ctx);
  // Every objection is routed to a person the moment it is filed (after the workflow committed it).
  ctx.cases.addListener({
    onCaseEvents: async (events) => {
      for (const e of events) {
        if (e.type !== 'file_objection') continue;
        try {
          await objections.objectionFiled(e.municipalityId, e.caseId);
        } catch (err) {
          // The objection itself is filed; routing is retried when the team's list is read.
          app.log.warn({ caseId: e.caseId, err: err instanceof Error ? err.message : String(err) }, 'Widerspruch: Zuweisung fehlgeschlagen');
        }
      }
    },
  });
  await app.register(participationContentRoutes);
  await app.register(participationConsultationRoutes, { ctx });
  await app.register(participationStaffCouncilRoutes, { ctx });
  await app.register(participationFeedbackRoutes, { ctx });
  await app.register(participationObjectionRoutes, { ctx });
  await app.register(sandboxPlugin, { ctx, ...(opts.sandbox ?? {}) });
}
