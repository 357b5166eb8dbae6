import { AmtsklarError } from '../common/index.ts';
import { STATE_LABELS, type Actor, type CaseState } from './model.ts';

/**
 * The state machine of a case. Every transition names who may take it; the use cases
 * check the transition here before they change anything, so a wrong step is a 409
 * with a German message and nothing is written.
 */
export type Transition =
  | 'check'
  | 'request_documents'
  | 'remind'
  | 'complete'
  | 'prepare_draft'
  | 'submit_review'
  | 'return'
  | 'approve'
  | 'issue'
  | 'file_objection'
  | 'reassess_upheld'
  | 'reassess_changed'
  | 'propose_abhilfe'
  | 'approve_abhilfe'
  | 'return_abhilfe'
  | 'close';

type ActorRole = Actor['role'];

interface Rule {
  from: readonly CaseState[];
  to: CaseState;
  by: readonly ActorRole[];
  label: string;
}

export const TRANSITIONS: Record<Transition, Rule> = {
  check: { from: ['received', 'complete', 'checked'], to: 'checked', by: ['system', 'caseworker', 'team_lead'], label: 'durch das Regelwerk prüfen' },
  request_documents: { from: ['checked'], to: 'documents_requested', by: ['caseworker', 'team_lead'], label: 'Unterlagen nachfordern' },
  remind: { from: ['documents_requested'], to: 'reminded', by: ['system', 'caseworker', 'team_lead'], label: 'erinnern' },
  complete: { from: ['documents_requested', 'reminded'], to: 'complete', by: ['citizen', 'caseworker', 'team_lead'], label: 'als vollständig melden' },
  prepare_draft: { from: ['checked'], to: 'draft_prepared', by: ['system'], label: 'Entwurf erstellen' },
  submit_review: { from: ['draft_prepared'], to: 'under_review', by: ['caseworker', 'team_lead'], label: 'zur Freigabe vorlegen' },
  return: { from: ['draft_prepared', 'under_review', 'approved'], to: 'checked', by: ['caseworker', 'team_lead'], label: 'zurückgeben' },
  approve: { from: ['under_review'], to: 'approved', by: ['caseworker', 'team_lead', 'system'], label: 'freigeben' },
  issue: { from: ['approved'], to: 'issued', by: ['caseworker', 'team_lead', 'system'], label: 'Bescheid bekanntgeben' },
  file_objection: { from: ['issued'], to: 'objection_filed', by: ['citizen', 'caseworker', 'team_lead'], label: 'Widerspruch einlegen' },
  reassess_upheld: { from: ['objection_filed'], to: 'objection_upheld', by: ['caseworker', 'team_lead'], label: 'Widerspruch zurückweisen' },
  reassess_changed: { from: ['objection_filed'], to: 'decision_changed', by: ['caseworker', 'team_lead'], label: 'Bescheid ändern (Abhilfe)' },
  propose_abhilfe: { from: ['objection_filed'], to: 'abhilfe_review', by: ['caseworker', 'team_lead'], label: 'Abhilfe zur Freigabe vorlegen' },
  approve_abhilfe: { from: ['abhilfe_review'], to: 'decision_changed', by: ['caseworker', 'team_lead'], label: 'Abhilfe freigeben' },
  return_abhilfe: { from: ['abhilfe_review'], to: 'objection_filed', by: ['caseworker', 'team_lead'], label: 'Abhilfe zurückgeben' },
  close: { from: ['issued', 'objection_upheld', 'decision_changed'], to: 'closed', by: ['system'], label: 'abschließen' },
};

/** The target state, or a 409/403 naming the current state and the step. */
export function checkTransition(state: CaseState, t: Transition, actor: Actor): CaseState {
  const rule = TRANSITIONS[t];
  if (!rule.by.includes(actor.role)) {
    throw new AmtsklarError('forbidden', `Ihre Rolle darf den Schritt „${rule.label}“ nicht ausführen.`);
  }
  if (!rule.from.includes(state)) {
    throw new AmtsklarError(
      'conflict',
      `Der Schritt „${rule.label}“ ist im Status „${STATE_LABELS[state]}“ nicht möglich. Möglich ist er im Status: ${rule.from.map((s) => `„${STATE_LABELS[s]}“`).join(', ')}.`,
      [{ path: '$.state', message: `Status „${STATE_LABELS[state]}“ erlaubt diesen Schritt nicht.` }],
    );
  }
  return rule.to;
}

/** The steps possible from a state, for the API's `actions` list. */
export function possibleTransitions(state: CaseState): Transition[] {
  return (Object.keys(TRANSITIONS) as Transition[]).filter((t) => TRANSITIONS[t].from.includes(state));
}
