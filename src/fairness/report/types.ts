import type { SensitiveAttribute } from '../model.ts';
import type { TestName } from '../stats/tests.ts';

export const REPORT_SCHEMA = 'amtsklar.fairness-report/1';

export type RateMetric =
  | 'claimRate'
  | 'equalOpportunity'
  | 'routedToHumanRate'
  | 'nachforderungRate'
  | 'objectionRate'
  | 'changedOnObjectionRate';
export type LocationMetric = 'amount' | 'processingDays';
export type MetricId = RateMetric | LocationMetric;

export interface MetricInfo {
  id: MetricId;
  label: string;
  description: string;
  /** Which direction is better for the person: the ratio is always group ÷ reference. */
  favourable: 'higher' | 'lower' | 'neutral';
  unit?: 'EUR' | 'Tage';
}

/** A group's attribute values; an attribute missing from the object is not part of the grouping. */
export type GroupKey = Partial<Record<SensitiveAttribute, string | null>>;

export interface RateValue {
  kind: 'rate';
  numerator: number;
  denominator: number;
  value: number;
  ci95: [number, number];
  ciMethod: 'wilson';
}

export interface LocationValue {
  kind: 'location';
  n: number;
  /** Exact mean, rounded half-even to the unit's precision, as a decimal string. */
  mean: string;
  meanCi95: [string, string] | null;
  meanCiMethod: 'student_t';
  median: string;
  medianCi95: [string, string] | null;
  medianCiMethod: 'order_statistics';
}

/** A metric that cannot be stated because its denominator is below k (not a privacy cut). */
export interface TooFew {
  kind: 'too_few';
  denominator: number | null;
}

export type MetricValue = RateValue | LocationValue | TooFew;

export interface GroupResult {
  key: GroupKey;
  label: string;
  n: number;
  metrics: Partial<Record<MetricId, MetricValue>>;
}

export interface GroupingResult {
  attributes: SensitiveAttribute[];
  label: string;
  /** The comparison group: the largest shown group without "keine Angabe". */
  reference: GroupKey | null;
  groups: GroupResult[];
  /**
   * Cells of the full cross-classification that are not shown: empty, fewer than k
   * members, or withheld to protect such a group. Deliberately one number, so that it
   * tells neither which groups exist nor which were withheld for which reason.
   */
  hiddenCells: number;
}

export type Alarm = 'signifikant' | 'ausserhalb_screening_band' | 'vier_fuenftel_unterschritten';

export interface Disparity {
  grouping: SensitiveAttribute[];
  group: GroupKey;
  groupLabel: string;
  reference: GroupKey;
  referenceLabel: string;
  metric: MetricId;
  groupValue: number | string;
  referenceValue: number | string;
  difference: { value: number | string; ci95: [number, number] | [string, string] | null; method: 'newcombe_hybrid_score' | 'welch' };
  ratio: { value: number; ci95: [number, number] | null; method: 'katz_log' | 'ratio_of_means' } | null;
  test: { name: TestName; p: number; pAdjusted: number; correction: 'holm'; statistic?: number };
  /** For rates: smallest difference this comparison would detect (α = 0.05, power 0.8). */
  minimumDetectableDifference?: number;
  alarms: Alarm[];
}

export interface FourFifthsCheck {
  grouping: SensitiveAttribute[];
  metric: 'claimRate';
  group: GroupKey;
  groupLabel: string;
  highest: GroupKey;
  highestLabel: string;
  ratio: number;
  /** An alarm to look closer, never a finding of equal treatment when false. */
  alarm: boolean;
}

export interface SensitiveAttributeInfo {
  name: SensitiveAttribute;
  label: string;
  ground: string;
  source: string;
  legalBasis: string;
}

export interface CounterfactualSummary {
  suite: string;
  cases: number;
  attributes: { attribute: string; flips: number; violations: number; allowedChanges: number }[];
  violations: number;
}

export interface FairnessReport {
  schema: typeof REPORT_SCHEMA;
  reportId: string;
  systemId: string;
  systemVersion: string | null;
  /** sha256 over the joined columns the report was computed from (format `fairness-columns/1`). */
  datasetSnapshot: string;
  period: { from: string; to: string };
  generatedAt: string;
  favourableOutcome: string;
  k: number;
  alpha: number;
  confidenceLevel: 0.95;
  screeningBands: { ratio: [number, number]; rationale: string };
  sensitiveAttributes: SensitiveAttributeInfo[];
  population: { decisions: number; withSurveyAnswers: number | null; shown: boolean };
  metrics: MetricInfo[];
  overall: Partial<Record<MetricId, MetricValue>>;
  groupings: GroupingResult[];
  disparities: Disparity[];
  fourFifths: FourFifthsCheck[];
  summary: { comparisons: number; significant: number; outsideScreeningBand: number; fourFifthsAlarms: number };
  counterfactual: CounterfactualSummary | null;
  interpretation: string[];
  limitations: string[];
  reviewers: { role: string }[];
}

export interface SignedFairnessReport {
  report: FairnessReport;
  signature: {
    alg: 'Ed25519';
    keyId: string;
    /** base64 of the signature over the RFC 8785 canonical JSON of `report`. */
    value: string;
    /** sha256 of the same canonical JSON: the value recorded in the ledger. */
    reportHash: string;
  };
}
