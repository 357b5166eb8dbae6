import { AmtsklarError, contentHash } from '../common/index.ts';
import { isClassificationCurrent } from './classify.ts';
import { activationCheck, gateClosed, STATUS_LABELS, type EntryGovernanceState, type GovernanceWorld } from './gates.ts';
import { entryContent, validateEntryContent, type RegisterChange, type RegisterHistoryItem, type RegisterStatus } from './register.ts';

/**
 * The checked state machine of a register entry:
 *
 *   draft → consultation → approved → active → retired
 *     ↑_________|______________|         |
 *     ↑________________________________|   (material change: back to draft)
 *               approved ← active          (suspension)
 *   every state except retired → retired
 */
const TRANSITIONS: Record<RegisterStatus, readonly RegisterStatus[]> = {
  draft: ['consultation', 'retired'],
  consultation: ['approved', 'draft', 'retired'],
  approved: ['active', 'draft', 'retired'],
  active: ['approved', 'draft', 'retired'],
  retired: [],
};

/** Transitions that take something away need a stated reason in the history. */
const NEEDS_REASON: readonly string[] = ['consultation>draft', 'approved>draft', 'active>draft', 'active>approved', 'draft>retired', 'consultation>retired', 'approved>retired', 'active>retired'];
const MIN_REASON = 15;

export function allowedTransitions(from: RegisterStatus): readonly RegisterStatus[] {
  return TRANSITIONS[from];
}

export interface TransitionRequest {
  to: RegisterStatus;
  actor: string;
  at: string;
  reason?: string;
}

/**
 * Moves an entry to another status, or refuses with German reasons. Going public
 * (consultation) and approval need a current classification without hard blocks, so a
 * prohibited practice never leaves draft; activation needs the full activation gate.
 */
export function transition(state: EntryGovernanceState, req: TransitionRequest, world: GovernanceWorld): RegisterChange {
  const { entry } = state;
  const from = entry.status;
  if (!TRANSITIONS[from].includes(req.to)) {
    throw new AmtsklarError('conflict', `Von „${STATUS_LABELS[from]}“ nach „${STATUS_LABELS[req.to] ?? req.to}“ ist kein zulässiger Statuswechsel.`, [
      { path: '$.to', message: `Möglich: ${TRANSITIONS[from].map((s) => STATUS_LABELS[s]).join(', ') || 'keiner'}.` },
    ]);
  }
  const key = `${from}>${req.to}`;
  if (NEEDS_REASON.includes(key) && (req.reason ?? '').trim().length < MIN_REASON) {
    throw new AmtsklarError('invalid_input', 'Dieser Statuswechsel braucht eine Begründung.', [{ path: '$.reason', message: `Begründung mit mindestens ${MIN_REASON} Zeichen erwartet.` }]);
  }
  if (req.to === 'consultation' || req.to === 'approved') {
    const problems = validateEntryContent(entry);
    const c = state.classification;
    if (!c) problems.push({ path: '$.classification', message: 'Der Eintrag ist nicht klassifiziert.' });
    else if (!isClassificationCurrent(c, entry)) problems.push({ path: '$.classification', message: 'Die Klassifizierung ist nach einer wesentlichen Änderung veraltet.' });
    else for (const b of c.blocks) problems.push({ path: `$.classification.blocks.${b.id}`, message: b.message });
    if (problems.length > 0) {
      const blocked = problems.some((p) => p.path.startsWith('$.classification.blocks'));
      throw new AmtsklarError(blocked ? 'gate_closed' : 'conflict', `„${entry.name}“ kann nicht in den Status „${STATUS_LABELS[req.to]}“ wechseln.`, problems);
    }
  }
  if (req.to === 'active') {
    const d = activationCheck(state, world);
    if (!d.allowed) throw gateClosed(d);
  }
  const version = entry.version + 1;
  const history: RegisterHistoryItem = {
    version,
    at: req.at,
    by: req.actor,
    action: 'status-changed',
    changedFields: ['status'],
    material: false,
    from,
    to: req.to,
    ...(req.reason ? { reason: req.reason.trim() } : {}),
    contentHash: contentHash(entryContent(entry)),
  };
  return {
    entry: {
      ...entry,
      status: req.to,
      version,
      updatedAt: req.at,
      ...(req.to === 'consultation' && !entry.firstPublishedAt ? { firstPublishedAt: req.at } : {}),
      ...(req.to === 'active' ? { activatedAt: req.at } : {}),
      ...(req.to === 'retired' ? { retiredAt: req.at } : {}),
      history: [...entry.history, history],
    },
    history,
  };
}
