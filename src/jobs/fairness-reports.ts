import type { FairnessReportStore } from '../store/index.ts';
import { startPeriodic } from './periodic.ts';
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
  const log = o.log ?? ((msg: string) => process.emitWarning(msg));
  return startPeriodic(o.queue, FAIRNESS_QUEUE, o.everyMs, async () => {
    const r = await o.reports.runSchedule();
    for (const f of r.failures) log(`Fairness-Bericht nicht erstellt: ${f}`);
  });
}
