import { hostname } from 'node:os';
import { AmtsklarError } from '../common/index.ts';
import type { CaseService, RecalcService } from '../cases/index.ts';
import { isoDate, retentionCutoff } from '../cases/index.ts';
import { dueClosing, dueForRetention, dueReminders, eraseCase, municipalities, purgeExpired, type CaseKeys, type Db, type Ledger } from '../store/index.ts';
import type { Queue } from './queue.ts';

export interface WorkerDeps {
  db: Db;
  ledger: Ledger;
  keys: CaseKeys;
  queue: Queue;
  cases: CaseService;
  recalc: RecalcService;
  /** How often the reminder and retention sweeps are queued (ms); 0 = never (tests trigger them). */
  sweepEveryMs?: number;
  log?: (msg: string) => void;
}

export interface Worker {
  id: string;
  stop(): Promise<void>;
}

const SWEEP_LIMIT = 500;

/** Reminders: Nachforderungen whose deadline passed get a reminder; decided cases past the objection period close. */
export async function sweepReminders(d: Pick<WorkerDeps, 'db' | 'cases'>, now = new Date()): Promise<{ reminded: number; closed: number }> {
  const today = isoDate(now);
  let reminded = 0;
  let closed = 0;
  for (const r of await dueReminders(d.db, today, SWEEP_LIMIT)) {
    const system = { kind: 'system' as const, id: 'system' as const, name: 'Fristenkontrolle', role: 'system' as const, municipalityId: r.municipalityId };
    try {
      await d.cases.remind(system, r.caseId, r.version);
      reminded++;
    } catch {
      // Someone changed the case meanwhile; the next sweep sees its new state.
    }
  }
  for (const r of await dueClosing(d.db, today, SWEEP_LIMIT)) {
    if (await d.cases.close(r.municipalityId, r.caseId)) closed++;
  }
  return { reminded, closed };
}

/**
 * Retention: the personal data of closed cases past the pack's period is erased — in either
 * mode through the one erasure path (key destroyed, erasure entry in the ledger), so the log
 * keeps verifying after `anonymise` and after `delete`.
 */
export async function sweepRetention(d: Pick<WorkerDeps, 'db' | 'cases' | 'ledger' | 'keys'>, now = new Date()): Promise<number> {
  let n = 0;
  for (const m of await municipalities(d.db)) {
    for (const pack of d.cases.engine.packs()) {
      const { cutoff, mode } = retentionCutoff(m.settings, pack.id, now, pack.retentionDays);
      for (const caseId of await dueForRetention(d.db, m.id, pack.id, cutoff, SWEEP_LIMIT)) {
        try {
          await eraseCase(d.db, d.ledger, d.keys, { municipalityId: m.id, caseId, legalBasis: 'retention_end', mode, actor: { role: 'system', id: 'system' } });
          n++;
        } catch (e) {
          // Another worker erased it meanwhile; anything else is retried by the next sweep.
          if (!(e instanceof AmtsklarError && e.code === 'conflict')) throw e;
        }
      }
    }
  }
  await purgeExpired(d.db);
  return n;
}

/** Subscribes this process to all queues. Several workers may run against one PostgreSQL. */
export async function startWorker(d: WorkerDeps): Promise<Worker> {
  const id = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const log = d.log ?? (() => undefined);
  const ids: string[] = [];
  ids.push(
    await d.queue.work<{ municipalityId: string; caseId: string }>('drafting', { batchSize: 10, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const j of jobs) await d.cases.prepareDraft(j.data.municipalityId, j.data.caseId);
    }),
  );
  ids.push(
    await d.queue.work<{ municipalityId: string; runId: string; batch: number }>('recalc-batch', { batchSize: 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const j of jobs) {
        const r = await d.recalc.processBatch(j.data.municipalityId, j.data.runId, j.data.batch, id);
        log(`recalc ${j.data.runId} batch ${j.data.batch}: ${r.handled} handled, ${r.changed} changed`);
      }
    }),
  );
  ids.push(await d.queue.work('reminders', { pollingIntervalSeconds: 2 }, async () => void (await sweepReminders(d))));
  ids.push(await d.queue.work('retention', { pollingIntervalSeconds: 2 }, async () => void (await sweepRetention(d))));
  let timer: NodeJS.Timeout | null = null;
  if (d.sweepEveryMs) {
    const tick = () => {
      const slot = Math.max(1, Math.floor(d.sweepEveryMs! / 1000));
      void d.queue.send('reminders', {}, { singletonKey: 'reminders', singletonSeconds: slot }).catch(() => undefined);
      void d.queue.send('retention', {}, { singletonKey: 'retention', singletonSeconds: slot }).catch(() => undefined);
    };
    timer = setInterval(tick, d.sweepEveryMs);
    timer.unref();
    tick();
  }
  return {
    id,
    async stop() {
      if (timer) clearInterval(timer);
      for (const w of ids) await d.queue.offWork(w);
    },
  };
}
