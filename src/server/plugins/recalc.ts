import type { FastifyInstance } from 'fastify';
import { actorOf } from '../access.ts';
import { ID_PARAMS, VERSION, type ServerContext } from '../context.ts';
import { proposalView } from '../views.ts';

const tags = ['Neuberechnung'];

/** Law changes: start a recalculation run, see its progress, decide each proposal. */
export async function recalcPlugin(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const { recalc } = opts.ctx;

  app.post(
    '/api/recalculations',
    {
      config: { answers: [202], access: ['team_lead', 'admin'] },
      schema: {
        tags,
        summary: 'Alle laufenden Fälle eines Regelwerks mit einem neuen Rechtsstand neu berechnen',
        body: { type: 'object', required: ['packId', 'release'], additionalProperties: false, properties: { packId: { type: 'string', maxLength: 100 }, release: { type: 'string', maxLength: 100 } } },
      },
    },
    async (req, reply) => {
      const b = req.body as { packId: string; release: string };
      const r = await recalc.start(actorOf(req), b.packId, b.release);
      return reply.status(202).send(r);
    },
  );

  app.get('/api/recalculations/:id', { config: { access: ['team_lead', 'admin', 'caseworker'] }, schema: { tags, summary: 'Stand einer Neuberechnung', params: ID_PARAMS } }, async (req) => {
    const { id } = req.params as { id: string };
    return recalc.run(actorOf(req), id);
  });

  app.get('/api/cases/:id/proposals', { config: { access: ['caseworker', 'team_lead'] }, schema: { tags, summary: 'Vorschläge aus Neuberechnungen für einen Fall', params: ID_PARAMS } }, async (req) => {
    const { id } = req.params as { id: string };
    return { items: (await recalc.proposals(actorOf(req), id)).map(proposalView) };
  });

  app.get('/api/proposals/:id', { config: { access: ['caseworker', 'team_lead'] }, schema: { tags, summary: 'Vorschlag: alter und neuer Rechenweg nebeneinander', params: ID_PARAMS } }, async (req) => {
    const { id } = req.params as { id: string };
    return proposalView(await recalc.proposal(actorOf(req), id));
  });

  for (const [path, accept] of [['accept', true], ['reject', false]] as const) {
    app.post(
      `/api/proposals/:id/${path}`,
      {
        config: { access: ['caseworker', 'team_lead'] },
        schema: {
          tags,
          summary: accept ? 'Vorschlag übernehmen' : 'Vorschlag ablehnen (mit Begründung)',
          params: ID_PARAMS,
          body: {
            type: 'object',
            required: accept ? ['version'] : ['version', 'reason'],
            additionalProperties: false,
            properties: { version: { ...VERSION, description: 'Version des Falls' }, reason: { type: 'string', maxLength: 5000 } },
          },
        },
      },
      async (req) => {
        const { id } = req.params as { id: string };
        const b = req.body as { version: number; reason?: string };
        const r = await recalc.decide(actorOf(req), id, b.version, accept, b.reason ?? null);
        return { proposal: proposalView(r.proposal), case: { id: r.case.id, state: r.case.state, version: r.case.version, packRelease: r.case.packRelease } };
      },
    );
  }
}
