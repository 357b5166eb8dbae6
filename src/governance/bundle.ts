import { AmtsklarError, type Problem } from '../common/index.ts';
import { isIsoDate, type IsoDate } from './dates.ts';
import type { Fria } from './fria.ts';
import { HTTP_URL, isNonEmpty } from './text.ts';

/**
 * The deployer bundle of one register entry: what a municipality keeps to use a system
 * lawfully (Art. 26, 27 KI-VO; Art. 35 DSGVO). The register entry holds the named overseers;
 * the staff council's vote comes from the participation records.
 */

export interface DocumentRef {
  title: string;
  /** URL or internal reference (`dms:…`, `ledger:…`). */
  ref: string;
}

export interface IncidentRecord {
  id: string;
  occurredAt: IsoDate;
  recordedAt: string;
  recordedBy: string;
  description: string;
  /** A serious incident in the sense of Art. 3 Nr. 49 KI-VO. */
  serious: boolean;
  /** Whom it was reported to (Art. 26(5), 73 KI-VO). */
  reportedTo: ('provider' | 'market-surveillance' | 'data-protection' | 'other')[];
  /** Use suspended until resolved (Art. 26(5) UAbs. 1 S. 2 KI-VO). */
  suspendsUse: boolean;
  status: 'open' | 'resolved';
  resolvedAt?: IsoDate;
  resolution?: string;
}

export interface DeployerBundle {
  systemId: string;
  fria?: Fria;
  dpia?: DocumentRef & { completedAt: IsoDate; summary: string };
  providerInstructions?: DocumentRef;
  monitoring?: { plan: string; providerContact: string; authorityContact: string };
  affectedPersonsNotice?: { text: string; channels: string[]; since: IsoDate };
  euDatabase?: { providerEntryUrl: string; registeredAt?: IsoDate; registrationReference?: string };
  incidents: IncidentRecord[];
}

export function emptyBundle(systemId: string): DeployerBundle {
  return { systemId, incidents: [] };
}

export function validateIncident(i: IncidentRecord): IncidentRecord {
  const problems: Problem[] = [];
  if (!isNonEmpty(i.id)) problems.push({ path: '$.id', message: 'Kennung fehlt.' });
  if (!isIsoDate(i.occurredAt)) problems.push({ path: '$.occurredAt', message: 'Datum im Format JJJJ-MM-TT erwartet.' });
  if (!isNonEmpty(i.description)) problems.push({ path: '$.description', message: 'Beschreibung fehlt.' });
  if (typeof i.serious !== 'boolean') problems.push({ path: '$.serious', message: 'true oder false erwartet.' });
  if (typeof i.suspendsUse !== 'boolean') problems.push({ path: '$.suspendsUse', message: 'true oder false erwartet.' });
  if (i.serious && !(Array.isArray(i.reportedTo) && i.reportedTo.includes('provider') && i.reportedTo.includes('market-surveillance'))) {
    problems.push({ path: '$.reportedTo', message: 'Ein schwerwiegender Vorfall wird dem Anbieter und der Marktüberwachungsbehörde gemeldet (Art. 26 Abs. 5, Art. 73 KI-VO).' });
  }
  if (i.status === 'resolved') {
    if (!isIsoDate(i.resolvedAt)) problems.push({ path: '$.resolvedAt', message: 'Datum der Erledigung im Format JJJJ-MM-TT erwartet.' });
    if (!isNonEmpty(i.resolution)) problems.push({ path: '$.resolution', message: 'Wie der Vorfall erledigt wurde, fehlt.' });
    else if (isIsoDate(i.occurredAt) && i.resolvedAt! < i.occurredAt) problems.push({ path: '$.resolvedAt', message: 'Erledigt vor dem Tag, an dem der Vorfall geschah?' });
  } else if (i.status !== 'open') problems.push({ path: '$.status', message: '„open“ oder „resolved“ erwartet.' });
  else if (i.resolvedAt !== undefined || i.resolution !== undefined) problems.push({ path: '$.status', message: 'Ein offener Vorfall hat noch kein Erledigungsdatum und keine Erledigung; zum Erledigen „resolved“ angeben.' });
  if (problems.length > 0) throw new AmtsklarError('invalid_input', 'Der Vorfall ist unvollständig.', problems);
  return i;
}

/**
 * What a later record of the same incident may not change: what happened and when, a serious
 * incident's weight, and the reports already made (Art. 26 Abs. 5, Art. 73 KI-VO). It may add
 * reports, suspend use, and resolve the incident.
 */
export function incidentUpdateProblems(before: IncidentRecord, after: IncidentRecord): Problem[] {
  const problems: Problem[] = [];
  if (after.occurredAt !== before.occurredAt) problems.push({ path: '$.occurredAt', message: `Der Vorfall geschah am ${before.occurredAt}; das Datum bleibt.` });
  if (after.description !== before.description) problems.push({ path: '$.description', message: 'Die Beschreibung des Vorfalls bleibt, wie sie festgehalten wurde; neue Erkenntnisse gehören in die Erledigung oder in einen neuen Vorfall.' });
  if (before.serious && !after.serious) problems.push({ path: '$.serious', message: 'Ein als schwerwiegend festgehaltener Vorfall bleibt schwerwiegend (Art. 73 KI-VO).' });
  const withdrawn = before.reportedTo.filter((r) => !after.reportedTo.includes(r));
  if (withdrawn.length > 0) problems.push({ path: '$.reportedTo', message: `Erfolgte Meldungen (${withdrawn.join(', ')}) lassen sich nicht zurücknehmen.` });
  return problems;
}

/** Incidents that stop the system now: open and either serious or marked as suspending use. */
export function suspendingIncidents(bundle: DeployerBundle): IncidentRecord[] {
  return bundle.incidents.filter((i) => i.status === 'open' && (i.serious || i.suspendsUse));
}

export function isHttpUrl(v: unknown): boolean {
  return typeof v === 'string' && HTTP_URL.test(v);
}
