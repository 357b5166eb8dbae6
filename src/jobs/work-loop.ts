import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';

export interface WorkOptions {
  batchSize?: number;
  pollingIntervalSeconds?: number;
}

export interface WorkLoop {
  id: string;
  /** Fetches nothing more, waits for the running job (at most `graceMs`). */
  stop(graceMs: number): Promise<void>;
}

/**
 * Fetch, run, complete or fail — every step awaited. pg-boss's own `work` sends its complete
 * and fail queries without awaiting them, so a job ending during shutdown used the closed pool
 * and the rejection ended the process. Here stop() returns once the loop has left its last
 * query; a job still running after the grace time fails on the closed pool, is logged, and
 * is retried when it expires — the same as after a crash.
 */
export function startWorkLoop<T extends object>(boss: PgBoss, name: string, options: WorkOptions, handler: (jobs: PgBoss.Job<T>[]) => Promise<void>, log: (msg: string) => void = (m) => console.error(m)): WorkLoop {
  const id = randomUUID();
  const batchSize = options.batchSize ?? 1;
  const idleMs = (options.pollingIntervalSeconds ?? 2) * 1000;
  let stopping = false;
  let wake: (() => void) | null = null;
  const report = (what: string) => (e: unknown) => log(`[jobs] ${name}: ${what}: ${e instanceof Error ? e.message : String(e)}`);

  const loop = (async () => {
    while (!stopping) {
      const jobs = await boss.fetch<T>(name, { batchSize }).catch((e: unknown) => (report('Abruf fehlgeschlagen')(e), []));
      if (jobs.length > 0) {
        const ids = jobs.map((j) => j.id);
        let failure: unknown = null;
        try {
          await handler(jobs);
        } catch (e) {
          failure = e ?? new Error('Auftrag fehlgeschlagen');
        }
        if (failure === null) await boss.complete(name, ids).catch(report('Abschluss nicht gespeichert'));
        else await boss.fail(name, ids, failure as object).catch(report('Fehlschlag nicht gespeichert'));
        continue; // more may be waiting
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, idleMs);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = null;
    }
  })();

  return {
    id,
    async stop(graceMs) {
      stopping = true;
      (wake as (() => void) | null)?.();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([loop, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
    },
  };
}
