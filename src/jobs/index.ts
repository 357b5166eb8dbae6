export { openQueue, QUEUES, type Queue, type QueueName } from './queue.ts';
export { startWorker, sweepReminders, sweepRetention, type Worker, type WorkerDeps } from './worker.ts';
export { LEDGER_QUEUE, startLedgerSchedule } from './ledger.ts';
export { SANDBOX_QUEUE, startSandboxResetSchedule, type SandboxResettable } from './sandbox-reset.ts';
export { FAIRNESS_QUEUE, startFairnessSchedule } from './fairness-reports.ts';
