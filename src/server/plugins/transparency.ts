import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AmtsklarError } from '../../common/index.ts';
import { transparencyView } from '../../store/index.ts';
import type { ServerContext } from '../context.ts';
import { ENTRY_PARAMS, STANDARDS, governanceStore, type PublicStandard } from './governance-context.ts';
import { eurocitiesCsv, exportEntry } from './governance-exports.ts';

const tags = ['Transparenz (öffentlich)'];
const TENANT_QUERY = { type: 'object', additionalProperties: false, properties: { gemeinde: { type: 'string', pattern: '^[a-z0-9-]{1,100}$', description: 'Gemeinde (sonst die voreingestellte)' } } } as const;

/**
 * The public side of the AI register, without login: the transparency page as data and
 * the register exports of every published entry. Drafts stay internal.
 */
export async function transparencyPlugin(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const { ctx } = opts;
  const store = governanceStore(ctx);
  const tenant = (req: FastifyRequest) => (req.query as { gemeinde?: string }).gemeinde ?? ctx.config.defaultMunicipality;

  const published = async (m: string, entryId: string) => {
    const row = await store.entryRow(m, entryId).catch(() => null);
    if (!row || row.entry.status === 'draft') throw new AmtsklarError('not_found', 'Diesen veröffentlichten Registereintrag gibt es nicht.');
    return row;
  };

  app.get('/api/transparency', { config: { access: 'public' }, schema: { tags, summary: 'KI und Algorithmen der Gemeinde: jedes System in einfacher Sprache, Einstufung und warum, Aufsicht, Widerspruch, Kennzahlen', querystring: TENANT_QUERY } }, async (req) =>
    transparencyView(store, tenant(req)),
  );

  app.get(
    '/api/transparency/systems/:entryId/export/:standard',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Registereintrag im Format eines Standards (NL Algoritmeregister 1.0.0, Eurocities 0.3.1, UK ATRS 3.0), mit Prüfergebnis gegen die Feldliste',
        params: { type: 'object', required: ['entryId', 'standard'], additionalProperties: false, properties: { ...ENTRY_PARAMS.properties, standard: { type: 'string', enum: [...STANDARDS] } } },
        querystring: TENANT_QUERY,
      },
    },
    async (req) => {
      const m = tenant(req);
      const p = req.params as { entryId: string; standard: PublicStandard };
      await published(m, p.entryId);
      return exportEntry(store, m, p.entryId, p.standard);
    },
  );

  app.get('/api/transparency/register.csv', { config: { access: 'public' }, schema: { tags, summary: 'Alle veröffentlichten Einträge als CSV nach der Eurocities-Vorlage (v0.3.1)', querystring: TENANT_QUERY } }, async (req, reply) => {
    const m = tenant(req);
    const states = await store.states(m);
    const ids = states.filter((s) => s.entry.status !== 'draft' && s.classification).map((s) => s.entry.id);
    const { csv } = await eurocitiesCsv(store, m, ids);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="algorithmenregister-eurocities-0.3.1.csv"').send(csv);
  });
}
