import { ATTRIBUTE_DOMAINS, NOT_STATED_LABEL, type SensitiveAttribute } from '../model.ts';
import { barChart, decimal, heatMap, patternDefs, percent, ratioChart, type Bar, type HeatCell } from './svg.ts';
import type { Disparity, FairnessReport, GroupKey, GroupingResult, MetricValue } from './types.ts';

/**
 * The report's charts with their data, shared by the HTML page and the PDF: each chart
 * is built only from what the report model publishes, so a group the model withheld
 * cannot appear in any rendering.
 */
export interface Chart {
  caption: string;
  title: string;
  /** The text alternative: every value the chart shows, in words. */
  description: string;
  svg: string;
}

export interface ClaimChart extends Chart {
  rows: { label: string; n: number; bar: Bar }[];
}

export function claimChart(r: FairnessReport, g: GroupingResult, id: string): ClaimChart | null {
  const groups = g.groups.filter((x) => x.metrics.claimRate?.kind === 'rate');
  if (groups.length === 0) return null;
  const alarmFor = (key: GroupKey): boolean =>
    r.disparities.some((d) => d.metric === 'claimRate' && d.alarms.length > 0 && sameGrouping(d.grouping, g.attributes) && sameKey(d.group, key));
  const rows = groups.map((x) => {
    const m = x.metrics.claimRate as Extract<MetricValue, { kind: 'rate' }>;
    return { label: x.label, n: x.n, bar: { label: x.label, value: m.value, ci: m.ci95, alarm: alarmFor(x.key) } };
  });
  const description = rows
    .map(({ bar: b }) => `${b.label}: ${percent(b.value, 1)} (95 % KI ${percent(b.ci[0], 1)} bis ${percent(b.ci[1], 1)})${b.alarm ? ', Hinweis' : ''}`)
    .join('; ');
  const title = `Anspruchsquote nach ${g.label}`;
  return {
    caption: `Anspruchsquote nach ${g.label}${g.reference ? ` (Vergleichsgruppe: ${labelOfKey(g.reference)})` : ''}`,
    title,
    description,
    svg: barChart(id, title, description, rows.map((x) => x.bar)),
    rows,
  };
}

/** Claim-rate ratios to the reference: every single-attribute comparison and every crossing with a hint. */
export function ratioChartOf(r: FairnessReport, id: string): (Chart & { rows: Disparity[] }) | null {
  const rows = r.disparities.filter((d) => d.metric === 'claimRate' && d.ratio && (d.grouping.length === 1 || d.alarms.length > 0));
  if (rows.length === 0) return null;
  const title = 'Verhältnis der Anspruchsquoten zur Vergleichsgruppe';
  const description = rows.map((d) => `${d.groupLabel} gegenüber ${d.referenceLabel}: ${decimal(d.ratio!.value)}${d.alarms.length > 0 ? ' (Hinweis)' : ''}`).join('; ');
  return {
    caption: `Anspruchsquote der Gruppe geteilt durch die der Vergleichsgruppe (logarithmische Achse); Dreiecke mit „⚠“ markieren Hinweise, der schattierte Bereich ist das Prüfband ${decimal(r.screeningBands.ratio[0])} bis ${decimal(r.screeningBands.ratio[1])}. Gezeigt sind alle Vergleiche einzelner Merkmale und alle Kreuzungen mit Hinweis.`,
    title,
    description,
    svg: ratioChart(
      id,
      title,
      description,
      rows.map((d) => ({ label: `${d.groupLabel} / ${d.referenceLabel}`, ratio: d.ratio!.value, ci: d.ratio!.ci95, alarm: d.alarms.length > 0 })),
      r.screeningBands.ratio,
    ),
    rows,
  };
}

export interface CrossChart extends Chart {
  rowAttribute: SensitiveAttribute;
  columnAttribute: SensitiveAttribute;
  rowLabels: string[];
  columnLabels: string[];
  cells: HeatCell[][];
}

/** A two-attribute grouping as a heat map; cells the model does not publish are „nicht ausgewiesen“. */
export function crossChart(g: GroupingResult, id: string): CrossChart {
  const [a, b] = g.attributes as [SensitiveAttribute, SensitiveAttribute];
  const rowValues = [...ATTRIBUTE_DOMAINS[a].values.map((v) => v.code), null];
  const colValues = [...ATTRIBUTE_DOMAINS[b].values.map((v) => v.code), null];
  const label = (attr: SensitiveAttribute, v: string | null): string =>
    v === null ? NOT_STATED_LABEL : (ATTRIBUTE_DOMAINS[attr].values.find((x) => x.code === v)?.label ?? v);
  const cells: HeatCell[][] = rowValues.map((rv) =>
    colValues.map((cv) => {
      const group = g.groups.find((x) => x.key[a] === rv && x.key[b] === cv);
      const m = group?.metrics.claimRate;
      return group && m?.kind === 'rate' ? { value: m.value, n: group.n } : { value: null, n: null };
    }),
  );
  const description = rowValues
    .flatMap((rv, i) =>
      colValues.map((cv, j) => {
        const c = cells[i]![j]!;
        return `${label(a, rv)} und ${label(b, cv)}: ${c.value === null ? 'nicht ausgewiesen' : `${percent(c.value, 1)}, n = ${c.n}`}`;
      }),
    )
    .join('; ');
  const title = `Anspruchsquote nach ${g.label}`;
  const rowLabels = rowValues.map((v) => label(a, v));
  const columnLabels = colValues.map((v) => label(b, v));
  return {
    caption: `Anspruchsquote nach ${g.label} (Zeilen: ${ATTRIBUTE_DOMAINS[a].label}, Spalten: ${ATTRIBUTE_DOMAINS[b].label})`,
    title,
    description,
    svg: heatMap(id, title, description, rowLabels, columnLabels, cells),
    rowAttribute: a,
    columnAttribute: b,
    rowLabels,
    columnLabels,
    cells,
  };
}

/** An SVG chart as a file of its own: the hatch and hidden-cell patterns go inside it. */
export function standaloneSvg(svg: string): string {
  const defs = /<defs>.*<\/defs>/s.exec(patternDefs())![0];
  const end = svg.indexOf('>') + 1;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.slice(0, end)}${defs}${svg.slice(end)}`;
}

export function labelOfKey(key: GroupKey): string {
  return (Object.entries(key) as [SensitiveAttribute, string | null][])
    .map(([a, v]) => (v === null ? NOT_STATED_LABEL : (ATTRIBUTE_DOMAINS[a].values.find((x) => x.code === v)?.label ?? v)))
    .join(' · ');
}

function sameGrouping(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameKey(a: GroupKey, b: GroupKey): boolean {
  const ka = Object.keys(a) as SensitiveAttribute[];
  return ka.length === Object.keys(b).length && ka.every((x) => a[x] === b[x]);
}
