import { randomUUID } from 'node:crypto';
import { AmtsklarError } from '../../common/index.ts';
import { decide, explain, whatIf, type Pack, type WhatIfQuery } from '../../engine/index.ts';
import type { SectionId } from '../../drafting/index.ts';
import { addDays, today } from '../dates.ts';
import type { Clock } from '../ports.ts';
import { refusePersonalData } from '../text-guard.ts';
import { caseView, decideDiscretion, decidePoolCase, draftPoolCase } from './caseworker.ts';
import { checkSandboxApplication } from './input-guard.ts';
import { AUDIENCES, SANDBOX_LABEL, SANDBOX_LABEL_EN, SANDBOX_PACKS, SANDBOX_TENANT, type PoolCase, type SandboxAudience, type SandboxMeta, type SandboxPackId, type SandboxSession, type SandboxWork } from './model.ts';
import { generatePool, type SandboxPacks } from './pool.ts';

/** The sandbox's own tables: nothing here reads or writes a municipality's data. */
export interface SandboxStore {
  meta(): Promise<SandboxMeta | null>;
  /**
   * In one transaction: replaces the pool, deletes every session with its work and sets
   * the day. With `onlyIfStale`, does nothing when the stored day is already `day` (several
   * processes may notice the new day at once; one resets).
   */
  reset(meta: SandboxMeta, pool: readonly PoolCase[], onlyIfStale: boolean): Promise<boolean>;
  pool(): Promise<PoolCase[]>;
  poolCase(no: number): Promise<PoolCase | null>;
  createSession(s: SandboxSession): Promise<void>;
  session(id: string): Promise<SandboxSession | null>;
  touchSession(id: string, at: string): Promise<void>;
  deleteSession(id: string): Promise<boolean>;
  work(sessionId: string, no: number): Promise<SandboxWork | null>;
  saveWork(sessionId: string, no: number, work: SandboxWork | null): Promise<void>;
  /** Kiosk sessions idle since before `idleBefore`: deleted with their work. */
  expireKioskSessions(idleBefore: string): Promise<number>;
}

/** The citizen assistant as the sandbox uses it: extractive answers from the service descriptions, no language model. */
export interface SandboxChat {
  chat(message: string, lang: 'de' | 'en'): Promise<unknown>;
}

export interface SandboxOptions {
  store: SandboxStore;
  packs: SandboxPacks;
  chat?: SandboxChat;
  clock?: Clock;
  /** Kiosk mode: seconds of inactivity after which a session is cleared (default 180). */
  kioskIdleSeconds?: number;
  /** Seconds before clearing that the kiosk warns (default 30). */
  kioskWarningSeconds?: number;
}

function gone(): AmtsklarError {
  return new AmtsklarError('not_found', 'Diese Übungssitzung gibt es nicht (mehr). Sie wurde beendet, ist abgelaufen oder der Experimentierraum wurde über Nacht zurückgesetzt. Bitte beginnen Sie eine neue.');
}

function noCase(): AmtsklarError {
  return new AmtsklarError('not_found', 'Diesen Übungsfall gibt es nicht. Es gibt nur die Übungsfälle des Tages (siehe Liste).', [{ path: '$.no', message: 'unbekannter Übungsfall' }]);
}

/**
 * The experimentation space: synthetic cases of the day, calculators with what-if and the
 * explanations of every audience, a caseworker's desk (discretion, draft, fact gate), the
 * assistant, and kiosk sessions. Every text a visitor types is checked by the PII guard and
 * refused if it holds personal data.
 */
export class SandboxService {
  readonly kioskIdleSeconds: number;
  readonly kioskWarningSeconds: number;
  private readonly store: SandboxStore;
  private readonly packs: SandboxPacks;
  private readonly chatPort: SandboxChat | undefined;
  private readonly clock: Clock;

  constructor(o: SandboxOptions) {
    this.store = o.store;
    this.packs = o.packs;
    this.chatPort = o.chat;
    this.clock = o.clock ?? { now: () => new Date() };
    this.kioskIdleSeconds = o.kioskIdleSeconds ?? 180;
    this.kioskWarningSeconds = Math.min(o.kioskWarningSeconds ?? 30, Math.max(5, this.kioskIdleSeconds - 5));
  }

  private day(): string {
    return today(this.clock.now());
  }

  private pack(id: string): Pack {
    if (!(SANDBOX_PACKS as readonly string[]).includes(id)) {
      throw new AmtsklarError('invalid_input', `Im Experimentierraum gibt es die Rechner für ${SANDBOX_PACKS.join(' und ')}.`, [{ path: '$.packId', message: 'unbekanntes Regelwerk' }]);
    }
    return this.packs.pack(id as SandboxPackId);
  }

  /** Resets the space: new pool of the day, all sessions gone. `force` resets even when today's pool exists. */
  async reset(force = false): Promise<{ day: string; cases: number; reset: boolean }> {
    const day = this.day();
    const seed = `${SANDBOX_TENANT}:${day}`;
    const pool = generatePool(day, this.packs, seed);
    const done = await this.store.reset({ day, seed, resetAt: this.clock.now().toISOString() }, pool, !force);
    return { day, cases: pool.length, reset: done };
  }

  /** The space resets itself the first time it is used on a new day (the daily job does it at midnight too). */
  async ensureToday(): Promise<SandboxMeta> {
    const meta = await this.store.meta();
    if (meta?.day === this.day()) return meta;
    await this.reset(false);
    return (await this.store.meta())!;
  }

  async info() {
    const meta = await this.ensureToday();
    return {
      tenant: SANDBOX_TENANT,
      label: SANDBOX_LABEL,
      labelEn: SANDBOX_LABEL_EN,
      day: meta.day,
      resetAt: meta.resetAt,
      nextReset: `${addDays(meta.day, 1)}T00:00:00Z`,
      packs: SANDBOX_PACKS,
      audiences: AUDIENCES,
      kiosk: { idleSeconds: this.kioskIdleSeconds, warningSeconds: this.kioskWarningSeconds },
      notice:
        'Alle Fälle hier sind ausgedacht (synthetische Daten). Nichts, was Sie hier tun, hat rechtliche Wirkung. Bitte geben Sie keine echten persönlichen Daten ein – sie werden abgelehnt. Der Experimentierraum wird jede Nacht zurückgesetzt.',
    };
  }

  async startSession(kiosk: boolean): Promise<SandboxSession> {
    const meta = await this.ensureToday();
    const now = this.clock.now().toISOString();
    const s: SandboxSession = { id: randomUUID(), day: meta.day, kiosk, createdAt: now, lastSeenAt: now };
    await this.store.createSession(s);
    return s;
  }

  async endSession(id: string): Promise<void> {
    if (!(await this.store.deleteSession(id))) throw gone();
  }

  /** A session of today; a kiosk session idle too long is cleared on the spot. */
  private async session(id: string): Promise<SandboxSession> {
    const meta = await this.ensureToday();
    const s = await this.store.session(id);
    if (!s || s.day !== meta.day) throw gone();
    const now = this.clock.now();
    if (s.kiosk && now.getTime() - Date.parse(s.lastSeenAt) > this.kioskIdleSeconds * 1000) {
      await this.store.deleteSession(id);
      throw gone();
    }
    await this.store.touchSession(id, now.toISOString());
    return s;
  }

  async keepAlive(sessionId: string): Promise<{ idleSeconds: number }> {
    await this.session(sessionId);
    return { idleSeconds: this.kioskIdleSeconds };
  }

  private async poolCase(no: number): Promise<PoolCase> {
    await this.ensureToday();
    const pc = await this.store.poolCase(no);
    if (!pc) throw noCase();
    return pc;
  }

  async cases() {
    await this.ensureToday();
    return (await this.store.pool()).map((pc) => {
      const d = decidePoolCase(this.pack(pc.packId), pc, null);
      return { no: pc.no, label: pc.label, packId: pc.packId, purpose: pc.purpose, outcome: d.outcome };
    });
  }

  async caseDetail(sessionId: string, no: number, audience: SandboxAudience) {
    await this.session(sessionId);
    const pc = await this.poolCase(no);
    return caseView(this.pack(pc.packId), pc, await this.store.work(sessionId, no), audience);
  }

  async discretion(sessionId: string, no: number, input: { point: string; option: string; reason: string }, audience: SandboxAudience) {
    refusePersonalData(input.reason, '$.reason', 'sandbox');
    await this.session(sessionId);
    const pc = await this.poolCase(no);
    const pack = this.pack(pc.packId);
    const work = decideDiscretion(pack, pc, await this.store.work(sessionId, no), input, this.clock.now().toISOString());
    await this.store.saveWork(sessionId, no, work);
    return caseView(pack, pc, work, audience);
  }

  async resetCase(sessionId: string, no: number) {
    await this.session(sessionId);
    const pc = await this.poolCase(no);
    await this.store.saveWork(sessionId, no, null);
    return caseView(this.pack(pc.packId), pc, null, 'caseworker');
  }

  async draft(sessionId: string, no: number, opts: { planted: boolean; edits: { section: SectionId; text: string }[] }) {
    opts.edits.forEach((e, i) => refusePersonalData(e.text, `$.edits[${i}].text`, 'sandbox'));
    await this.session(sessionId);
    const pc = await this.poolCase(no);
    return draftPoolCase(this.pack(pc.packId), pc, await this.store.work(sessionId, no), this.day(), opts);
  }

  /** The calculator: any application in the pack's format, checked for personal data, with the explanation of the chosen audience. */
  async calculate(packId: string, antrag: unknown, audience: SandboxAudience) {
    const pack = this.pack(packId);
    checkSandboxApplication(pack, antrag);
    const d = decide(pack, antrag, { trace: true });
    const main = pack.def.rules.find((r) => r.id === pack.def.mainOutput);
    return {
      label: SANDBOX_LABEL,
      packId: pack.id,
      release: pack.release,
      outcome: d.outcome,
      mainOutput: pack.def.mainOutput,
      // The result by its name in the pack („Monatliches Wohngeld“), never the rule's code.
      mainLabel: main?.label ?? pack.def.mainOutput,
      mainType: main?.type ?? 'any',
      mainValue: d.values[pack.def.mainOutput] ?? null,
      values: d.values,
      reasons: d.reasons,
      missing: d.missing.map((m) => ({ input: m.input, question: m.question, ...(m.norm ? { norm: m.norm } : {}) })),
      discretion: d.discretion.map((x) => ({ point: x.point, norm: x.norm, why: x.why, provisional: x.provisional, options: x.options })),
      audience,
      explanation: explain(pack, d, audience),
    };
  }

  async whatIf(packId: string, antrag: unknown, query: WhatIfQuery) {
    const pack = this.pack(packId);
    checkSandboxApplication(pack, antrag);
    if (query.output && !pack.def.outputs.includes(query.output)) {
      throw new AmtsklarError('invalid_input', `„${query.output}“ ist kein Ergebnis dieses Regelwerks.`, [{ path: '$.output', message: 'unbekanntes Ergebnis' }]);
    }
    return { ...whatIf(pack, antrag, query), path: query.path, label: SANDBOX_LABEL };
  }

  async chat(message: string, lang: 'de' | 'en') {
    refusePersonalData(message, '$.message', 'sandbox');
    if (!this.chatPort) throw new AmtsklarError('unsupported', 'Der Assistent ist im Experimentierraum nicht eingerichtet.');
    return { label: SANDBOX_LABEL, response: await this.chatPort.chat(message, lang) };
  }

  /** Kiosk sessions idle past the limit are cleared (the kiosk page clears itself as well). */
  async expireIdleKiosks(): Promise<number> {
    return this.store.expireKioskSessions(new Date(this.clock.now().getTime() - this.kioskIdleSeconds * 1000).toISOString());
  }
}
