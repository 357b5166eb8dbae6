import { AmtsklarError } from '../common/index.ts';
import type { ObjectionRouting } from './model.ts';
import { mayBeAssigned, pickAssignee } from './objections.ts';
import type { Clock, ObjectionStore } from './ports.ts';

/**
 * Routes each objection to a person who reassesses it. The case workflow (src/cases)
 * enforces the same independence rule when the objection is decided; this routing makes
 * sure somebody is named for it the moment it is filed.
 */
export class ObjectionRouter {
  private readonly store: ObjectionStore;
  private readonly clock: Clock;

  constructor(store: ObjectionStore, clock: Clock = { now: () => new Date() }) {
    this.store = store;
    this.clock = clock;
  }

  /** Called after an objection was filed (case event `file_objection`). Idempotent. */
  async objectionFiled(m: string, caseId: string): Promise<ObjectionRouting | null> {
    return this.store.unitOfWork(async (u) => {
      const o = await u.openObjection(m, caseId);
      if (!o) return null;
      const existing = await u.routing(o.id, true);
      if (existing) return existing;
      const c = await u.caseForObjection(m, caseId);
      if (!c) return null;
      const assignee = c.teamId ? pickAssignee(await u.candidates(m, c.teamId), new Set(c.involved)) : null;
      const r: ObjectionRouting = {
        objectionId: o.id,
        caseId,
        municipalityId: m,
        assignedTo: assignee,
        assignedBy: assignee ? 'system' : null,
        assignedAt: assignee ? this.clock.now().toISOString() : null,
      };
      await u.saveRouting(r);
      return r;
    });
  }

  /** A team lead names another person (the case access check is the caller's). */
  async assign(m: string, caseId: string, userId: string, by: string): Promise<ObjectionRouting> {
    const routed = await this.objectionFiled(m, caseId);
    if (!routed) throw new AmtsklarError('conflict', 'Zu diesem Fall liegt kein offener Widerspruch vor.', [{ path: '$.userId', message: 'kein offener Widerspruch' }]);
    return this.store.unitOfWork(async (u) => {
      const r = (await u.routing(routed.objectionId, true))!;
      const c = await u.caseForObjection(m, caseId);
      const candidates = c?.teamId ? await u.candidates(m, c.teamId) : [];
      const problem = mayBeAssigned(
        candidates.find((x) => x.id === userId),
        new Set(c?.involved ?? []),
      );
      if (problem) throw new AmtsklarError('invalid_input', problem, [{ path: '$.userId', message: problem }]);
      const next = { ...r, assignedTo: userId, assignedBy: by, assignedAt: this.clock.now().toISOString() };
      await u.saveRouting(next);
      return next;
    });
  }
}
