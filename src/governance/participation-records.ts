import { AmtsklarError, type Problem } from '../common/index.ts';
import { isIsoDate, type IsoDate } from './dates.ts';
import { isNonEmpty } from './text.ts';

/**
 * The records the activation gate reads from the participation capability, which records
 * them (the staff council's vote, the public consultation). Defined here so the gate and
 * the recorder agree on one shape.
 */

export type StaffCouncilVote = 'pending' | 'approved' | 'approved-with-conditions' | 'rejected';

export interface StaffCouncilRecord {
  systemId: string;
  /** When the staff council (Personalrat) was informed (Art. 26(7) KI-VO; Land PersVG). */
  informedAt: IsoDate;
  vote: StaffCouncilVote;
  votedAt?: IsoDate;
  conditions: string[];
  /** Reference of the service agreement (Dienstvereinbarung); required with a consent. */
  serviceAgreementRef?: string;
  recordedBy: string;
  recordedAt: string;
}

export interface ConsultationRecord {
  systemId: string;
  openedAt: IsoDate;
  closesAt: IsoDate;
  closedAt?: IsoDate;
  /** When the administration's response explaining how the input was used was published. */
  responsePublishedAt?: IsoDate;
  url?: string;
}

/**
 * A comment phase of at least two weeks, so people who read a paper or a notice board can still
 * take part — for consultations run in Amtsklar and for those recorded by hand alike.
 */
export const MIN_CONSULTATION_DAYS = 14;

const DAY_MS = 86_400_000;
const days = (from: IsoDate, to: IsoDate) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** What makes a consultation record a real comment phase; the gate counts only such records. */
export function consultationProblems(r: Pick<ConsultationRecord, 'openedAt' | 'closesAt' | 'closedAt' | 'responsePublishedAt'>): Problem[] {
  const problems: Problem[] = [];
  if (r.closesAt < r.openedAt) problems.push({ path: '$.closesAt', message: 'Die Frist endet vor dem Beginn.' });
  else if (days(r.openedAt, r.closesAt) < MIN_CONSULTATION_DAYS) problems.push({ path: '$.closesAt', message: `Die Frist für Beiträge muss mindestens ${MIN_CONSULTATION_DAYS} Tage nach dem Beginn enden.` });
  if (r.closedAt && r.closedAt < r.closesAt) problems.push({ path: '$.closedAt', message: 'Die Beteiligung kann erst nach Ablauf der Frist abgeschlossen werden.' });
  if (r.responsePublishedAt && !r.closedAt) problems.push({ path: '$.responsePublishedAt', message: 'Eine Antwort wird erst nach dem Abschluss veröffentlicht.' });
  else if (r.responsePublishedAt && r.closedAt && r.responsePublishedAt < r.closedAt) problems.push({ path: '$.responsePublishedAt', message: 'Die Antwort kann nicht vor dem Abschluss veröffentlicht sein.' });
  return problems;
}

export function validateStaffCouncilRecord(r: StaffCouncilRecord): StaffCouncilRecord {
  const problems: Problem[] = [];
  if (!isNonEmpty(r.systemId)) problems.push({ path: '$.systemId', message: 'Registereintrag fehlt.' });
  if (!isIsoDate(r.informedAt)) problems.push({ path: '$.informedAt', message: 'Datum der Unterrichtung im Format JJJJ-MM-TT erwartet.' });
  if (!['pending', 'approved', 'approved-with-conditions', 'rejected'].includes(r.vote)) problems.push({ path: '$.vote', message: '„pending“, „approved“, „approved-with-conditions“ oder „rejected“ erwartet.' });
  if (r.vote !== 'pending') {
    if (!isIsoDate(r.votedAt)) problems.push({ path: '$.votedAt', message: 'Datum des Beschlusses im Format JJJJ-MM-TT erwartet.' });
    else if (isIsoDate(r.informedAt) && r.votedAt < r.informedAt) problems.push({ path: '$.votedAt', message: 'Der Beschluss kann nicht vor der Unterrichtung liegen.' });
  }
  if (!Array.isArray(r.conditions) || !r.conditions.every(isNonEmpty)) problems.push({ path: '$.conditions', message: 'Liste der Bedingungen erwartet (leer, wenn keine).' });
  else if (r.vote === 'approved-with-conditions' && r.conditions.length === 0) problems.push({ path: '$.conditions', message: 'Eine Zustimmung unter Bedingungen nennt die Bedingungen.' });
  // the procedure and the participation capability: a consent names its service agreement
  if ((r.vote === 'approved' || r.vote === 'approved-with-conditions') && !isNonEmpty(r.serviceAgreementRef)) {
    problems.push({ path: '$.serviceAgreementRef', message: 'Eine Zustimmung nennt die Dienstvereinbarung (Aktenzeichen oder Titel), auf der sie beruht.' });
  }
  if (!isNonEmpty(r.recordedBy)) problems.push({ path: '$.recordedBy', message: 'Wer den Beschluss erfasst hat, fehlt.' });
  if (problems.length > 0) throw new AmtsklarError('invalid_input', 'Der Beschluss der Personalvertretung ist unvollständig.', problems);
  return r;
}

/** The latest record of the system by time of recording, among those recorded by the day `at` (if given). */
export function latestStaffCouncilRecord(records: readonly StaffCouncilRecord[], systemId: string, at?: IsoDate): StaffCouncilRecord | undefined {
  return records.filter((r) => r.systemId === systemId && (at === undefined || r.recordedAt.slice(0, 10) <= at)).sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0)).at(-1);
}

export function isStaffCouncilApproval(r: StaffCouncilRecord | undefined, at: IsoDate): boolean {
  return r !== undefined && (r.vote === 'approved' || r.vote === 'approved-with-conditions') && r.votedAt !== undefined && r.votedAt <= at;
}

export function isConsultationCompleted(records: readonly ConsultationRecord[], systemId: string, at: IsoDate): ConsultationRecord | undefined {
  return records.find((r) => r.systemId === systemId && r.closedAt !== undefined && r.closedAt <= at && r.responsePublishedAt !== undefined && r.responsePublishedAt <= at);
}
