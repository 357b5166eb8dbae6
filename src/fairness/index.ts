/**
 * Fairness and accountability monitoring (pure core, no I/O): group metrics with honest
 * statistics and small-cell suppression over decision records joined with a voluntary
 * equality survey, signed reports, counterfactual and name-swap test harnesses, and the
 * synthetic population used here, in the sandbox and in benchmarks.
 */
export {
  ATTRIBUTE_DOMAINS,
  NOT_STATED_LABEL,
  SENSITIVE_ATTRIBUTES,
  type AttributeDomain,
  type DecisionRecord,
  type EqualitySurveyResponse,
  type SensitiveAttribute,
} from './model.ts';
export { buildColumns, indexSurveys, parseCents, parseSurveySubmission, SurveyIndex, type ColumnFilter, type DecisionColumns } from './columns.ts';
export { suppressSmallCells, type CellTable, type SuppressionResult } from './suppression.ts';
export { buildFairnessReport, buildFairnessReportFromColumns, defaultGroupings, MIN_K, type ReportOptions } from './report/build.ts';
export { METRIC_INFO } from './report/metrics.ts';
export { renderReportHtml } from './report/html.ts';
export { signReport, verifyReport } from './report/sign.ts';
export type {
  Alarm,
  CounterfactualSummary,
  Disparity,
  FairnessReport,
  FourFifthsCheck,
  GroupKey,
  GroupResult,
  GroupingResult,
  MetricId,
  MetricValue,
  SignedFairnessReport,
} from './report/types.ts';
export { REPORT_SCHEMA } from './report/types.ts';

export { wilsonInterval, newcombeDifference, katzRatio, minimumDetectableDifference, type Interval } from './stats/proportions.ts';
export { fisherExact } from './stats/fisher.ts';
export { chiSquareTest, type ChiSquareResult } from './stats/chisq.ts';
export { holmAdjust } from './stats/holm.ts';
export { testTwoRates, mannWhitney, type TestResult } from './stats/tests.ts';
export { meanInterval, medianRanks, welchDifference } from './stats/location.ts';
export { chiSquareUpperTail } from './stats/gamma.ts';

export { Rng, WeightedTable } from './random.ts';
export { generatePopulation, ageGroup, type PopulationOptions } from './population/generate.ts';
export type { KitaAntrag, Personalien, SyntheticHousehold, WohngeldAntrag } from './population/types.ts';
export { WOHNGELD_FLIPS } from './population/flips.ts';
export { MUNICIPALITIES } from './population/municipalities.ts';
export { simulateDecisions, BASE_RATES, type PlantedBias, type SimulationOptions } from './simulate.ts';

export {
  runCounterfactual,
  summariseCounterfactual,
  MIN_COUNTERFACTUAL_CASES,
  type CounterfactualOptions,
  type CounterfactualResult,
  type SensitiveFlip,
} from './counterfactual.ts';
export { runPackCounterfactual, declaredFlips, decisionOutputs, PACK_ADAPTERS, type PackFairnessAdapter, type PackCounterfactualOptions } from './packs.ts';
export { runSwapTest, SWAP_IDENTITIES, TONE_MARKERS, type Identity, type SwapOptions, type SwapResult } from './swap.ts';

export { ColumnBuilder, ROW_FLAGS, SURVEY_PACKING, packAnswers } from './columns.ts';
export { OUTCOME_SPECS, changeForPerson, favourableOutcome, type ChangeForPerson, type OutcomeSpec } from './outcomes.ts';
export { parseQuarter, quarterOfMonth, lastCompletedQuarter, quarterEnded, berlinDate, calendarDays, type Quarter } from './periods.ts';
export { alertFor, reportStatus, DEFAULT_ALERT_THRESHOLDS, type AlertThresholds, type FairnessAlert, type FairnessStatus } from './alerts.ts';
export { reportTypstSource, type TypstReportSource } from './report/typst.ts';
