// The fairness part of the store's public API (re-exported by index.ts in one line).
import type { Db } from './db.ts';
import { FairnessRecordStore } from './fairness-records.ts';
import { FairnessReportStore, type AlertRegister, type ReportLedger } from './fairness-reports.ts';
import { FairnessSurveyStore } from './fairness-survey.ts';

export { FairnessSurveyStore, SURVEY_RETENTION_MONTHS } from './fairness-survey.ts';
export { FairnessRecordStore, RECORD_RETENTION_MONTHS, type RecordOutcome } from './fairness-records.ts';
export { FairnessReportStore, type AlertRegister, type ProducedReport, type ReportLedger, type StoredAlert, type StoredReport } from './fairness-reports.ts';

export interface FairnessStores {
  survey: FairnessSurveyStore;
  records: FairnessRecordStore;
  reports: FairnessReportStore;
}

/** The three fairness stores over one database, sharing the survey's pseudonym key. */
export function openFairness(o: { db: Db; ledger: ReportLedger; register?: AlertRegister | null; now?: () => Date }): FairnessStores {
  const survey = new FairnessSurveyStore(o.db, o.now ? { now: o.now } : {});
  const records = new FairnessRecordStore(o.db, survey);
  const reports = new FairnessReportStore({ db: o.db, survey, records, ledger: o.ledger, register: o.register ?? null, ...(o.now ? { now: o.now } : {}) });
  return { survey, records, reports };
}
