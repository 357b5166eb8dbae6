import type { Problem } from '../common/index.ts';
import { isIsoDate, type IsoDate } from './dates.ts';
import { isNonEmpty } from './text.ts';

/**
 * Fundamental rights impact assessment (Art. 27 KI-VO) as a guided form: six elements
 * (a)–(f) of Art. 27(1), the notification of the market surveillance authority (Art. 27(3))
 * and the option to build on an earlier assessment or the provider's (Art. 27(2)).
 */

export type Level = 'niedrig' | 'mittel' | 'hoch';
export const LEVELS: readonly Level[] = ['niedrig', 'mittel', 'hoch'];

export interface FriaAffectedGroup {
  id: string;
  name: string;
  vulnerable: boolean;
  description?: string;
}

export interface FriaRisk {
  id: string;
  /** Id of the affected group the risk concerns. */
  group: string;
  /** The fundamental right at stake, e.g. „Art. 21 GRCh (Nichtdiskriminierung)“. */
  right: string;
  description: string;
  likelihood: Level;
  severity: Level;
  mitigation: string;
}

export interface Fria {
  systemId: string;
  version: number;
  processes: { description: string; intendedPurpose: string; processLink?: string };
  period: { start: IsoDate; end?: IsoDate; frequency: string; expectedCasesPerYear?: number };
  affectedGroups: FriaAffectedGroup[];
  risks: FriaRisk[];
  /** How the provider's information (Art. 13 KI-VO) was taken into account. */
  providerInformationConsidered: string;
  oversight: { description: string; overrideProcedure: string; stopProcedure: string; overseerPersonIds: string[] };
  measures: { onMaterialisation: string; governance: string; complaintMechanism: string; suspensionCriteria: string };
  basedOn?: { kind: 'earlier-fria' | 'provider-assessment'; reference: string };
  notification?: { authority: string; notifiedAt: IsoDate; reference?: string };
  completedAt?: IsoDate;
  completedBy?: string;
}

export type FriaElement = 'a' | 'b' | 'c' | 'd' | 'e' | 'f';

export interface FormField {
  path: string;
  label: string;
  kind: 'text' | 'longtext' | 'date' | 'integer' | 'boolean' | 'select' | 'list';
  required: boolean;
  options?: readonly string[];
  help?: string;
}

export interface FormSection {
  element: FriaElement;
  title: string;
  legalText: string;
  help: string;
  fields: FormField[];
}

/** The guided form: what the web form shows per element, in order. */
export const FRIA_FORM: readonly FormSection[] = [
  {
    element: 'a',
    title: 'Prozesse, in denen das System verwendet wird',
    legalText: 'Art. 27 Abs. 1 Buchst. a KI-VO: Beschreibung der Verfahren des Betreibers, in denen das Hochrisiko-KI-System im Einklang mit seiner Zweckbestimmung verwendet wird.',
    help: 'Beschreiben Sie den Ablauf vom Antrag bis zum Bescheid und wo das System darin eingreift. Verlinken Sie ein Prozessmodell, wenn es eines gibt.',
    fields: [
      { path: 'processes.description', label: 'Beschreibung des Verfahrens', kind: 'longtext', required: true, help: 'Mindestens 40 Zeichen.' },
      { path: 'processes.intendedPurpose', label: 'Zweckbestimmung laut Anbieter', kind: 'longtext', required: true },
      { path: 'processes.processLink', label: 'Link zum Prozessmodell (z. B. BPMN)', kind: 'text', required: false },
    ],
  },
  {
    element: 'b',
    title: 'Zeitraum und Häufigkeit der Verwendung',
    legalText: 'Art. 27 Abs. 1 Buchst. b KI-VO: Zeitraum und Häufigkeit, innerhalb deren bzw. mit der jedes Hochrisiko-KI-System verwendet werden soll.',
    help: 'Geben Sie Beginn, gegebenenfalls Ende und die erwartete Zahl der Fälle an.',
    fields: [
      { path: 'period.start', label: 'Beginn', kind: 'date', required: true },
      { path: 'period.end', label: 'Ende (falls befristet)', kind: 'date', required: false },
      { path: 'period.frequency', label: 'Häufigkeit (z. B. „werktäglich, jede Antragsprüfung“)', kind: 'text', required: true },
      { path: 'period.expectedCasesPerYear', label: 'Erwartete Fälle pro Jahr', kind: 'integer', required: false },
    ],
  },
  {
    element: 'c',
    title: 'Betroffene Personen und Gruppen',
    legalText: 'Art. 27 Abs. 1 Buchst. c KI-VO: Kategorien der natürlichen Personen und Personengruppen, die von seiner Verwendung im spezifischen Kontext betroffen sein könnten.',
    help: 'Nennen Sie jede Gruppe und markieren Sie schutzbedürftige Gruppen (Kinder, Menschen mit Behinderung, Menschen in sozialer Notlage).',
    fields: [
      { path: 'affectedGroups[].name', label: 'Gruppe', kind: 'list', required: true },
      { path: 'affectedGroups[].vulnerable', label: 'schutzbedürftig', kind: 'boolean', required: true },
    ],
  },
  {
    element: 'd',
    title: 'Spezifische Schadensrisiken',
    legalText: 'Art. 27 Abs. 1 Buchst. d KI-VO: spezifische Schadensrisiken, die sich auf die ermittelten Kategorien auswirken könnten, unter Berücksichtigung der Informationen des Anbieters nach Art. 13.',
    help: 'Bewerten Sie für jede Gruppe mindestens ein Risiko: welches Grundrecht (Charta der Grundrechte), wie wahrscheinlich, wie schwer, welche Maßnahme.',
    fields: [
      { path: 'risks[].group', label: 'Gruppe', kind: 'select', required: true },
      { path: 'risks[].right', label: 'Betroffenes Grundrecht', kind: 'text', required: true },
      { path: 'risks[].description', label: 'Beschreibung', kind: 'longtext', required: true },
      { path: 'risks[].likelihood', label: 'Wahrscheinlichkeit', kind: 'select', required: true, options: LEVELS },
      { path: 'risks[].severity', label: 'Schwere', kind: 'select', required: true, options: LEVELS },
      { path: 'risks[].mitigation', label: 'Maßnahme', kind: 'longtext', required: true },
      { path: 'providerInformationConsidered', label: 'Wie die Angaben des Anbieters (Art. 13) berücksichtigt wurden', kind: 'longtext', required: true },
    ],
  },
  {
    element: 'e',
    title: 'Maßnahmen der menschlichen Aufsicht',
    legalText: 'Art. 27 Abs. 1 Buchst. e KI-VO: Beschreibung der Umsetzung von Maßnahmen der menschlichen Aufsicht entsprechend der Betriebsanleitung.',
    help: 'Wer beaufsichtigt das System, wie wird ein Ergebnis übersteuert, wie wird das System angehalten?',
    fields: [
      { path: 'oversight.description', label: 'Aufsichtskonzept', kind: 'longtext', required: true },
      { path: 'oversight.overrideProcedure', label: 'Übersteuern eines Ergebnisses', kind: 'longtext', required: true },
      { path: 'oversight.stopProcedure', label: 'Anhalten des Systems', kind: 'longtext', required: true },
      { path: 'oversight.overseerPersonIds', label: 'Benannte Aufsichtspersonen', kind: 'list', required: true },
    ],
  },
  {
    element: 'f',
    title: 'Maßnahmen, wenn Risiken eintreten',
    legalText: 'Art. 27 Abs. 1 Buchst. f KI-VO: Maßnahmen, die im Falle des Eintretens dieser Risiken zu ergreifen sind, einschließlich der Regelungen für die interne Unternehmensführung und Beschwerdemechanismen.',
    help: 'Eskalation, interne Zuständigkeiten, Beschwerdeweg für Betroffene und Kriterien, wann das System ausgesetzt wird.',
    fields: [
      { path: 'measures.onMaterialisation', label: 'Maßnahmen bei Eintritt', kind: 'longtext', required: true },
      { path: 'measures.governance', label: 'Interne Zuständigkeiten', kind: 'longtext', required: true },
      { path: 'measures.complaintMechanism', label: 'Beschwerdeweg', kind: 'longtext', required: true },
      { path: 'measures.suspensionCriteria', label: 'Kriterien für die Aussetzung', kind: 'longtext', required: true },
    ],
  },
];

export interface FriaAssessment {
  /** All six elements filled and consistent. */
  complete: boolean;
  /** Complete and notified to the market surveillance authority (Art. 27(3)). */
  completeAndNotified: boolean;
  elements: Record<FriaElement, { complete: boolean; problems: Problem[] }>;
  problems: Problem[];
}

/**
 * Checks a (possibly partial) FRIA. `overseerIds` are the persons named for oversight in the
 * register entry; the FRIA's oversight element must name people from that list.
 */
export function assessFria(f: Partial<Fria>, overseerIds?: readonly string[]): FriaAssessment {
  const el: Record<FriaElement, Problem[]> = { a: [], b: [], c: [], d: [], e: [], f: [] };
  const need = (e: FriaElement, path: string, v: unknown, label: string, min = 1) => {
    if (!isNonEmpty(v)) el[e].push({ path, message: `${label} fehlt.` });
    else if (v.trim().length < min) el[e].push({ path, message: `${label} ist zu knapp (mindestens ${min} Zeichen).` });
  };

  need('a', '$.processes.description', f.processes?.description, 'Die Beschreibung des Verfahrens', 40);
  need('a', '$.processes.intendedPurpose', f.processes?.intendedPurpose, 'Die Zweckbestimmung');

  if (!isIsoDate(f.period?.start)) el.b.push({ path: '$.period.start', message: 'Beginn im Format JJJJ-MM-TT erwartet.' });
  if (f.period?.end !== undefined) {
    if (!isIsoDate(f.period.end)) el.b.push({ path: '$.period.end', message: 'Ende im Format JJJJ-MM-TT erwartet.' });
    else if (isIsoDate(f.period.start) && f.period.end < f.period.start) el.b.push({ path: '$.period.end', message: 'Das Ende liegt vor dem Beginn.' });
  }
  need('b', '$.period.frequency', f.period?.frequency, 'Die Häufigkeit');
  const cases = f.period?.expectedCasesPerYear;
  if (cases !== undefined && !(Number.isInteger(cases) && cases >= 0)) el.b.push({ path: '$.period.expectedCasesPerYear', message: 'Ganze Zahl ab 0 erwartet.' });

  const groups = Array.isArray(f.affectedGroups) ? f.affectedGroups : [];
  if (groups.length === 0) el.c.push({ path: '$.affectedGroups', message: 'Mindestens eine betroffene Gruppe erwartet.' });
  const groupIds = new Set<string>();
  groups.forEach((g, i) => {
    if (!isNonEmpty(g?.id)) el.c.push({ path: `$.affectedGroups[${i}].id`, message: 'Kennung fehlt.' });
    else if (groupIds.has(g.id)) el.c.push({ path: `$.affectedGroups[${i}].id`, message: 'Kennung doppelt.' });
    else groupIds.add(g.id);
    need('c', `$.affectedGroups[${i}].name`, g?.name, 'Der Name der Gruppe');
    if (typeof g?.vulnerable !== 'boolean') el.c.push({ path: `$.affectedGroups[${i}].vulnerable`, message: 'Angabe „schutzbedürftig“ (true/false) fehlt.' });
  });

  const risks = Array.isArray(f.risks) ? f.risks : [];
  if (risks.length === 0) el.d.push({ path: '$.risks', message: 'Mindestens ein bewertetes Risiko erwartet.' });
  const covered = new Set<string>();
  risks.forEach((r, i) => {
    const at = `$.risks[${i}]`;
    if (!isNonEmpty(r?.group) || !groupIds.has(r.group)) el.d.push({ path: `${at}.group`, message: 'Das Risiko muss eine der betroffenen Gruppen (c) nennen.' });
    else covered.add(r.group);
    need('d', `${at}.right`, r?.right, 'Das betroffene Grundrecht');
    need('d', `${at}.description`, r?.description, 'Die Beschreibung des Risikos');
    if (!LEVELS.includes(r?.likelihood)) el.d.push({ path: `${at}.likelihood`, message: '„niedrig“, „mittel“ oder „hoch“ erwartet.' });
    if (!LEVELS.includes(r?.severity)) el.d.push({ path: `${at}.severity`, message: '„niedrig“, „mittel“ oder „hoch“ erwartet.' });
    need('d', `${at}.mitigation`, r?.mitigation, 'Die Maßnahme');
  });
  groups.forEach((g, i) => {
    if (isNonEmpty(g?.id) && !covered.has(g.id)) el.d.push({ path: `$.affectedGroups[${i}]`, message: `Für die Gruppe „${g.name ?? g.id}“ ist kein Risiko bewertet.` });
  });
  need('d', '$.providerInformationConsidered', f.providerInformationConsidered, 'Die Berücksichtigung der Angaben des Anbieters');

  need('e', '$.oversight.description', f.oversight?.description, 'Das Aufsichtskonzept');
  need('e', '$.oversight.overrideProcedure', f.oversight?.overrideProcedure, 'Das Verfahren zum Übersteuern');
  need('e', '$.oversight.stopProcedure', f.oversight?.stopProcedure, 'Das Verfahren zum Anhalten');
  const ids = Array.isArray(f.oversight?.overseerPersonIds) ? f.oversight.overseerPersonIds : [];
  if (ids.length === 0) el.e.push({ path: '$.oversight.overseerPersonIds', message: 'Mindestens eine benannte Aufsichtsperson erwartet.' });
  if (overseerIds) ids.forEach((id, i) => {
    if (!overseerIds.includes(id)) el.e.push({ path: `$.oversight.overseerPersonIds[${i}]`, message: `Person „${id}“ ist im Registereintrag nicht als Aufsicht benannt.` });
  });

  need('f', '$.measures.onMaterialisation', f.measures?.onMaterialisation, 'Die Maßnahmen bei Eintritt eines Risikos');
  need('f', '$.measures.governance', f.measures?.governance, 'Die internen Zuständigkeiten');
  need('f', '$.measures.complaintMechanism', f.measures?.complaintMechanism, 'Der Beschwerdeweg');
  need('f', '$.measures.suspensionCriteria', f.measures?.suspensionCriteria, 'Die Kriterien für die Aussetzung');

  const extra: Problem[] = [];
  if (f.basedOn !== undefined && (!['earlier-fria', 'provider-assessment'].includes(f.basedOn.kind) || !isNonEmpty(f.basedOn.reference))) {
    extra.push({ path: '$.basedOn', message: 'Art und Fundstelle der zugrunde gelegten Abschätzung erwartet.' });
  }
  let notified = false;
  if (f.notification !== undefined) {
    if (!isNonEmpty(f.notification.authority)) extra.push({ path: '$.notification.authority', message: 'Die Behörde fehlt.' });
    if (!isIsoDate(f.notification.notifiedAt)) extra.push({ path: '$.notification.notifiedAt', message: 'Datum der Meldung im Format JJJJ-MM-TT erwartet.' });
    notified = isNonEmpty(f.notification.authority) && isIsoDate(f.notification.notifiedAt);
  }

  const elements = Object.fromEntries(
    (Object.keys(el) as FriaElement[]).map((k) => [k, { complete: el[k].length === 0, problems: el[k] }]),
  ) as FriaAssessment['elements'];
  const complete = Object.values(elements).every((e) => e.complete) && extra.length === 0;
  return {
    complete,
    completeAndNotified: complete && notified,
    elements,
    problems: [...(Object.keys(el) as FriaElement[]).flatMap((k) => el[k]), ...extra],
  };
}
