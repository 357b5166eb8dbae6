import type { FairnessReportStore } from '../store/index.ts';
import type { Queue } from './queue.ts';

export const FAIRNESS_QUEUE = 'fairness-reports';

/**
 * Fairness monitoring on a schedule: a pg-boss job (one per slot across all processes, by
 * singleton key) that completes the decision records from the case events, makes the
 * missing reports of the last completed quarter, raises pending alerts and applies the
 * survey's and the records' own retention.
 */
export async function startFairnessSchedule(o: {
  queue: Queue;
  reports: Pick<FairnessReportStore, 'runSchedule'>;
  everyMs: number;
  log?: (msg: string) => void;
}): Promise<{ stop(): Promise<void> }> {
  const { boss } = o.queue;
  const log = o.log ?? ((msg: string) => process.emitWarning(msg));
  if (!(await boss.getQueue(FAIRNESS_QUEUE))) {
    await boss.createQueue(FAIRNESS_QUEUE).catch(async (e: Error) => {
      if (!(await boss.getQueue(FAIRNESS_QUEUE))) throw e;
    });
  }
  const id = await boss.work(FAIRNESS_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    const r = await o.reports.runSchedule();
    for (const f of r.failures) log(`Fairness-Bericht nicht erstellt: ${f}`);
  });
  const slot = Math.max(1, Math.floor(o.everyMs / 1000));
  const tick = () => void boss.send(FAIRNESS_QUEUE, {}, { singletonKey: FAIRNESS_QUEUE, singletonSeconds: slot }).catch(() => undefined);
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
