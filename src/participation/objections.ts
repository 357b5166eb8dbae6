/**
 * Objections (Widerspruch) as participation sees them: routed to a person of the team who
 * had no part in the contested decision. (Their outcomes reach the fairness monitor through
 * its own decision records, written from the case events: src/store/fairness-records.ts.)
 */

export interface AssigneeCandidate {
  id: string;
  role: 'caseworker' | 'team_lead';
  active: boolean;
  /** Objections assigned to this person and not yet decided. */
  openObjections: number;
}

/**
 * The person who reassesses: active, in the case's team, not involved in the decision
 * (assigned, approved or issued it); the least loaded, caseworkers before the team lead
 * (who keeps the oversight), then by id so the choice is reproducible. Null when nobody
 * qualifies — the team lead must then assign by hand.
 */
export function pickAssignee(candidates: readonly AssigneeCandidate[], involved: ReadonlySet<string>): string | null {
  const eligible = candidates.filter((c) => c.active && !involved.has(c.id));
  eligible.sort((a, b) => a.openObjections - b.openObjections || (a.role === b.role ? 0 : a.role === 'caseworker' ? -1 : 1) || a.id.localeCompare(b.id));
  return eligible[0]?.id ?? null;
}

export function mayBeAssigned(candidate: AssigneeCandidate | undefined, involved: ReadonlySet<string>): string | null {
  if (!candidate || !candidate.active) return 'Die Person gehört nicht (mehr) zum Team dieses Falls.';
  if (involved.has(candidate.id)) return 'Über einen Widerspruch entscheidet eine Person, die an der angefochtenen Entscheidung nicht beteiligt war.';
  return null;
}
