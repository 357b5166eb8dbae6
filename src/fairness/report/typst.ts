import { ATTRIBUTE_DOMAINS } from '../model.ts';
import { claimChart, crossChart, ratioChartOf, standaloneSvg } from './charts.ts';
import { metricLabel } from './metrics.ts';
import { decimal, percent } from './svg.ts';
import type { Alarm, Disparity, FairnessReport, MetricValue, SignedFairnessReport } from './types.ts';

/**
 * The report as a Typst document for the PDF (PDF/A-2b + PDF/UA-1 at the edge, src/pdf):
 * the same content as the HTML page — every chart an SVG with its text alternative and
 * its data table — laid out for print. Everything the template shows comes from
 * `/data.json` as text, so nothing in a label can act as Typst markup. Pure: the edge
 * compiles the returned files.
 */
export interface TypstReportSource {
  /** The main Typst file. */
  main: string;
  /** Files the main file reads, by absolute path in the compiler's workspace. */
  files: Record<string, string>;
  /** Document title (also the PDF's XMP title). */
  title: string;
}

interface Table {
  caption: string;
  head: string[];
  rows: string[][];
}

const ALARM_TEXT: Record<Alarm, string> = {
  signifikant: 'statistisch auffällig (Holm)',
  ausserhalb_screening_band: 'außerhalb des Prüfbands',
  vier_fuenftel_unterschritten: 'unter vier Fünfteln der höchsten Quote',
};

const METRIC_IDS = ['claimRate', 'equalOpportunity', 'routedToHumanRate', 'nachforderungRate', 'objectionRate', 'changedOnObjectionRate', 'amount', 'processingDays'] as const;

export function reportTypstSource(input: FairnessReport | SignedFairnessReport): TypstReportSource {
  const signed = 'signature' in input ? input : null;
  const r = signed ? signed.report : (input as FairnessReport);
  const title = `Bericht zur Gleichbehandlung – ${r.systemId} – ${r.period.from} bis ${r.period.to}`;
  const files: Record<string, string> = {};
  let chartNo = 0;
  const chartFile = (svg: string): string => {
    const name = `/chart-${chartNo++}.svg`;
    files[name] = standaloneSvg(svg);
    return name;
  };
  const singles = r.groupings.filter((g) => g.attributes.length === 1);
  const pairs = r.groupings.filter((g) => g.attributes.length === 2);
  const claimCharts = singles.flatMap((g, i) => {
    const c = claimChart(r, g, `bar${i}`);
    if (!c) return [];
    return [
      {
        file: chartFile(c.svg),
        alt: `${c.title}. ${c.description}`,
        caption: c.caption,
        table: {
          caption: `Daten zum Diagramm: Anspruchsquote nach ${g.label}`,
          head: ['Gruppe', 'Personen', 'Anspruchsquote', '95-%-Konfidenzintervall', 'Hinweis'],
          rows: c.rows.map(({ label, n, bar }) => [label, String(n), percent(bar.value, 1), `${percent(bar.ci[0], 1)} bis ${percent(bar.ci[1], 1)}`, bar.alarm ? '⚠ ja' : 'nein']),
        } satisfies Table,
      },
    ];
  });
  const ratio = ratioChartOf(r, 'ratio');
  const cross = pairs.map((g, i) => {
    const c = crossChart(g, `heat${i}`);
    return {
      file: chartFile(c.svg),
      alt: `${c.title}. ${c.description}`,
      caption: c.caption,
      table: {
        caption: `Daten zum Diagramm: Anspruchsquote nach ${g.label}`,
        head: [ATTRIBUTE_DOMAINS[c.rowAttribute].label, ...c.columnLabels],
        rows: c.rowLabels.map((rl, i2) => [rl, ...c.cells[i2]!.map((cell) => (cell.value === null ? 'nicht ausgewiesen' : `${percent(cell.value, 1)} (n = ${cell.n})`))]),
      } satisfies Table,
    };
  });
  const hints = r.disparities.filter((d) => d.alarms.length > 0);
  const generated = new Date(r.generatedAt);
  const data = {
    title,
    author: 'Amtsklar – Fairness-Monitoring',
    description: `Signierter Bericht über Gruppenunterschiede der Entscheidungen von ${r.systemId}, ${r.period.from} bis ${r.period.to}. Nur Gruppen mit mindestens ${r.k} Personen.`,
    keywords: ['Gleichbehandlung', 'Fairness', 'Monitoring', r.systemId],
    date: { year: generated.getUTCFullYear(), month: generated.getUTCMonth() + 1, day: generated.getUTCDate() },
    heading: `Bericht zur Gleichbehandlung: ${r.systemId}`,
    meta: [
      ['Zeitraum', `${r.period.from} bis ${r.period.to}`],
      ['Bericht', r.reportId],
      ['Erstellt', r.generatedAt],
      ['Systemversion', r.systemVersion ?? 'nicht angegeben'],
      ['Datenstand', r.datasetSnapshot],
      ['Begünstigendes Ergebnis', r.favourableOutcome],
      ['Mindestgruppengröße k', String(r.k)],
    ],
    interpretation: r.interpretation,
    summary: {
      caption: 'Ergebnisse im Überblick',
      head: ['Angabe', 'Wert'],
      rows: [
        ['Entscheidungen', r.population.shown ? String(r.population.decisions) : `weniger als ${r.k}`],
        ['davon mit Angaben aus der Befragung', r.population.withSurveyAnswers === null ? 'nicht ausgewiesen' : String(r.population.withSurveyAnswers)],
        ['geprüfte Gruppenvergleiche', String(r.summary.comparisons)],
        ['statistisch auffällig (nach Holm-Korrektur)', String(r.summary.significant)],
        ['außerhalb des Prüfbands', String(r.summary.outsideScreeningBand)],
        ['unter vier Fünfteln der höchsten Anspruchsquote', String(r.summary.fourFifthsAlarms)],
      ],
    } satisfies Table,
    overall: r.population.shown ? metricTable('Kennzahlen über alle Entscheidungen', [{ label: 'Alle', n: r.population.decisions, metrics: r.overall }]) : null,
    claimCharts,
    ratio: ratio ? { file: chartFile(ratio.svg), alt: `${ratio.title}. ${ratio.description}`, caption: ratio.caption } : null,
    cross,
    hints: hints.length > 0 ? disparityTable(`Vergleiche mit Hinweis (${hints.length} von ${r.disparities.length})`, hints) : null,
    comparisonsNote:
      r.disparities.length === 0
        ? 'Es gibt keine Vergleiche: zu wenige ausgewiesene Gruppen.'
        : `Geprüft wurden ${r.disparities.length} Vergleiche. Hier stehen die Vergleiche mit Hinweis; alle Vergleiche mit Test, Konfidenzintervallen und kleinster nachweisbarer Differenz enthalten die HTML- und die JSON-Fassung desselben signierten Berichts.`,
    fourFifths:
      r.fourFifths.length > 0
        ? ({
            caption: 'Vier-Fünftel-Prüfung',
            head: ['Gruppe', 'Gruppe mit der höchsten Quote', 'Verhältnis', 'Warnsignal'],
            rows: r.fourFifths.map((f) => [f.groupLabel, f.highestLabel, decimal(f.ratio), f.alarm ? '⚠ ja' : 'nein']),
          } satisfies Table)
        : null,
    groupings: r.groupings.map((g) => ({
      label: g.label,
      table: g.groups.length === 0 ? null : metricTable(`Kennzahlen nach ${g.label}`, g.groups),
      hidden: `Nicht ausgewiesene Zellen dieser Tabelle: ${g.hiddenCells}.`,
    })),
    counterfactual: r.counterfactual
      ? ({
          caption: `Kontrafaktische Prüfung ${r.counterfactual.suite}: ${r.counterfactual.cases} erzeugte Fälle je Merkmal`,
          head: ['Merkmal', 'Fälle mit geändertem Ergebnis', 'davon zulässig (Rechtsgrundlage)', 'unzulässig'],
          rows: r.counterfactual.attributes.map((a) => [a.attribute, String(a.flips), String(a.allowedChanges), `${a.violations}${a.violations > 0 ? ' ⚠' : ''}`]),
        } satisfies Table)
      : null,
    attributes: {
      caption: 'Ausgewertete Merkmale',
      head: ['Merkmal', 'Geschütztes Merkmal', 'Herkunft', 'Rechtsgrundlage'],
      rows: r.sensitiveAttributes.map((a) => [a.label, a.ground, a.source, a.legalBasis]),
    } satisfies Table,
    methods: [
      'Konfidenzintervalle 95 %: Quoten nach Wilson, Differenzen nach Newcombe (Hybrid-Score), Verhältnisse nach Katz (logarithmisch), Mediane über Ordnungsstatistiken, Mittelwerte über die t-Verteilung.',
      `Tests: exakter Test nach Fisher, wenn eine erwartete Zellhäufigkeit unter 5 liegt, sonst Chi-Quadrat-Test nach Pearson; Beträge und Dauer mit dem Mann-Whitney-U-Test. Alle p-Werte nach Holm korrigiert (α = ${decimal(r.alpha)}).`,
      r.screeningBands.rationale,
      ...r.limitations,
    ],
    reviewers: `Zu prüfen durch: ${r.reviewers.map((x) => x.role).join(', ')}.`,
    signature: signed
      ? [
          ['Signatur', `${signed.signature.alg}, Schlüssel ${signed.signature.keyId}`],
          ['Prüfsumme des Berichts', signed.signature.reportHash],
          ['Signaturwert', signed.signature.value],
        ]
      : null,
  };
  files['/data.json'] = JSON.stringify(data);
  return { main: TEMPLATE, files, title };
}

function metricTable(caption: string, rows: readonly { label: string; n: number; metrics: Partial<Record<string, MetricValue>> }[]): Table {
  return {
    caption,
    head: ['Gruppe', 'Personen', ...METRIC_IDS.map(metricLabel)],
    rows: rows.map((row) => [row.label, String(row.n), ...METRIC_IDS.map((id) => metricCell(row.metrics[id]))]),
  };
}

function metricCell(m: MetricValue | undefined): string {
  if (!m || m.kind === 'too_few') return 'zu wenige Fälle';
  if (m.kind === 'rate') return `${percent(m.value, 1)} (${percent(m.ci95[0], 1)} bis ${percent(m.ci95[1], 1)})`;
  return `Mittel ${m.mean.replace('.', ',')}${m.meanCi95 ? ` (${m.meanCi95[0].replace('.', ',')} bis ${m.meanCi95[1].replace('.', ',')})` : ''}; Median ${m.median.replace('.', ',')}`;
}

function disparityTable(caption: string, rows: readonly Disparity[]): Table {
  const fmt = (v: number | string): string => (typeof v === 'number' ? percent(v, 1) : v.replace('.', ','));
  return {
    caption,
    head: ['Gruppe', 'Vergleichsgruppe', 'Kennzahl', 'Gruppe', 'Vergleich', 'Verhältnis', 'p (Holm)', 'Hinweis'],
    rows: rows.map((d) => [
      d.groupLabel,
      d.referenceLabel,
      metricLabel(d.metric),
      fmt(d.groupValue),
      fmt(d.referenceValue),
      d.ratio ? `${decimal(d.ratio.value)}${d.ratio.ci95 ? ` (${decimal(d.ratio.ci95[0])} bis ${decimal(d.ratio.ci95[1])})` : ''}` : '–',
      d.test.pAdjusted < 0.0001 ? '< 0,0001' : decimal(d.test.pAdjusted, 4),
      `⚠ ${d.alarms.map((a) => ALARM_TEXT[a]).join(', ')}`,
    ]),
  };
}

const TEMPLATE = `// Fairness report (src/fairness/report/typst.ts). All content comes from /data.json and is
// set as text; charts are SVG files with their text alternative and a data table.
#let data = json("/data.json")
#set document(title: data.title, author: data.author, description: data.description, keywords: data.keywords,
  date: datetime(year: data.date.year, month: data.date.month, day: data.date.day))
#set text(font: ("DejaVu Sans", "Libertinus Serif"), size: 9pt, lang: "de", region: "DE")
#set par(leading: 0.6em, spacing: 0.9em)
#set page(paper: "a4", margin: (x: 16mm, top: 18mm, bottom: 20mm), footer: context {
  set text(size: 7.5pt, fill: luma(60))
  grid(columns: (1fr, auto), [#data.title], [Seite #counter(page).display() von #counter(page).final().first()])
})
#show heading.where(level: 1): set text(size: 15pt)
#show heading.where(level: 2): set text(size: 12pt)
#show heading.where(level: 3): set text(size: 10pt)
#show figure.caption: set text(weight: "bold")
#show figure: set block(breakable: true)

#let tbl(t, size: 8pt) = figure(kind: table, caption: figure.caption(position: top, t.caption), {
  set text(size: size)
  table(
    columns: t.head.len(),
    stroke: 0.4pt + luma(120),
    inset: 3pt,
    align: left,
    table.header(..t.head.map(h => table.cell(fill: luma(232), strong(h)))),
    ..t.rows.flatten().map(c => [#c]),
  )
})
#let kv(rows) = table(columns: (auto, 1fr), stroke: none, inset: 2pt,
  ..rows.map(r => (strong(r.at(0)), text(hyphenate: true, r.at(1)))).flatten())
#let chart(c) = figure(image(c.file, width: 100%, alt: c.alt), caption: figure.caption(position: top, c.caption))

= #data.heading
#kv(data.meta)

== Zusammenfassung
#for p in data.interpretation [#par(p)]
#tbl(data.summary, size: 9pt)

#if data.overall != none [
  == Alle Entscheidungen
  #tbl(data.overall, size: 7pt)
]

== Anspruchsquote nach Merkmalen
Balken: Anspruchsquote je Gruppe; Linie: 95-%-Konfidenzintervall (Wilson). Schraffierte Balken mit „⚠ auffällig“ haben einen Hinweis.
#for c in data.claimCharts [
  #chart(c)
  #tbl(c.table)
]
#if data.claimCharts.len() == 0 [Keine Gruppe kann ausgewiesen werden.]

#if data.ratio != none [
  == Verhältnis zur Vergleichsgruppe
  #chart(data.ratio)
]

#if data.cross.len() > 0 [
  == Kreuzungen von Merkmalen
  „nicht ausgewiesen“ heißt: leer, weniger als k Personen, oder gesperrt, damit sich eine kleine Gruppe nicht aus Summen zurückrechnen lässt.
  #for c in data.cross [
    #chart(c)
    #tbl(c.table, size: 7pt)
  ]
]

== Vergleiche
#par(data.comparisonsNote)
#if data.hints != none [#tbl(data.hints, size: 7pt)]

#if data.fourFifths != none [
  == Vier-Fünftel-Prüfung (Warnsignal)
  Verhältnis der Anspruchsquote jeder Gruppe zur höchsten Quote desselben Merkmals. Unter 0,8 ist ein Warnsignal; ein Wert darüber ist keine Feststellung, dass keine Benachteiligung vorliegt.
  #tbl(data.fourFifths)
]

== Kennzahlen je Gruppe
#for g in data.groupings [
  === #g.label
  #if g.table == none [Keine Gruppe kann ausgewiesen werden.] else [#tbl(g.table, size: 6.5pt)]
  #par(g.hidden)
]

#if data.counterfactual != none [
  == Kontrafaktische Prüfung
  #tbl(data.counterfactual)
]

== Merkmale und Rechtsgrundlage
#tbl(data.attributes)

== Methode und Grenzen
#list(..data.methods.map(m => [#m]))

== Prüfung
#par(data.reviewers)
#if data.signature != none [#kv(data.signature)] else [Dieser Bericht ist nicht signiert.]
`;
