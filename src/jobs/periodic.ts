import { ensureQueue, type Queue } from './queue.ts';

/**
 * A job that runs every `everyMs` — once per slot across all processes (pg-boss singleton key),
 * whichever worker takes it. The schedules of the ledger, the sandbox and fairness are this.
 */
export async function startPeriodic(queue: Queue, name: string, everyMs: number, run: () => Promise<void>): Promise<{ stop(): Promise<void> }> {
  const { boss } = queue;
  await ensureQueue(boss, name);
  const id = await queue.work(name, { pollingIntervalSeconds: 2 }, run);
  const slot = Math.max(1, Math.floor(everyMs / 1000));
  const tick = () => void boss.send(name, {}, { singletonKey: name, singletonSeconds: slot }).catch(() => undefined);
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await queue.offWork(id);
    },
  };
}
