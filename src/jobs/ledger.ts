import type { Ledger } from '../store/index.ts';
import { startPeriodic } from './periodic.ts';
import type { Queue } from './queue.ts';

export const LEDGER_QUEUE = 'ledger-checkpoint';

/**
 * Publishes a signed checkpoint on a schedule: a pg-boss job (one per slot across all
 * processes, by singleton key) that first enters what the platform recorded, then signs.
 */
export async function startLedgerSchedule(o: { queue: Queue; ledger: Ledger; everyMs: number }): Promise<{ stop(): Promise<void> }> {
  return startPeriodic(o.queue, LEDGER_QUEUE, o.everyMs, async () => {
    await o.ledger.catchUp();
    await o.ledger.publishCheckpoint();
  });
}
