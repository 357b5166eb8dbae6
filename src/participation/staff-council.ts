import type { Problem } from '../common/index.ts';
import type { StaffCouncilRecord } from '../governance/index.ts';
import { conflict, invalid } from './consultation.ts';
import { germanDay, isIsoDay } from './dates.ts';
import { PACKAGE_ITEMS, PACKAGE_ITEM_LABELS, type IsoDay, type PackageItem, type StaffCouncilProcedure, type StaffCouncilStatus } from './model.ts';
import { checkText, optionalText } from './text.ts';

/**
 * The staff council's co-determination (Mitbestimmung bei technischen Einrichtungen, Land
 * PersVG; Art. 26 Abs. 7 KI-VO: inform workers' representatives before use) as a procedure:
 * Unterrichtung with the complete information package → Erörterung → Beschluss (Zustimmung,
 * Zustimmung unter Bedingungen, Ablehnung) → Dienstvereinbarung; after a refusal the
 * Einigungsstelle, then a new Beschluss. Every step that changes the council's position is
 * written to the governance record the activation gate reads.
 */

export const STAFF_COUNCIL_STATUS_LABELS: Record<StaffCouncilStatus, string> = {
  informed: 'unterrichtet, Beschluss steht aus',
  deliberation: 'in Erörterung',
  approved: 'zugestimmt',
  'approved-with-conditions': 'unter Bedingungen zugestimmt',
  rejected: 'abgelehnt',
  conciliation: 'Einigungsstelle angerufen',
};

const OPEN: readonly StaffCouncilStatus[] = ['informed', 'deliberation', 'conciliation'];

export function isOpen(p: StaffCouncilProcedure): boolean {
  return OPEN.includes(p.status);
}

/** The information package: every item with a document reference, or a reason why it does not apply (never for the system description, its purpose and data, or the draft agreement). */
export function checkPackage(raw: unknown): PackageItem[] {
  const problems: Problem[] = [];
  if (!Array.isArray(raw)) throw invalid('Das Informationspaket fehlt.', [{ path: '$.package', message: 'Liste der Unterlagen erwartet.' }]);
  const out: PackageItem[] = [];
  const seen = new Set<string>();
  raw.forEach((x: { item?: unknown; ref?: unknown; notApplicable?: unknown } | null, i) => {
    const p = `$.package[${i}]`;
    if (!x || !(PACKAGE_ITEMS as readonly unknown[]).includes(x.item)) {
      problems.push({ path: `${p}.item`, message: `Erwartet: ${PACKAGE_ITEMS.join(', ')}.` });
      return;
    }
    const item = x.item as PackageItem['item'];
    if (seen.has(item)) problems.push({ path: `${p}.item`, message: 'Doppelt aufgeführt.' });
    seen.add(item);
    const ref = optionalText(x.ref, `${p}.ref`, 500, 'Fundstelle', problems);
    const na = optionalText(x.notApplicable, `${p}.notApplicable`, 2000, 'Begründung', problems);
    if (ref && na) problems.push({ path: p, message: 'Entweder eine Fundstelle oder eine Begründung, warum die Unterlage entfällt.' });
    else if (!ref && !na) problems.push({ path: `${p}.ref`, message: 'Fundstelle der Unterlage fehlt (oder Begründung, warum sie entfällt).' });
    else if (na && ['systembeschreibung', 'zweck', 'daten', 'dv-entwurf'].includes(item)) problems.push({ path: `${p}.notApplicable`, message: `„${PACKAGE_ITEM_LABELS[item]}“ gehört immer zur Unterrichtung.` });
    else if (na && na.length < 10) problems.push({ path: `${p}.notApplicable`, message: 'Begründung: mindestens 10 Zeichen.' });
    out.push({ item, ...(ref ? { ref } : {}), ...(na ? { notApplicable: na } : {}) });
  });
  PACKAGE_ITEMS.forEach((item) => {
    if (!seen.has(item)) problems.push({ path: '$.package', message: `Es fehlt: ${PACKAGE_ITEM_LABELS[item]} (${item}).` });
  });
  if (problems.length > 0) throw invalid('Das Informationspaket für die Personalvertretung ist unvollständig.', problems);
  return PACKAGE_ITEMS.map((item) => out.find((x) => x.item === item)!);
}

export function inform(
  input: { informedOn: unknown; package: unknown },
  entry: { id: string; version: number; materialHash: string },
  previous: StaffCouncilProcedure | null,
  todayIs: IsoDay,
  base: { id: string; municipalityId: string; createdBy: string; now: string },
): StaffCouncilProcedure {
  if (previous && isOpen(previous)) throw conflict(`Ein Verfahren mit der Personalvertretung läuft bereits (${STAFF_COUNCIL_STATUS_LABELS[previous.status]}).`);
  if (!isIsoDay(input.informedOn)) throw invalid('Datum der Unterrichtung fehlt.', [{ path: '$.informedOn', message: 'Datum im Format JJJJ-MM-TT erwartet.' }]);
  if (input.informedOn > todayIs) throw invalid('Die Unterrichtung kann nicht in der Zukunft liegen.', [{ path: '$.informedOn', message: 'Datum in der Zukunft.' }]);
  const pkg = checkPackage(input.package);
  return {
    id: base.id,
    municipalityId: base.municipalityId,
    entryId: entry.id,
    entryVersion: entry.version,
    entryMaterialHash: entry.materialHash,
    status: 'informed',
    informedOn: input.informedOn,
    package: pkg,
    deliberations: [],
    vote: null,
    serviceAgreement: null,
    conciliation: null,
    version: 1,
    createdBy: base.createdBy,
    createdAt: base.now,
    updatedAt: base.now,
  };
}

function checkDay(v: unknown, path: string, after: IsoDay, afterWhat: string, todayIs: IsoDay): IsoDay {
  if (!isIsoDay(v)) throw invalid('Datum fehlt oder ist ungültig.', [{ path, message: 'Datum im Format JJJJ-MM-TT erwartet.' }]);
  if (v < after) throw invalid(`Das Datum liegt vor ${afterWhat} (${germanDay(after)}).`, [{ path, message: `Frühestens ${germanDay(after)}.` }]);
  if (v > todayIs) throw invalid('Das Datum liegt in der Zukunft.', [{ path, message: 'Datum in der Zukunft.' }]);
  return v;
}

export function deliberate(p: StaffCouncilProcedure, input: { on: unknown; note: unknown }, todayIs: IsoDay): StaffCouncilProcedure {
  if (!isOpen(p)) throw conflict('Das Verfahren ist abgeschlossen; für eine neue Erörterung bitte die Personalvertretung erneut unterrichten.');
  const on = checkDay(input.on, '$.on', p.informedOn, 'der Unterrichtung', todayIs);
  const problems: Problem[] = [];
  const note = checkText(input.note, '$.note', 10, 5000, 'Ergebnis der Erörterung', problems);
  if (problems.length > 0) throw invalid('Die Erörterung ist unvollständig.', problems);
  return { ...p, status: p.status === 'conciliation' ? 'conciliation' : 'deliberation', deliberations: [...p.deliberations, { on, note }] };
}

export interface VoteInput {
  result: unknown;
  on: unknown;
  conditions?: unknown;
  resolutionRef?: unknown;
  serviceAgreement?: { ref?: unknown; concludedOn?: unknown; basedOnTemplate?: unknown } | null;
}

/** The formal Beschluss. An approval names the Dienstvereinbarung that sets the terms of use. */
export function vote(p: StaffCouncilProcedure, input: VoteInput, todayIs: IsoDay): StaffCouncilProcedure {
  if (!isOpen(p)) throw conflict(`Die Personalvertretung hat bereits beschlossen (${STAFF_COUNCIL_STATUS_LABELS[p.status]}).`);
  const problems: Problem[] = [];
  const result = input.result;
  if (result !== 'approved' && result !== 'approved-with-conditions' && result !== 'rejected') problems.push({ path: '$.result', message: 'Erwartet: approved, approved-with-conditions, rejected.' });
  const on = checkDay(input.on, '$.on', p.conciliation?.calledOn ?? p.informedOn, p.conciliation ? 'der Anrufung der Einigungsstelle' : 'der Unterrichtung', todayIs);
  const conditions: string[] = [];
  if (input.conditions !== undefined && !Array.isArray(input.conditions)) problems.push({ path: '$.conditions', message: 'Liste der Bedingungen erwartet.' });
  else ((input.conditions as unknown[] | undefined) ?? []).forEach((c, i) => conditions.push(checkText(c, `$.conditions[${i}]`, 5, 2000, 'Bedingung', problems)));
  if (result === 'approved-with-conditions' && conditions.length === 0) problems.push({ path: '$.conditions', message: 'Eine Zustimmung unter Bedingungen nennt die Bedingungen.' });
  if (result !== 'approved-with-conditions' && conditions.length > 0) problems.push({ path: '$.conditions', message: 'Bedingungen nur bei „approved-with-conditions“.' });
  const resolutionRef = optionalText(input.resolutionRef, '$.resolutionRef', 200, 'Beschlussnummer', problems) ?? null;
  let serviceAgreement: StaffCouncilProcedure['serviceAgreement'] = null;
  if (result === 'approved' || result === 'approved-with-conditions') {
    const sa = input.serviceAgreement;
    if (!sa) problems.push({ path: '$.serviceAgreement', message: 'Fundstelle der abgeschlossenen Dienstvereinbarung fehlt.' });
    else {
      const ref = checkText(sa.ref, '$.serviceAgreement.ref', 3, 300, 'Fundstelle der Dienstvereinbarung', problems);
      const basedOn = optionalText(sa.basedOnTemplate, '$.serviceAgreement.basedOnTemplate', 100, 'Vorlage', problems) ?? null;
      if (!isIsoDay(sa.concludedOn)) problems.push({ path: '$.serviceAgreement.concludedOn', message: 'Datum des Abschlusses im Format JJJJ-MM-TT erwartet.' });
      else if (sa.concludedOn > todayIs) problems.push({ path: '$.serviceAgreement.concludedOn', message: 'Datum in der Zukunft.' });
      else serviceAgreement = { ref, concludedOn: sa.concludedOn, basedOnTemplate: basedOn };
    }
  } else if (input.serviceAgreement) problems.push({ path: '$.serviceAgreement', message: 'Bei einer Ablehnung gibt es keine Dienstvereinbarung.' });
  if (problems.length > 0) throw invalid('Der Beschluss ist unvollständig.', problems);
  const r = result as 'approved' | 'approved-with-conditions' | 'rejected';
  return { ...p, status: r, vote: { result: r, on, conditions, resolutionRef }, serviceAgreement };
}

/** After a refusal the administration may call the Einigungsstelle; its outcome is recorded as a new Beschluss. */
export function callConciliation(p: StaffCouncilProcedure, input: { calledOn: unknown; note: unknown }, todayIs: IsoDay): StaffCouncilProcedure {
  if (p.status !== 'rejected') throw conflict('Die Einigungsstelle wird nach einer Ablehnung angerufen.');
  const calledOn = checkDay(input.calledOn, '$.calledOn', p.vote!.on, 'dem Beschluss', todayIs);
  const problems: Problem[] = [];
  const note = checkText(input.note, '$.note', 10, 5000, 'Anlass und Gegenstand', problems);
  if (problems.length > 0) throw invalid('Die Anrufung der Einigungsstelle ist unvollständig.', problems);
  return { ...p, status: 'conciliation', conciliation: { calledOn, note }, vote: null, serviceAgreement: null };
}

/** The governance record for the gate (obligations DE-PV, staff council informed/approved). */
export function governanceRecord(p: StaffCouncilProcedure): Omit<StaffCouncilRecord, 'recordedBy' | 'recordedAt'> {
  return {
    systemId: p.entryId,
    informedAt: p.informedOn,
    vote: p.vote ? p.vote.result : 'pending',
    ...(p.vote ? { votedAt: p.vote.on } : {}),
    conditions: p.vote?.conditions ?? [],
    ...(p.serviceAgreement ? { serviceAgreementRef: p.serviceAgreement.ref } : {}),
  };
}

/** A material change of the entry after the council was informed needs a new procedure. */
export function needsRenewal(p: StaffCouncilProcedure, entryMaterialHash: string): boolean {
  return p.entryMaterialHash !== entryMaterialHash;
}

export function procedureView(p: StaffCouncilProcedure, entryMaterialHash: string) {
  const renewal = needsRenewal(p, entryMaterialHash);
  return {
    ...p,
    statusLabel: STAFF_COUNCIL_STATUS_LABELS[p.status],
    open: isOpen(p),
    package: p.package.map((x) => ({ ...x, label: PACKAGE_ITEM_LABELS[x.item] })),
    needsRenewal: renewal,
    renewalMessage: renewal ? 'Der Registereintrag wurde seit der Unterrichtung wesentlich geändert. Die Personalvertretung muss erneut unterrichtet werden und beschließen.' : null,
  };
}
