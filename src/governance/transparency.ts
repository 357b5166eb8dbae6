import { AmtsklarError, type Problem } from '../common/index.ts';
import type { Classification } from './classify.ts';
import { germanDate, type IsoDate } from './dates.ts';
import { STATUS_LABELS } from './gates.ts';
import type { RegisterEntry, RegisterStatus } from './register.ts';
import type { RiskClass, Ruleset } from './ruleset.ts';

/** Live figures of one system for the public page, counted by the edge from decision records. */
export interface SystemFigures {
  period: { from: IsoDate; to: IsoDate };
  decisions: number;
  /** Decisions a person took (everything not issued fully automatically). */
  decidedByHumans: number;
  objections: { filed: number; upheld: number; partlyUpheld: number; rejected: number; pending: number };
  fairness?: { status: 'unauffaellig' | 'auffaellig' | 'in-pruefung'; reportDate: IsoDate; reportUrl?: string };
}

export interface TransparencyInput {
  municipality: { name: string; contactEmail: string };
  systems: { entry: RegisterEntry; classification?: Classification; figures?: SystemFigures }[];
  generatedAt: string;
}

/**
 * The figures as published. A count is shown only as part of a population of at least
 * `PUBLIC_MIN_GROUP` people (the k of the fairness reports, src/fairness `MIN_K`): fewer
 * decisions in the period withhold every count of the system, fewer objections withhold
 * their outcomes — "1 decision, 1 objection, upheld" would tell the neighbours about one person.
 */
export interface FiguresView {
  period: string;
  /** null: 1 to k − 1 decisions, withheld. */
  decisions: number | null;
  decidedByHumans: number | null;
  /** German percentage with one decimal („87,5 %“), null without decisions or when withheld. */
  humanShare: string | null;
  /** null when the decisions are withheld; the outcomes are null when fewer than k objections were filed. */
  objections: { filed: number; upheld: number | null; partlyUpheld: number | null; rejected: number | null; pending: number | null } | null;
  /** Share of decided objections that were fully or partly upheld; null below k decided objections. */
  objectionSuccess: string | null;
  /** Why counts are left out, in German; null when everything is shown. */
  withheld: string | null;
  fairness: { label: string; date: string; url?: string } | null;
}

/** The smallest group the public page counts (the k of the fairness reports). */
export const PUBLIC_MIN_GROUP = 10;

export interface SystemView {
  id: string;
  name: string;
  summary: string;
  department: string;
  status: { code: RegisterStatus; label: string; since: string | null };
  classification: {
    code: RiskClass | 'unclassified';
    label: string;
    explanation: string;
    why: string[];
    aiSystem: 'ja' | 'nein' | 'ungeklärt' | 'nicht bewertet';
    aiSystemWhy: string | null;
    assessedOn: string | null;
  };
  humanOversight: string;
  howToObject: string;
  contact: { email: string; phone?: string; url?: string };
  legalBasis: string[];
  provider: string;
  figures: FiguresView | null;
  lastChanged: string;
}

export interface TransparencyView {
  title: string;
  municipality: string;
  intro: string;
  generatedAt: string;
  systems: SystemView[];
  classes: { code: RiskClass; label: string; explanation: string }[];
}

const PUBLIC: readonly RegisterStatus[] = ['active', 'consultation', 'approved', 'retired'];
const ORDER: Record<RegisterStatus, number> = { active: 0, consultation: 1, approved: 2, retired: 3, draft: 4 };

/** Plain-language sentences for the labels that decide a class. */
const WHY: [string, string][] = [
  ['prohibited', 'Es würde eine nach der KI-Verordnung verbotene Praxis darstellen und wird deshalb nicht eingesetzt.'],
  ['not-ai-system', 'Es folgt Regeln oder Rechenverfahren, die Menschen festgelegt haben, und lernt nicht selbst.'],
  ['excluded', 'Es wird nur erprobt oder fällt aus einem anderen Grund nicht unter die KI-Verordnung.'],
  ['scope-unsure', 'Ob es ein KI-System ist, wird noch geklärt; bis dahin wird es wie eines behandelt.'],
  ['annex-iii-5a', 'Es wirkt bei Entscheidungen über öffentliche Unterstützungsleistungen mit.'],
  ['annex-iii-4', 'Es wirkt bei Entscheidungen über Beschäftigte oder Bewerbungen mit.'],
  ['annex-iii-3', 'Es wirkt bei Zugang oder Bewertung in der Bildung mit.'],
  ['annex-iii-5d', 'Es wirkt bei Notrufen oder Einsätzen der Gefahrenabwehr mit.'],
  ['annex-iii-7', 'Es wirkt bei Entscheidungen im Aufenthaltsrecht mit.'],
  ['annex-iii-2', 'Es ist ein Sicherheitsbauteil kritischer Infrastruktur.'],
  ['annex-iii-1', 'Es verarbeitet biometrische Merkmale.'],
  ['profiling', 'Es bewertet persönliche Merkmale von Menschen (Profiling).'],
  ['not-high-risk-6-3', 'Es erledigt nur eine vorbereitende oder eng begrenzte Aufgabe und beeinflusst die Entscheidung selbst nicht; deshalb gilt es nicht als hochriskant.'],
  ['interacts-persons', 'Man spricht oder schreibt direkt mit ihm.'],
  ['generative', 'Es erzeugt Texte, Bilder oder Töne.'],
  ['deepfake', 'Es erzeugt Bilder, Töne oder Videos, die echt wirken können.'],
  ['public-text-unreviewed', 'Es erzeugt Texte, die ohne redaktionelle Prüfung veröffentlicht werden.'],
  ['automated-va', 'Bescheide können ohne Bearbeitung durch eine Person ergehen; das ist nur erlaubt, wenn das Gesetz es zulässt und nichts abzuwägen ist.'],
  ['decisions-about-persons', 'Seine Ergebnisse fließen in Entscheidungen über Menschen ein.'],
];

function percent(part: number, whole: number): string | null {
  if (whole === 0) return null;
  // tenths of a percent, rounded half to even, in integers
  const scaled = part * 1000;
  let q = Math.floor(scaled / whole);
  const r = scaled - q * whole;
  if (2 * r > whole || (2 * r === whole && q % 2 === 1)) q += 1;
  return `${Math.floor(q / 10)},${q % 10} %`;
}

function checkFigures(f: SystemFigures, path: string): Problem[] {
  const problems: Problem[] = [];
  const count = (p: string, v: unknown) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) problems.push({ path: `${path}.${p}`, message: 'Ganze Zahl ab 0 erwartet.' });
  };
  count('decisions', f.decisions);
  count('decidedByHumans', f.decidedByHumans);
  for (const k of ['filed', 'upheld', 'partlyUpheld', 'rejected', 'pending'] as const) count(`objections.${k}`, f.objections?.[k]);
  if (problems.length > 0) return problems;
  if (f.decidedByHumans > f.decisions) problems.push({ path: `${path}.decidedByHumans`, message: 'Mehr menschliche Entscheidungen als Entscheidungen insgesamt.' });
  const o = f.objections;
  if (o.upheld + o.partlyUpheld + o.rejected + o.pending !== o.filed) problems.push({ path: `${path}.objections`, message: 'Stattgegeben, teilweise stattgegeben, zurückgewiesen und offen ergeben nicht die Zahl der Widersprüche.' });
  if (f.period.from > f.period.to) problems.push({ path: `${path}.period`, message: 'Der Zeitraum endet vor seinem Beginn.' });
  return problems;
}

/** A population that may be counted in public: none at all, or at least k people. */
const countable = (n: number) => n === 0 || n >= PUBLIC_MIN_GROUP;

function figuresView(f: SystemFigures): FiguresView {
  const o = f.objections;
  const decided = o.upheld + o.partlyUpheld + o.rejected;
  const fairnessLabels = { unauffaellig: 'unauffällig', auffaellig: 'auffällig – wird geprüft', 'in-pruefung': 'in Prüfung' } as const;
  const shown = countable(f.decisions);
  const outcomes = shown && countable(o.filed);
  const withheld = !shown
    ? `Weniger als ${PUBLIC_MIN_GROUP} Entscheidungen im Zeitraum: Zum Schutz der Betroffenen werden keine Zahlen ausgewiesen.`
    : !outcomes
      ? `Weniger als ${PUBLIC_MIN_GROUP} Widersprüche im Zeitraum: Zum Schutz der Betroffenen wird nicht ausgewiesen, wie sie ausgingen.`
      : null;
  return {
    period: `${germanDate(f.period.from)} bis ${germanDate(f.period.to)}`,
    decisions: shown ? f.decisions : null,
    decidedByHumans: shown ? f.decidedByHumans : null,
    humanShare: shown ? percent(f.decidedByHumans, f.decisions) : null,
    objections: !shown ? null : outcomes ? { ...o } : { filed: o.filed, upheld: null, partlyUpheld: null, rejected: null, pending: null },
    objectionSuccess: outcomes && countable(decided) ? percent(o.upheld + o.partlyUpheld, decided) : null,
    withheld,
    fairness: f.fairness ? { label: fairnessLabels[f.fairness.status], date: germanDate(f.fairness.reportDate), ...(f.fairness.reportUrl ? { url: f.fairness.reportUrl } : {}) } : null,
  };
}

/**
 * The public transparency page as data (no login): each published system in plain
 * language with its class and why, human oversight, how to object and live figures.
 * Drafts are not shown; personal names of overseers are not shown (only the oversight text).
 */
export function buildTransparencyView(rules: Ruleset, input: TransparencyInput): TransparencyView {
  const problems = input.systems.flatMap((s, i) => (s.figures ? checkFigures(s.figures, `$.systems[${i}].figures`) : []));
  if (problems.length > 0) throw new AmtsklarError('invalid_input', 'Die Kennzahlen für die Transparenzseite sind widersprüchlich.', problems);
  const systems = input.systems
    .filter((s) => PUBLIC.includes(s.entry.status))
    .sort((a, b) => ORDER[a.entry.status] - ORDER[b.entry.status] || a.entry.name.localeCompare(b.entry.name, 'de'))
    .map(({ entry, classification: c, figures }): SystemView => {
      const cls = c ? rules.classes.find((x) => x.id === c.riskClass) : undefined;
      const labels = new Set(c?.labels ?? []);
      const since = entry.status === 'active' ? entry.activatedAt : entry.status === 'retired' ? entry.retiredAt : entry.status === 'consultation' ? entry.firstPublishedAt : entry.updatedAt;
      return {
        id: entry.id,
        name: entry.name,
        summary: entry.plainLanguage,
        department: entry.department,
        status: { code: entry.status, label: STATUS_LABELS[entry.status], since: since ? germanDate(since) : null },
        classification: {
          code: c?.riskClass ?? 'unclassified',
          label: cls?.label ?? 'Noch nicht eingestuft',
          explanation: cls?.explanation ?? 'Die Einstufung nach der KI-Verordnung steht noch aus.',
          why: WHY.filter(([l]) => labels.has(l)).map(([, text]) => text),
          aiSystem: !c ? 'nicht bewertet' : c.aiSystem.decision === 'ai-system' ? 'ja' : c.aiSystem.decision === 'not-ai-system' ? 'nein' : 'ungeklärt',
          aiSystemWhy: c?.aiSystem.reasoning ?? null,
          assessedOn: c ? germanDate(c.assessedAt) : null,
        },
        humanOversight: entry.humanOversight.description,
        howToObject: entry.objectionProcedure,
        contact: { email: entry.contact.email, ...(entry.contact.phone ? { phone: entry.contact.phone } : {}), ...(entry.contact.url ? { url: entry.contact.url } : {}) },
        legalBasis: entry.legalBasis.map((l) => l.norm),
        provider: entry.provider.name,
        figures: figures ? figuresView(figures) : null,
        lastChanged: germanDate(entry.updatedAt),
      };
    });
  return {
    title: `KI und Algorithmen in ${input.municipality.name}`,
    municipality: input.municipality.name,
    intro: `Hier steht jedes algorithmische System und jedes KI-System, das ${input.municipality.name} einsetzt oder einsetzen will: wofür, wie es eingestuft ist, wer es beaufsichtigt und wie Sie widersprechen können.${input.municipality.contactEmail ? ` Fragen: ${input.municipality.contactEmail}.` : ''}`,
    generatedAt: input.generatedAt,
    systems,
    classes: rules.classes.map((c) => ({ code: c.id, label: c.label, explanation: c.explanation })),
  };
}
