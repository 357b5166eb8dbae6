import type { FastifyRequest } from 'fastify';
import { GovernanceStore, openLedger, packGovernanceInfo, type GovernanceActor } from '../../store/index.ts';
import { actorOf } from '../access.ts';
import type { ServerContext } from '../context.ts';

const stores = new WeakMap<ServerContext, GovernanceStore>();

/** One governance store per server: the register over this database, appending to its ledger. */
export function governanceStore(ctx: ServerContext): GovernanceStore {
  let s = stores.get(ctx);
  if (!s) {
    s = new GovernanceStore({ db: ctx.db, ledger: openLedger(ctx.db), packs: packGovernanceInfo(ctx.cases.engine) });
    stores.set(ctx, s);
  }
  return s;
}

export function governanceActor(req: FastifyRequest): { municipalityId: string; actor: GovernanceActor } {
  const a = actorOf(req);
  return { municipalityId: a.municipalityId, actor: { kind: 'user', id: a.id, role: a.role, name: a.name } };
}

export const STAFF = ['caseworker', 'team_lead', 'admin', 'dpo', 'auditor'] as const;
/** Roles that may edit an entry they own; the store checks ownership. */
export const EDITORS = ['admin', 'team_lead', 'caseworker', 'dpo'] as const;
export const OVERSIGHT = ['admin', 'dpo', 'auditor'] as const;

export const ENTRY_PARAMS = {
  type: 'object',
  required: ['entryId'],
  additionalProperties: false,
  properties: { entryId: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}$', description: 'Kennung des Registereintrags' } },
} as const;

export const STANDARDS = ['nl-algoritmeregister', 'eurocities', 'uk-atrs'] as const;
export type PublicStandard = (typeof STANDARDS)[number];

/**
 * For the drafting runtime (src/server/plugins/drafting.ts `DraftingRuntime.governance`):
 * the AI register's gate for the feature „drafting“ in a municipality.
 */
export function draftingGate(ctx: ServerContext): (municipalityId: string) => Promise<{ allowed: boolean; message: string; entryIds: string[] }> {
  return (m) => governanceStore(ctx).draftingGovernance(m).checkDrafting();
}

/** For the approval of AI-assisted drafts: only people with valid AI literacy records (Art. 4, 26(2) KI-VO). */
export function aiDraftApprover(ctx: ServerContext): (municipalityId: string, person: { id: string; name?: string }) => Promise<{ allowed: boolean; reasons: string[] }> {
  return async (m, person) => {
    const r = await governanceStore(ctx).mayApproveAiAssistedDrafts(m, person);
    return { allowed: r.allowed, reasons: r.reasons };
  };
}

/** For the case workflow: may decisions of this pack be issued fully automatically now? */
export function automationGate(ctx: ServerContext): (municipalityId: string, packId: string) => Promise<{ allowed: boolean; message: string; entryIds: string[] }> {
  return async (m, packId) => {
    const d = await governanceStore(ctx).gate(m, { feature: 'automated-decisions', packId });
    return { allowed: d.allowed, message: d.message, entryIds: d.entryIds };
  };
}
