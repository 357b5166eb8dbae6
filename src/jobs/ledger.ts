import type { Ledger } from '../store/index.ts';
import type { Queue } from './queue.ts';

export const LEDGER_QUEUE = 'ledger-checkpoint';

/**
 * Publishes a signed checkpoint on a schedule: a pg-boss job (one per slot across all
 * processes, by singleton key) that first enters what the platform recorded, then signs.
 */
export async function startLedgerSchedule(o: { queue: Queue; ledger: Ledger; everyMs: number }): Promise<{ stop(): Promise<void> }> {
  const { boss } = o.queue;
  if (!(await boss.getQueue(LEDGER_QUEUE))) {
    await boss.createQueue(LEDGER_QUEUE).catch(async (e: Error) => {
      if (!(await boss.getQueue(LEDGER_QUEUE))) throw e;
    });
  }
  const id = await boss.work(LEDGER_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    await o.ledger.catchUp();
    await o.ledger.publishCheckpoint();
  });
  const slot = Math.max(1, Math.floor(o.everyMs / 1000));
  const tick = () => void boss.send(LEDGER_QUEUE, {}, { singletonKey: LEDGER_QUEUE, singletonSeconds: slot }).catch(() => undefined);
  const timer = setInterval(tick, o.everyMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await boss.offWork({ id }).catch(() => undefined);
    },
  };
}
