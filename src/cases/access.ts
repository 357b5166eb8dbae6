import { AmtsklarError } from '../common/index.ts';
import type { Actor, CaseRecord, StaffRole } from './model.ts';

/**
 * Least privilege. Caseworkers and team leads see the cases of their own team; a citizen
 * sees only their own; administrators, data-protection officers and auditors see no case
 * content with personal data at all (auditors read decisions through the audit view).
 * A case someone may not see is reported as not found, so its existence leaks nothing.
 */
export function canWorkOn(actor: Actor, c: CaseRecord): boolean {
  if (actor.municipalityId !== c.municipalityId) return false;
  switch (actor.kind) {
    case 'system':
      return true;
    case 'citizen':
      return c.citizenId !== null && c.citizenId === actor.id;
    case 'user':
      return (actor.role === 'caseworker' || actor.role === 'team_lead') && actor.teamId !== null && actor.teamId === c.teamId;
  }
}

export function requireCase(actor: Actor, c: CaseRecord | null): CaseRecord {
  if (!c || !canWorkOn(actor, c)) throw new AmtsklarError('not_found', 'Der Fall wurde nicht gefunden.');
  return c;
}

export function requireRole(actor: Actor, roles: readonly (StaffRole | 'citizen' | 'system')[], what: string): void {
  if (!roles.includes(actor.role)) throw new AmtsklarError('forbidden', `Ihre Rolle darf ${what} nicht.`);
}

export function requireVersion(c: CaseRecord, expected: number): void {
  if (c.version !== expected) throw staleVersion(c.version);
}

export function staleVersion(current: number): AmtsklarError {
  return new AmtsklarError(
    'conflict',
    'Der Fall wurde inzwischen von jemand anderem geändert. Bitte laden Sie ihn neu und prüfen Sie die Änderungen, bevor Sie fortfahren.',
    [{ path: '$.version', message: `Aktuelle Version ist ${current}.` }],
  );
}
