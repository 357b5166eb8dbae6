import { contentHash } from '../common/index.ts';

/**
 * Every change to the register, a classification, an obligation record, the deployer bundle,
 * settings or a feature switch becomes one ledger entry. The core builds the entry; the edge
 * appends it. The ledger keeps the hash of the payload, not the payload (which may name
 * people); the payload is stored beside it.
 */
export type GovernanceEventType =
  | 'register.created'
  | 'register.updated'
  | 'register.status-changed'
  | 'classification.recorded'
  | 'obligation.recorded'
  | 'bundle.changed'
  | 'incident.recorded'
  | 'settings.changed'
  | 'feature.switched'
  | 'literacy.completed';

export interface GovernanceEvent {
  type: GovernanceEventType;
  at: string;
  actor: string;
  entryId?: string;
  /** German, one line, for the audit view. */
  summary: string;
  payloadHash: string;
}

export function governanceEvent(type: GovernanceEventType, actor: string, at: string, payload: unknown, summary: string, entryId?: string): GovernanceEvent {
  return { type, at, actor, ...(entryId ? { entryId } : {}), summary, payloadHash: contentHash(payload) };
}
