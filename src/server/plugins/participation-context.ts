import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AmtsklarError } from '../../common/index.ts';
import { ObjectionRouter, ParticipationService, type ParticipationActor } from '../../participation/index.ts';
import { objectionStore, openLedger, packGovernanceInfo, participationStore, serverSecret, type Db } from '../../store/index.ts';
import { actorOf } from '../access.ts';
import type { ServerContext } from '../context.ts';

interface Services {
  participation: ParticipationService;
  objections: ObjectionRouter;
}

const services = new WeakMap<ServerContext, Services>();

/** One set of participation services per server, over its database and ledger. */
export function participationServices(ctx: ServerContext): Services {
  let s = services.get(ctx);
  if (!s) {
    const store = participationStore(ctx.db, { ledger: openLedger(ctx.db), packs: packGovernanceInfo(ctx.cases.engine) });
    s = {
      participation: new ParticipationService({ store, consultationUrl: (_m, id) => `${ctx.config.publicUrl}/beteiligung/${id}` }),
      objections: new ObjectionRouter(objectionStore(ctx.db)),
    };
    services.set(ctx, s);
  }
  return s;
}

/** The logged-in person as participation sees them. */
export function participationActor(req: FastifyRequest): ParticipationActor {
  const a = actorOf(req);
  return { kind: a.kind === 'user' ? 'staff' : a.kind === 'citizen' ? 'citizen' : 'system', id: a.id, role: a.role, name: a.name, municipalityId: a.municipalityId };
}

/** Tenant of a request without login: `?gemeinde=`, the `X-Gemeinde` header, or the configured default. */
export function tenantOf(req: FastifyRequest, ctx: ServerContext): string {
  const q = (req.query as { gemeinde?: string } | undefined)?.gemeinde;
  const h = req.headers['x-gemeinde'];
  return q ?? (typeof h === 'string' && h !== '' ? h : ctx.config.defaultMunicipality);
}

export async function requireMunicipality(db: Db, m: string): Promise<void> {
  const [r] = await db.query('SELECT 1 FROM municipalities WHERE id = $1', [m]);
  if (!r) throw new AmtsklarError('not_found', 'Diese Gemeinde gibt es hier nicht.');
}

export function anonymous(m: string): ParticipationActor {
  return { kind: 'anonymous', id: 'anonym', role: 'anonymous', name: 'Bürgerin oder Bürger', municipalityId: m };
}

/**
 * Who reported: a keyed hash of the client address and the day, so one person's repeated
 * reports count once, while neither the address nor a day-to-day profile is kept.
 */
export async function reporterKey(req: FastifyRequest, db: Db): Promise<string> {
  const secret = await serverSecret(db, 'participation-reporter', () => randomBytes(32).toString('base64url'));
  const day = new Date().toISOString().slice(0, 10);
  return createHmac('sha256', secret).update(`${day}|${req.ip}`).digest('hex').slice(0, 32);
}

export const TENANT_QUERY = { gemeinde: { type: 'string', pattern: '^[a-z0-9-]{1,100}$', description: 'Gemeinde (sonst die voreingestellte)' } } as const;
export const TENANT_HEADERS = { type: 'object', properties: { 'x-gemeinde': { type: 'string', pattern: '^[a-z0-9-]{1,100}$' } } } as const;
export const UUID_PARAM = (name: string, description: string) =>
  ({ type: 'object', required: [name], additionalProperties: false, properties: { [name]: { type: 'string', format: 'uuid', description } } }) as const;
export const VERSION = { type: 'integer', minimum: 1, description: 'Version, die Sie zuletzt gelesen haben (optimistische Sperre).' } as const;
export const DAY = { type: 'string', format: 'date' } as const;
