import PgBoss from 'pg-boss';
import type { JobRequest } from '../cases/index.ts';
import type { Db, Sql } from '../store/index.ts';
import { startWorkLoop, type WorkLoop, type WorkOptions } from './work-loop.ts';

/**
 * The job queue: pg-boss in the same database as the cases, on both stores. Jobs are
 * enqueued through the caller's transaction, so a job exists exactly when the change
 * that asked for it committed. On PGlite, pg-boss's own supervisor and cron clock are
 * off (one process, no second connection); our worker runs the sweeps on a timer instead.
 */
export const QUEUES = ['drafting', 'recalc-batch', 'reminders', 'retention'] as const;
export type QueueName = (typeof QUEUES)[number];

function adapter(sql: Sql, db?: Db) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      // pg-boss sends multi-statement scripts (its own migrations) without parameters.
      if (db && values.length === 0 && db.kind === 'pglite' && text.includes(';')) {
        await db.exec(text);
        return { rows: [] };
      }
      return { rows: await sql.query(text, values) };
    },
  };
}

export interface Queue {
  boss: PgBoss;
  /** Enqueue inside a transaction of the case store. */
  enqueue(tx: Sql, job: JobRequest): Promise<void>;
  send(queue: QueueName, data: object, options?: PgBoss.SendOptions): Promise<string | null>;
  /** Runs `handler` for jobs of `name` in this process (see work-loop.ts). Returns the loop's id. */
  work<T extends object>(name: string, options: WorkOptions, handler: (jobs: PgBoss.Job<T>[]) => Promise<void>): Promise<string>;
  /** Stops one loop started by work(), after its running job. */
  offWork(id: string): Promise<void>;
  /** Stops all loops, letting running jobs finish (at most `graceMs`); afterwards no database use. */
  stop(graceMs?: number): Promise<void>;
}

export async function openQueue(db: Db): Promise<Queue> {
  const loops: WorkLoop[] = [];
  const boss = new PgBoss({
    db: adapter(db, db),
    schema: 'pgboss',
    supervise: db.kind === 'postgres',
    schedule: false,
    migrate: true,
  });
  boss.on('error', (e: Error) => console.error(`[jobs] ${e.message}`));
  await startOnce(boss);
  for (const q of QUEUES) await ensureQueue(boss, q);
  return {
    boss,
    async enqueue(tx, job) {
      await boss.send(job.queue, job.data, { db: adapter(tx), retryLimit: 3, retryDelay: 2, expireInSeconds: 900 });
    },
    send: (queue, data, options) => boss.send(queue, data, options ?? {}),
    async work(name, options, handler) {
      const loop = startWorkLoop(boss, name, options, handler as (jobs: PgBoss.Job<object>[]) => Promise<void>);
      loops.push(loop);
      return loop.id;
    },
    async offWork(id) {
      await loops.find((l) => l.id === id)?.stop(10_000);
    },
    async stop(graceMs = 10_000) {
      await Promise.all(loops.map((l) => l.stop(graceMs)));
      await boss.stop({ graceful: true, close: false, wait: true, timeout: 1000 });
    },
  };
}

// pg-boss migrates its schema on start under its own advisory lock; a process that loses
// a race on a fresh database retries.
async function startOnce(boss: PgBoss): Promise<void> {
  let lastError: unknown;
  for (let i = 0; i < 5; i++) {
    try {
      await boss.start();
      return;
    } catch (e) {
      lastError = e;
      await new Promise((r) => setTimeout(r, 200 * (i + 1)));
    }
  }
  throw lastError;
}

/**
 * Creates a pg-boss queue unless it exists. Processes starting together race for it: the loser
 * may see a unique violation or a deadlock (pg-boss creates a table per queue), and at that
 * moment the winner may not have committed yet — so it waits briefly and looks again.
 */
export async function ensureQueue(boss: PgBoss, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name);
      return;
    } catch (e) {
      if (attempt >= 6) {
        if (await boss.getQueue(name)) return;
        throw e;
      }
      await new Promise((r) => setTimeout(r, 25 * attempt + Math.floor(Math.random() * 50)));
    }
  }
}
