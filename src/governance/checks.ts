import type { DeployerBundle } from './bundle.ts';
import { isHttpUrl, suspendingIncidents } from './bundle.ts';
import type { Classification } from './classify.ts';
import { germanDate, type IsoDate } from './dates.ts';
import { assessFria } from './fria.ts';
import { literacyStatus, type CompletionRecord } from './literacy/quiz.ts';
import { AUTOMATION_BASIS_FOR, type PackGovernanceInfo } from './packs.ts';
import {
  isConsultationCompleted,
  isStaffCouncilApproval,
  latestStaffCouncilRecord,
  type ConsultationRecord,
  type StaffCouncilRecord,
} from './participation-records.ts';
import { validateEntryContent, type RegisterEntry } from './register.ts';
import { MIN_LOG_RETENTION_MONTHS, type GovernanceSettings } from './settings.ts';
import { isNonEmpty } from './text.ts';

/** Everything the automatic obligation checks may look at; all of it is data, no I/O. */
export interface CheckContext {
  entry: RegisterEntry;
  classification: Classification;
  bundle: DeployerBundle;
  settings: GovernanceSettings;
  staffCouncil: readonly StaffCouncilRecord[];
  consultations: readonly ConsultationRecord[];
  completions: readonly CompletionRecord[];
  packs: readonly PackGovernanceInfo[];
  at: IsoDate;
}

export interface EvidenceLink {
  title: string;
  /** URL or internal reference (`fria:wohngeld-ki#3`, `ledger:…`, `dms:…`). */
  ref: string;
}

export interface CheckResult {
  met: boolean;
  /** German: why not met. */
  reasons: string[];
  evidence: EvidenceLink[];
}

const ok = (evidence: EvidenceLink[]): CheckResult => ({ met: true, reasons: [], evidence });
const fail = (...reasons: string[]): CheckResult => ({ met: false, reasons, evidence: [] });

function overseersLiterate(ctx: CheckContext, what: string): CheckResult {
  const overseers = ctx.entry.humanOversight.overseers;
  if (overseers.length === 0) return fail(`Keine Person für ${what} benannt.`);
  const reasons: string[] = [];
  const evidence: EvidenceLink[] = [];
  for (const o of overseers) {
    const s = literacyStatus(o.personId, ctx.completions, 'oversee-ai-system', ctx.at);
    if (s.ok) evidence.push({ title: `KI-Kompetenz ${o.name} (${o.role})`, ref: `literacy:${o.personId}` });
    else reasons.push(`${o.name}: ${s.reasons.join(' ')}`);
  }
  return reasons.length === 0 ? ok(evidence) : { met: false, reasons, evidence: [] };
}

export const CHECKS: Record<string, (ctx: CheckContext) => CheckResult> = {
  'register-entry-complete': (ctx) => {
    const problems = validateEntryContent(ctx.entry);
    return problems.length === 0
      ? ok([{ title: `Registereintrag Version ${ctx.entry.version}`, ref: `register:${ctx.entry.id}#${ctx.entry.version}` }])
      : fail(...problems.map((p) => `${p.path}: ${p.message}`));
  },
  'art5-screened': (ctx) => {
    if (ctx.classification.labels.includes('prohibited')) return fail('Eine verbotene Praxis nach Art. 5 KI-VO ist angegeben; diese Pflicht kann nie erfüllt werden.');
    if (!ctx.classification.labels.includes('art5-screened')) return fail('Die Prüfung auf verbotene Praktiken (Frage P1) fehlt.');
    return ok([{ title: `Klassifizierung vom ${germanDate(ctx.classification.assessedAt)}`, ref: `classification:${ctx.classification.hash}` }]);
  },
  'overseers-literate': (ctx) => overseersLiterate(ctx, 'die Aufsicht'),
  'overseers-competent': (ctx) => {
    const missingAuthority = ctx.entry.humanOversight.overseers.filter((o) => !isNonEmpty(o.authority));
    if (missingAuthority.length > 0) return fail(...missingAuthority.map((o) => `${o.name}: Befugnis nicht festgelegt.`));
    return overseersLiterate(ctx, 'die menschliche Aufsicht (Art. 26 Abs. 2 KI-VO)');
  },
  'provider-instructions': (ctx) => {
    const d = ctx.bundle.providerInstructions;
    return d && isNonEmpty(d.title) && isNonEmpty(d.ref) ? ok([d]) : fail('Die Betriebsanleitung des Anbieters ist nicht hinterlegt.');
  },
  'incident-process': (ctx) => {
    const m = ctx.bundle.monitoring;
    const reasons: string[] = [];
    if (!m || !isNonEmpty(m.plan)) reasons.push('Kein Überwachungsplan hinterlegt.');
    if (!m || !isNonEmpty(m.providerContact)) reasons.push('Keine Meldeadresse des Anbieters hinterlegt.');
    if (!m || !isNonEmpty(m.authorityContact)) reasons.push('Keine Meldeadresse der Marktüberwachungsbehörde hinterlegt.');
    for (const i of suspendingIncidents(ctx.bundle)) reasons.push(`Offener Vorfall ${i.id} vom ${germanDate(i.occurredAt)} setzt die Verwendung aus.`);
    return reasons.length === 0 ? ok([{ title: 'Überwachungsplan und Meldewege', ref: `bundle:${ctx.entry.id}#monitoring` }]) : fail(...reasons);
  },
  'log-retention': (ctx) =>
    ctx.settings.aiLogRetentionMonths >= MIN_LOG_RETENTION_MONTHS
      ? ok([{ title: `Aufbewahrung der KI-Protokolle: ${ctx.settings.aiLogRetentionMonths} Monate`, ref: 'settings:aiLogRetentionMonths' }])
      : fail(`Protokolle werden nur ${ctx.settings.aiLogRetentionMonths} Monate aufbewahrt; mindestens ${MIN_LOG_RETENTION_MONTHS} sind vorgeschrieben.`),
  'staff-council-informed': (ctx) => {
    const r = latestStaffCouncilRecord(ctx.staffCouncil, ctx.entry.id, ctx.at);
    return r && r.informedAt <= ctx.at
      ? ok([{ title: `Unterrichtung der Personalvertretung am ${germanDate(r.informedAt)}`, ref: `staff-council:${ctx.entry.id}#${r.recordedAt}` }])
      : fail('Die Personalvertretung ist nicht nachweislich unterrichtet.');
  },
  'staff-council-approved': (ctx) => {
    const r = latestStaffCouncilRecord(ctx.staffCouncil, ctx.entry.id, ctx.at);
    if (!r) return fail('Kein Beschluss der Personalvertretung erfasst.');
    if (!isStaffCouncilApproval(r, ctx.at)) {
      const state = r.vote === 'rejected' ? 'hat die Zustimmung verweigert' : r.vote === 'pending' ? 'hat noch nicht beschlossen' : 'hat noch nicht wirksam zugestimmt';
      return fail(`Die Personalvertretung ${state}.`);
    }
    const evidence: EvidenceLink[] = [{ title: `Beschluss der Personalvertretung vom ${germanDate(r.votedAt!)}${r.conditions.length ? ` (Bedingungen: ${r.conditions.join('; ')})` : ''}`, ref: `staff-council:${ctx.entry.id}#${r.recordedAt}` }];
    if (r.serviceAgreementRef) evidence.push({ title: 'Dienstvereinbarung', ref: r.serviceAgreementRef });
    return ok(evidence);
  },
  'eu-db-registered': (ctx) => {
    const e = ctx.bundle.euDatabase;
    const reasons: string[] = [];
    if (!e || !isHttpUrl(e.providerEntryUrl)) reasons.push('Der Eintrag des Anbieters in der EU-Datenbank (URL) fehlt; ein nicht registriertes System darf nicht verwendet werden (Art. 26 Abs. 8 KI-VO).');
    if (!e || !e.registeredAt || e.registeredAt > ctx.at) reasons.push('Die Registrierung der Verwendung durch die Kommune (Art. 49 Abs. 3 KI-VO) ist nicht erfasst.');
    return reasons.length === 0 ? ok([{ title: 'Eintrag des Anbieters in der EU-Datenbank', ref: e!.providerEntryUrl }, { title: `Registrierung der Verwendung am ${germanDate(e!.registeredAt!)}`, ref: e!.registrationReference ?? `bundle:${ctx.entry.id}#eu-database` }]) : fail(...reasons);
  },
  'affected-informed': (ctx) => {
    const n = ctx.bundle.affectedPersonsNotice;
    return n && isNonEmpty(n.text) && n.channels.length > 0 && n.since <= ctx.at
      ? ok([{ title: `Hinweis an Betroffene seit ${germanDate(n.since)} (${n.channels.join(', ')})`, ref: `bundle:${ctx.entry.id}#notice` }])
      : fail('Der Hinweis an betroffene Personen (Art. 26 Abs. 11 KI-VO) ist nicht hinterlegt.');
  },
  'fria-complete': (ctx) => {
    const f = ctx.bundle.fria;
    if (!f) return fail('Es gibt keine Grundrechte-Folgenabschätzung.');
    if (f.systemId !== ctx.entry.id) return fail('Die Grundrechte-Folgenabschätzung gehört zu einem anderen Registereintrag.');
    const a = assessFria(f, ctx.entry.humanOversight.overseers.map((o) => o.personId));
    const reasons = a.problems.map((p) => `${p.path}: ${p.message}`);
    if (a.complete && !a.completeAndNotified) reasons.push('Das Ergebnis ist der Marktüberwachungsbehörde noch nicht gemeldet (Art. 27 Abs. 3 KI-VO).');
    return a.completeAndNotified ? ok([{ title: `Grundrechte-Folgenabschätzung, Fassung ${f.version}`, ref: `fria:${ctx.entry.id}#${f.version}` }]) : fail(...reasons);
  },
  'dpia-linked': (ctx) => {
    const d = ctx.bundle.dpia;
    return d && isNonEmpty(d.ref) && isNonEmpty(d.summary) && d.completedAt <= ctx.at
      ? ok([{ title: d.title, ref: d.ref }])
      : fail('Die Datenschutz-Folgenabschätzung ist nicht verknüpft oder nicht abgeschlossen.');
  },
  'automation-legal-basis': (ctx) => {
    const reasons: string[] = [];
    const a = ctx.entry.automation;
    if (!a) return fail('Die Rechtsgrundlage der Vollautomatisierung ist nicht festgehalten.');
    for (const b of ctx.classification.blocks) if (b.id.startsWith('BLOCK-AUTOMATION')) reasons.push(b.message);
    const pack = ctx.packs.find((p) => p.id === a.packId);
    if (!pack) reasons.push(`Regelwerk „${a.packId}“ ist nicht bekannt.`);
    else {
      reasons.push(...discretionReasons(pack));
      if (AUTOMATION_BASIS_FOR[pack.procedureLaw] !== a.legalBasis) {
        reasons.push(`Das Regelwerk „${pack.id}“ ergeht nach ${pack.procedureLaw === 'sgb-x' ? 'SGB X' : pack.procedureLaw === 'ao' ? 'AO' : 'VwVfG'}; festgehalten ist aber ${a.legalBasis}.`);
      }
    }
    return reasons.length === 0
      ? ok([{ title: `Vollautomatisierung nach ${a.legalBasis}${a.enablingProvision ? ` i. V. m. ${a.enablingProvision}` : ''}; Regelwerk ${pack!.id} ${pack!.version} ohne Ermessenspunkte`, ref: `pack:${pack!.id}@${pack!.version}` }])
      : fail(...reasons);
  },
  'consultation-completed': (ctx) => {
    const c = isConsultationCompleted(ctx.consultations, ctx.entry.id, ctx.at);
    return c
      ? ok([{ title: `Beteiligung bis ${germanDate(c.closedAt!)}, Antwort veröffentlicht am ${germanDate(c.responsePublishedAt!)}`, ref: c.url ?? `consultation:${ctx.entry.id}` }])
      : fail('Die öffentliche Beteiligung ist nicht abgeschlossen, oder die Antwort der Verwaltung ist nicht veröffentlicht.');
  },
};

export const CHECK_NAMES: readonly string[] = Object.keys(CHECKS);

/** Discretion points make full automation unlawful (§ 35a VwVfG, § 31a SGB X): each is a reason. */
export function discretionReasons(pack: PackGovernanceInfo): string[] {
  return pack.discretionPoints.map((d) => `Regelwerk „${pack.id}“ enthält den Ermessens- oder Beurteilungspunkt „${d.id}“ (${d.norm}); vollautomatisierte Entscheidungen sind nur für Regelwerke ohne solche Punkte zulässig.`);
}
