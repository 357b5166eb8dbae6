import type { DeployerBundle } from '../bundle.ts';
import type { Classification } from '../classify.ts';
import { dayOf, germanDate } from '../dates.ts';
import type { Fria } from '../fria.ts';
import { assessFria } from '../fria.ts';
import { LEARNING_UNITS, REQUIRED_UNITS } from '../literacy/catalogue.ts';
import type { RegisterEntry } from '../register.ts';
import { HTTP_URL } from '../text.ts';
import type { ValidationResult } from './field-list.ts';

export interface ExportInput {
  entry: RegisterEntry;
  classification: Classification;
  bundle?: DeployerBundle;
  /** Time of the export. */
  at: string;
}

export interface ExportResult<T = Record<string, unknown>> {
  standard: string;
  version: string;
  format: 'json';
  record: T;
  validation: ValidationResult;
}

/** Leaves out undefined values, so optional fields are absent rather than null. */
export function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

export function risksText(entry: RegisterEntry): string | undefined {
  if (entry.risks.length === 0) return undefined;
  return entry.risks.map((r) => `${r.name}: ${r.description} Maßnahme: ${r.mitigation}`).join('\n');
}

export function dataText(entry: RegisterEntry): string {
  return `Datenkategorien: ${entry.data.categories.join(', ')}. Quellen: ${entry.data.sources.join(', ')}.${entry.data.personalData ? ' Personenbezogene Daten' : ' Keine personenbezogenen Daten'}${entry.data.specialCategories ? ', auch besondere Kategorien nach Art. 9 DSGVO.' : '.'}`;
}

export function trainingDataText(entry: RegisterEntry): string {
  return entry.data.trainingData ?? 'Keine Trainingsdaten: regelbasiertes System, dessen Regeln Fachleute festgelegt haben.';
}

export function selfLearningText(entry: RegisterEntry): string {
  return entry.algorithmType === 'rule-based' ? 'Nicht selbstlernend (regelbasiert).' : entry.algorithmType === 'hybrid' ? 'Teilweise selbstlernend (vom Anbieter trainiertes Modell, im Betrieb nicht weiter trainiert), eingebettet in feste Regeln.' : 'Selbstlernend.';
}

export function month(ts: string | undefined): string | undefined {
  return ts ? dayOf(ts).slice(0, 7) : undefined;
}

export function httpUrl(v: string | undefined): string | undefined {
  return v && HTTP_URL.test(v) ? v : undefined;
}

export function requiredTrainingText(): string {
  const titles = REQUIRED_UNITS['oversee-ai-system'].map((id) => LEARNING_UNITS.find((u) => u.id === id)?.title ?? id);
  return `Lerneinheiten zur KI-Kompetenz (Art. 4 KI-VO) mit Abschlussquiz, alle 24 Monate zu wiederholen: ${titles.join('; ')}. Freigaben KI-unterstützter Entwürfe nur mit gültigem Nachweis.`;
}

/** A summary of the findings of a FRIA (Annex VIII Section C point 4), generated from the form. */
export function friaSummary(f: Fria): string {
  const a = assessFria(f);
  const groups = f.affectedGroups.map((g) => `${g.name}${g.vulnerable ? ' (schutzbedürftig)' : ''}`).join(', ');
  const risks = f.risks.map((r) => `${r.right}: ${r.description} (Wahrscheinlichkeit ${r.likelihood}, Schwere ${r.severity}; Maßnahme: ${r.mitigation})`).join(' ');
  return [
    `Grundrechte-Folgenabschätzung nach Art. 27 KI-VO, Fassung ${f.version}${f.completedAt ? ` vom ${germanDate(f.completedAt)}` : ''}${a.complete ? '' : ' (unvollständig)'}.`,
    `Verwendung: ${f.processes.description} Zeitraum ab ${germanDate(f.period.start)}${f.period.end ? ` bis ${germanDate(f.period.end)}` : ''}, ${f.period.frequency}.`,
    `Betroffene Gruppen: ${groups}.`,
    `Risiken: ${risks}`,
    `Menschliche Aufsicht: ${f.oversight.description}`,
    `Maßnahmen bei Eintritt: ${f.measures.onMaterialisation} Beschwerdeweg: ${f.measures.complaintMechanism}`,
  ].join(' ');
}

export function isProvidedExternally(entry: RegisterEntry): boolean {
  return !entry.provider.inHouse || entry.provider.model !== undefined;
}

export function classificationHas(c: Classification, label: string): boolean {
  return c.labels.includes(label);
}
