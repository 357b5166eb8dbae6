import { createHash } from 'node:crypto';
import { contentHash, invalidInput } from '../../common/index.ts';
import { buildColumns, indexSurveys, type DecisionColumns } from '../columns.ts';
import {
  aggregate,
  cellDigits,
  closeUnderSubsets,
  groupingKey,
  normaliseGrouping,
  orderByValue,
  orderPass,
  sumFull,
  type CellSums,
  type Ordered,
  type OrderRequest,
} from '../grouping.ts';
import {
  ATTRIBUTE_DOMAINS,
  SENSITIVE_ATTRIBUTES,
  attributeLabel,
  attributeValue,
  type DecisionRecord,
  type EqualitySurveyResponse,
  type SensitiveAttribute,
} from '../model.ts';
import { holmAdjust } from '../stats/holm.ts';
import { meanInterval, medianRanks, welchDifference } from '../stats/location.ts';
import { katzRatio, minimumDetectableDifference, newcombeDifference, wilsonInterval } from '../stats/proportions.ts';
import { mannWhitneyFromU, testTwoRates } from '../stats/tests.ts';
import { suppressSmallCells, type CellTable } from '../suppression.ts';
import { exactQuotient, formatStatistic, round } from './decimal.ts';
import { recoverableSmallCells } from './disclosure.ts';
import { interpret, LIMITATIONS } from './interpretation.ts';
import { LOCATION_METRICS, METRIC_INFO, RATE_METRICS, type LocationSpec } from './metrics.ts';
import {
  REPORT_SCHEMA,
  type Alarm,
  type CounterfactualSummary,
  type Disparity,
  type FairnessReport,
  type FourFifthsCheck,
  type GroupKey,
  type GroupResult,
  type GroupingResult,
  type LocationValue,
  type MetricId,
  type MetricValue,
} from './types.ts';

/** The smallest group size that may ever be published. Options may raise it, never lower it. */
export const MIN_K = 10;

export interface ReportOptions {
  systemId: string;
  systemVersion?: string | null;
  period: { from: string; to: string };
  /** Attribute sets to report; every subset is reported too. Default: each attribute and every pair. */
  groupings?: SensitiveAttribute[][];
  k?: number;
  alpha?: number;
  screeningBand?: [number, number];
  favourableOutcome?: string;
  generatedAt?: string;
  reportId?: string;
  counterfactual?: CounterfactualSummary | null;
  /** Where the attributes come from and on what basis (shown in the report). */
  attributeSource?: { source: string; legalBasis: string };
  /** Limits of this particular data set (German sentences), shown after the general ones. */
  extraLimitations?: readonly string[];
}

export function defaultGroupings(): SensitiveAttribute[][] {
  const out: SensitiveAttribute[][] = SENSITIVE_ATTRIBUTES.map((a) => [a]);
  for (let i = 0; i < SENSITIVE_ATTRIBUTES.length; i++) {
    for (let j = i + 1; j < SENSITIVE_ATTRIBUTES.length; j++) out.push([SENSITIVE_ATTRIBUTES[i]!, SENSITIVE_ATTRIBUTES[j]!]);
  }
  return out;
}

/** Computes the report from decision records and equality survey responses. */
export function buildFairnessReport(
  decisions: Iterable<DecisionRecord>,
  surveys: Iterable<EqualitySurveyResponse>,
  options: ReportOptions,
): FairnessReport {
  const columns = buildColumns(decisions, indexSurveys(surveys), {
    system: options.systemId,
    from: options.period.from,
    to: options.period.to,
  });
  return buildFairnessReportFromColumns(columns, options);
}

export function buildFairnessReportFromColumns(columns: DecisionColumns, options: ReportOptions): FairnessReport {
  const k = options.k ?? MIN_K;
  if (!Number.isInteger(k) || k < MIN_K) throw invalidInput('$.k', `Mindestgruppengröße muss eine ganze Zahl ≥ ${MIN_K} sein`);
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 0.5)) throw invalidInput('$.alpha', 'Signifikanzniveau muss zwischen 0 und 0,5 liegen');
  const band = options.screeningBand ?? [0.8, 1.25];
  if (!(band[0] > 0 && band[0] < 1 && band[1] > 1)) throw invalidInput('$.screeningBand', 'Band muss 1 enthalten, z. B. [0.8, 1.25]');

  const requested = (options.groupings ?? defaultGroupings()).map(normaliseGrouping).filter((g) => g.length > 0);
  const groupings = closeUnderSubsets(requested);
  const codes = columns.cells;
  const full = sumFull(columns);
  const sums = groupings.map((g) => aggregate(full, g));
  const overall = aggregate(full, []);
  const tables: CellTable[] = sums.map((s) => ({
    key: groupingKey(s.attributes),
    attributes: s.attributes.map((a) => SENSITIVE_ATTRIBUTES.indexOf(a)),
    radices: s.radices,
    counts: s.n,
  }));
  const suppression = suppressSmallCells(tables, columns.n, k);
  const shownOf = sums.map((s) => suppression.shown.get(groupingKey(s.attributes))!);
  const references = sums.map((s, i) => chooseReference(s, shownOf[i]!));
  const overallShown = suppression.totalShown;

  // Order statistics and rank tests for every grouping (and the overall row) in one pass per measure.
  const location = locationResults(
    [...sums, overall],
    [...shownOf, Uint8Array.of(overallShown ? 1 : 0)],
    [...references, null],
    { amount: orderByValue(columns.amountCents, codes), processingDays: orderByValue(columns.processingDays, codes) },
    k,
  );

  const groupingResults: GroupingResult[] = [];
  const pending: PendingDisparity[] = [];
  const fourFifths: FourFifthsCheck[] = [];

  sums.forEach((s, index) => {
    const shown = shownOf[index]!;
    const reference = references[index]!;
    const loc = location[index]!;
    const cells = s.n.length;
    const groups: GroupResult[] = [];
    for (let c = 0; c < cells; c++) {
      if (!shown[c]) continue;
      groups.push({ key: keyOf(s, c), label: labelOf(s, c), n: s.n[c]!, metrics: cellMetrics(s, c, loc.values, k) });
    }
    groupingResults.push({
      attributes: s.attributes,
      label: s.attributes.map((a) => ATTRIBUTE_DOMAINS[a].label).join(' × '),
      reference: reference === null ? null : keyOf(s, reference),
      groups,
      hiddenCells: cells - groups.length,
    });
    if (reference === null) return;
    for (let c = 0; c < cells; c++) {
      if (!shown[c] || c === reference || hasNotStated(s, c)) continue;
      pending.push(...rateDisparities(s, c, reference, k, band));
      pending.push(...locationDisparities(s, c, reference, loc, k, band));
    }
    fourFifths.push(...fourFifthsChecks(s, shown, k));
  });

  const adjusted = holmAdjust(pending.map((d) => d.test.p));
  const disparities: Disparity[] = pending.map((d, i) => {
    const pAdjusted = round(adjusted[i]!);
    const alarms: Alarm[] = [...d.alarms];
    if (adjusted[i]! < alpha) alarms.unshift('signifikant');
    const ff = fourFifths.find(
      (f) => f.alarm && d.metric === 'claimRate' && sameKey(f.group, d.group) && groupingKey(f.grouping) === groupingKey(d.grouping),
    );
    if (ff) alarms.push('vier_fuenftel_unterschritten');
    return { ...d, test: { ...d.test, p: round(d.test.p), pAdjusted, correction: 'holm' as const }, alarms };
  });

  const overallLocation = location[sums.length]!.values;
  const summary = {
    comparisons: disparities.length,
    significant: disparities.filter((d) => d.alarms.includes('signifikant')).length,
    outsideScreeningBand: disparities.filter((d) => d.alarms.includes('ausserhalb_screening_band')).length,
    fourFifthsAlarms: fourFifths.filter((f) => f.alarm).length,
  };
  const source = options.attributeSource ?? {
    source: 'freiwillige, pseudonymisierte Gleichstellungsbefragung mit Einwilligung',
    legalBasis: 'Art. 9 Abs. 2 Buchst. a DSGVO (Einwilligung); Art. 4a KI-VO (Erkennung und Korrektur von Verzerrungen)',
  };
  const body: Omit<FairnessReport, 'reportId'> = {
    schema: REPORT_SCHEMA,
    systemId: options.systemId,
    systemVersion: options.systemVersion ?? null,
    datasetSnapshot: snapshotHash(columns),
    period: { from: options.period.from, to: options.period.to },
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    favourableOutcome: options.favourableOutcome ?? 'Anspruch bewilligt',
    k,
    alpha,
    confidenceLevel: 0.95,
    screeningBands: {
      ratio: [band[0], band[1]],
      rationale:
        'Prüfband nach dem Vorbild von Aequitas (τ = 0,8): Verhältnisse außerhalb des Bands lösen einen Hinweis zur Prüfung aus. Das Band hat keine rechtliche Bedeutung; ein Verhältnis innerhalb des Bands belegt keine Gleichbehandlung.',
    },
    sensitiveAttributes: SENSITIVE_ATTRIBUTES.filter((a) => groupings.some((g) => g.includes(a))).map((a) => ({
      name: a,
      label: ATTRIBUTE_DOMAINS[a].label,
      ground: ATTRIBUTE_DOMAINS[a].ground,
      source: source.source,
      legalBasis: source.legalBasis,
    })),
    population: {
      decisions: overallShown ? columns.n : 0,
      withSurveyAnswers: overallShown && columns.withSurvey >= k ? columns.withSurvey : null,
      shown: overallShown,
    },
    metrics: [...METRIC_INFO],
    overall: overallShown ? cellMetrics(overall, 0, overallLocation, k) : {},
    groupings: groupingResults,
    disparities,
    fourFifths,
    summary,
    counterfactual: options.counterfactual ?? null,
    interpretation: [],
    limitations: [...LIMITATIONS, ...(options.extraLimitations ?? [])],
    reviewers: [{ role: 'Fachamt' }, { role: 'Datenschutzbeauftragte Person' }, { role: 'Gleichstellungsbeauftragte Person' }],
  };
  body.interpretation = interpret(body);
  const report: FairnessReport = { reportId: options.reportId ?? contentHash(body).slice('sha256:'.length, 'sha256:'.length + 32), ...body };
  // Defence in depth: check the published numbers the way an attacker would.
  const leaks = recoverableSmallCells(report);
  if (leaks.length > 0) throw new Error(`Bericht würde ${leaks.length} kleine Gruppe(n) offenlegen; Veröffentlichung verweigert`);
  return report;
}

type PendingDisparity = Omit<Disparity, 'test'> & { test: { name: Disparity['test']['name']; p: number; statistic?: number } };

function chooseReference(s: CellSums, shown: Uint8Array): number | null {
  let best: number | null = null;
  for (let c = 0; c < s.n.length; c++) {
    if (!shown[c] || hasNotStated(s, c)) continue;
    if (best === null || s.n[c]! > s.n[best]!) best = c;
  }
  return best;
}

function hasNotStated(s: CellSums, code: number): boolean {
  return cellDigits(s, code).some((d) => d === 0);
}

function keyOf(s: CellSums, code: number): GroupKey {
  const digits = cellDigits(s, code);
  const key: GroupKey = {};
  s.attributes.forEach((a, j) => {
    key[a] = attributeValue(a, digits[j]!);
  });
  return key;
}

function labelOf(s: CellSums, code: number): string {
  const digits = cellDigits(s, code);
  return s.attributes
    .map((a, j) => (digits[j] === 0 ? `${ATTRIBUTE_DOMAINS[a].label}: ${attributeLabel(a, 0)}` : attributeLabel(a, digits[j]!)))
    .join(' · ');
}

function sameKey(a: GroupKey, b: GroupKey): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((x) => a[x as SensitiveAttribute] === b[x as SensitiveAttribute]);
}

type LocationByMetric = Map<LocationSpec['id'], Map<number, LocationValue>>;

interface LocationResults {
  values: LocationByMetric;
  /** Mann–Whitney sufficient statistics of every cell against the reference cell. */
  tests: Map<LocationSpec['id'], { u: Float64Array; tieSum: Float64Array }>;
}

function locationResults(
  sums: CellSums[],
  shown: Uint8Array[],
  references: (number | null)[],
  ordered: Record<LocationSpec['id'], Ordered>,
  k: number,
): LocationResults[] {
  const results: LocationResults[] = sums.map(() => ({ values: new Map(), tests: new Map() }));
  for (const spec of LOCATION_METRICS) {
    const requests: OrderRequest[] = sums.map((s, i) => {
      const moments = spec.moments(s);
      const ranks = new Map<number, number[]>();
      for (let c = 0; c < s.n.length; c++) {
        const n = moments.n[c]!;
        if (!shown[i]![c] || n < k) continue;
        const bounds = medianRanks(n);
        const wanted = [Math.floor((n - 1) / 2), Math.ceil((n - 1) / 2)];
        if (bounds) wanted.push(bounds.lower - 1, bounds.upper - 1);
        ranks.set(c, [...new Set(wanted)].sort((a, b) => a - b));
      }
      return { sums: s, ranks, reference: references[i]! };
    });
    const passes = orderPass(ordered[spec.id], requests);
    passes.forEach((pass, i) => {
      const moments = spec.moments(sums[i]!);
      results[i]!.tests.set(spec.id, { u: pass.u, tieSum: pass.tieSum });
      const perCell = new Map<number, LocationValue>();
      for (const [c] of requests[i]!.ranks) {
        const n = moments.n[c]!;
        const at = pass.atRank.get(c)!;
        const lo = at.get(Math.floor((n - 1) / 2))!;
        const hi = at.get(Math.ceil((n - 1) / 2))!;
        const bounds = medianRanks(n);
        const meanCi = meanInterval(n, moments.sum[c]!, moments.sumSquares[c]!);
        perCell.set(c, {
          kind: 'location',
          n,
          mean: exactQuotient(moments.sum[c]!, n, spec.scale, spec.decimals),
          meanCi95: meanCi
            ? [formatStatistic(meanCi[0], spec.scale, spec.decimals), formatStatistic(meanCi[1], spec.scale, spec.decimals)]
            : null,
          meanCiMethod: 'student_t',
          median: exactQuotient(lo + hi, 2, spec.scale, spec.decimals),
          medianCi95: bounds
            ? [
                exactQuotient(at.get(bounds.lower - 1)!, 1, spec.scale, spec.decimals),
                exactQuotient(at.get(bounds.upper - 1)!, 1, spec.scale, spec.decimals),
              ]
            : null,
          medianCiMethod: 'order_statistics',
        });
      }
      results[i]!.values.set(spec.id, perCell);
    });
  }
  return results;
}

function cellMetrics(s: CellSums, c: number, location: LocationByMetric, k: number): Partial<Record<MetricId, MetricValue>> {
  const out: Partial<Record<MetricId, MetricValue>> = {};
  for (const spec of RATE_METRICS) {
    const x = spec.numerator(s)[c]!;
    const n = spec.denominator(s)[c]!;
    if (n < k) {
      out[spec.id] = { kind: 'too_few', denominator: null };
      continue;
    }
    const [lo, hi] = wilsonInterval(x, n);
    out[spec.id] = { kind: 'rate', numerator: x, denominator: n, value: round(x / n), ci95: [round(lo), round(hi)], ciMethod: 'wilson' };
  }
  for (const spec of LOCATION_METRICS) {
    out[spec.id] = location.get(spec.id)?.get(c) ?? { kind: 'too_few', denominator: null };
  }
  return out;
}

function rateDisparities(s: CellSums, c: number, ref: number, k: number, band: [number, number]): PendingDisparity[] {
  const out: PendingDisparity[] = [];
  for (const spec of RATE_METRICS) {
    const x1 = spec.numerator(s)[c]!;
    const n1 = spec.denominator(s)[c]!;
    const x2 = spec.numerator(s)[ref]!;
    const n2 = spec.denominator(s)[ref]!;
    if (n1 < k || n2 < k) continue;
    const diff = newcombeDifference(x1, n1, x2, n2);
    const ratio = katzRatio(x1, n1, x2, n2);
    const test = testTwoRates(x1, n1, x2, n2);
    const alarms: Alarm[] = [];
    if (ratio && (ratio.value < band[0] || ratio.value > band[1])) alarms.push('ausserhalb_screening_band');
    out.push({
      grouping: s.attributes,
      group: keyOf(s, c),
      groupLabel: labelOf(s, c),
      reference: keyOf(s, ref),
      referenceLabel: labelOf(s, ref),
      metric: spec.id,
      groupValue: round(x1 / n1),
      referenceValue: round(x2 / n2),
      difference: { value: round(x1 / n1 - x2 / n2), ci95: [round(diff[0]), round(diff[1])], method: 'newcombe_hybrid_score' },
      ratio: ratio ? { value: round(ratio.value), ci95: [round(ratio.ci[0]), round(ratio.ci[1])], method: 'katz_log' } : null,
      test: test.statistic === undefined ? { name: test.name, p: test.p } : { name: test.name, p: test.p, statistic: round(test.statistic) },
      minimumDetectableDifference: round(minimumDetectableDifference((x1 + x2) / (n1 + n2), n1, n2)),
      alarms,
    });
  }
  return out;
}

function locationDisparities(
  s: CellSums,
  c: number,
  ref: number,
  location: LocationResults,
  k: number,
  band: [number, number],
): PendingDisparity[] {
  const out: PendingDisparity[] = [];
  for (const spec of LOCATION_METRICS) {
    const m = spec.moments(s);
    if (m.n[c]! < k || m.n[ref]! < k) continue;
    const g = location.values.get(spec.id)!.get(c)!;
    const r = location.values.get(spec.id)!.get(ref)!;
    const tests = location.tests.get(spec.id)!;
    const test = mannWhitneyFromU(tests.u[c]!, m.n[c]!, m.n[ref]!, tests.tieSum[c]!);
    const a = { n: m.n[c]!, sum: m.sum[c]!, sumSquares: m.sumSquares[c]! };
    const b = { n: m.n[ref]!, sum: m.sum[ref]!, sumSquares: m.sumSquares[ref]! };
    const ci = welchDifference(a, b);
    const meanA = a.sum / a.n;
    const meanB = b.sum / b.n;
    const ratio = meanB > 0 ? meanA / meanB : null;
    const alarms: Alarm[] = [];
    if (ratio !== null && (ratio < band[0] || ratio > band[1])) alarms.push('ausserhalb_screening_band');
    out.push({
      grouping: s.attributes,
      group: keyOf(s, c),
      groupLabel: labelOf(s, c),
      reference: keyOf(s, ref),
      referenceLabel: labelOf(s, ref),
      metric: spec.id,
      groupValue: g.mean,
      referenceValue: r.mean,
      difference: {
        value: formatStatistic(meanA - meanB, spec.scale, spec.decimals),
        ci95: ci ? [formatStatistic(ci[0], spec.scale, spec.decimals), formatStatistic(ci[1], spec.scale, spec.decimals)] : null,
        method: 'welch',
      },
      ratio: ratio === null ? null : { value: round(ratio), ci95: null, method: 'ratio_of_means' },
      test: { name: test.name, p: test.p, statistic: test.statistic ?? 0 },
      alarms,
    });
  }
  return out;
}

/**
 * 29 CFR 1607.4(D): a selection rate below four fifths of the highest group's rate is a
 * prima facie alarm. Computed on the favourable outcome only, between shown groups with
 * all attributes stated.
 */
function fourFifthsChecks(s: CellSums, shown: Uint8Array, k: number): FourFifthsCheck[] {
  const cells: number[] = [];
  for (let c = 0; c < s.n.length; c++) if (shown[c] && !hasNotStated(s, c) && s.n[c]! >= k) cells.push(c);
  if (cells.length < 2) return [];
  const rate = (c: number): number => s.claim[c]! / s.n[c]!;
  const highest = cells.reduce((best, c) => (rate(c) > rate(best) ? c : best), cells[0]!);
  if (rate(highest) === 0) return [];
  return cells
    .filter((c) => c !== highest)
    .map((c) => {
      const ratio = rate(c) / rate(highest);
      return {
        grouping: s.attributes,
        metric: 'claimRate' as const,
        group: keyOf(s, c),
        groupLabel: labelOf(s, c),
        highest: keyOf(s, highest),
        highestLabel: labelOf(s, highest),
        ratio: round(ratio),
        alarm: ratio < 0.8,
      };
    });
}

/**
 * sha256 over the joined columns in a fixed layout (`fairness-columns/1`): the count as
 * 8-byte little-endian, then each column's bytes in the order of DecisionColumns (cells as
 * little-endian 16-bit codes of the finest cross-classification). Same data, same hash.
 */
function snapshotHash(columns: DecisionColumns): string {
  const hash = createHash('sha256').update('fairness-columns/1\n');
  const count = new Float64Array([columns.n]);
  hash.update(new Uint8Array(count.buffer));
  for (const col of [
    columns.claim,
    columns.amountCents,
    columns.routed,
    columns.nachforderung,
    columns.processingDays,
    columns.objection,
    columns.changed,
    columns.finalClaim,
    columns.cells,
  ]) {
    hash.update(new Uint8Array(col.buffer, col.byteOffset, col.byteLength));
  }
  return `sha256:${hash.digest('hex')}`;
}
