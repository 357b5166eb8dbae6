// Governance: the AI register, AI Act classification as versioned data, obligations with
// dates, the deployer bundle (FRIA, DPIA, oversight, incidents), hard gates, exports to the
// register standards, AI literacy and the public transparency view. Pure: no I/O.

export { RULES } from './rules.ts';
export { parseRuleset, RAW_RULES, RISK_CLASSES } from './ruleset.ts';
export type { Ruleset, Question, QuestionOption, ObligationRule, ClassRule, BlockRule, Derivation, LegalVersion, RiskClass, Step, ObligationOwner, ObligationDue } from './ruleset.ts';
export type { Condition } from './conditions.ts';

export { classify, isClassificationCurrent } from './classify.ts';
export type { Answers, Classification, ClassificationInput, ObligationApplicability, Block, Reason, Role, AiSystemDecision } from './classify.ts';

export {
  createEntry,
  updateEntry,
  validateEntryContent,
  materialHashOf,
  entryContent,
  MATERIAL_FIELDS,
  REGISTER_STATUSES,
  FEATURES,
  DOMAINS,
  AUTOMATION_BASES,
} from './register.ts';
export type { RegisterEntry, RegisterEntryContent, RegisterStatus, RegisterHistoryItem, RegisterChange, FeatureKey, FeatureLink, Domain, NamedOverseer, LegalReference, RiskItem, AutomationBasis } from './register.ts';

export { transition, allowedTransitions } from './lifecycle.ts';
export type { TransitionRequest } from './lifecycle.ts';

export { evaluateObligations, validateObligationRecord } from './obligations.ts';
export type { ObligationRecord, ObligationStatus, ObligationState } from './obligations.ts';
export { CHECKS, CHECK_NAMES } from './checks.ts';
export type { CheckContext, CheckResult, EvidenceLink } from './checks.ts';

export { assessFria, FRIA_FORM, LEVELS } from './fria.ts';
export type { Fria, FriaRisk, FriaAffectedGroup, FriaAssessment, FriaElement, FormSection, FormField, Level } from './fria.ts';
export { emptyBundle, incidentUpdateProblems, validateIncident, suspendingIncidents } from './bundle.ts';
export type { DeployerBundle, IncidentRecord, DocumentRef } from './bundle.ts';
export { MIN_CONSULTATION_DAYS, consultationProblems, validateStaffCouncilRecord, latestStaffCouncilRecord, isStaffCouncilApproval, isConsultationCompleted } from './participation-records.ts';
export type { StaffCouncilRecord, StaffCouncilVote, ConsultationRecord } from './participation-records.ts';
export { validateSettings, defaultSettings, MIN_LOG_RETENTION_MONTHS } from './settings.ts';
export type { GovernanceSettings } from './settings.ts';
export { AUTOMATION_BASIS_FOR } from './packs.ts';
export type { PackGovernanceInfo } from './packs.ts';

export { activationCheck, featureGate, featureUsable, switchFeature, obligationStatuses, gateClosed, FEATURE_LABELS, STATUS_LABELS } from './gates.ts';
export type { EntryGovernanceState, GovernanceWorld, GateDecision, GateReason, GateCode, FeatureSwitch } from './gates.ts';

export { LEARNING_UNITS, REQUIRED_UNITS, COMPLETION_VALIDITY_MONTHS, findUnit, unitForLearner } from './literacy/catalogue.ts';
export { scoreQuiz, literacyStatus, mayApproveAiAssistedDrafts, unitContentHash } from './literacy/quiz.ts';
export type { CompletionRecord, QuizResult, QuizFeedback, LiteracyStatus, LiteracyPerson, UnitStatus } from './literacy/quiz.ts';
export type { LearningUnit, LearningSection, QuizQuestion, QuizOption, LiteracyPurpose } from './literacy/model.ts';

export { buildTransparencyView } from './transparency.ts';
export type { TransparencyView, TransparencyInput, SystemView, SystemFigures, FiguresView } from './transparency.ts';

export { exportNlAlgoritmeregister } from './exports/nl-algoritmeregister.ts';
export { exportEurocities, exportEurocitiesCsv, validateEurocitiesCsv } from './exports/eurocities.ts';
export { exportUkAtrs } from './exports/uk-atrs.ts';
export { exportEuDatabase } from './exports/eu-database.ts';
export type { ContactDetails } from './exports/eu-database.ts';
export { validateRecord, parseFieldList } from './exports/field-list.ts';
export type { FieldList, FieldSpec, FieldType, ValidationResult, ValidationProblem } from './exports/field-list.ts';
export { FIELD_LISTS, NL_ALGORITMEREGISTER, EUROCITIES_ATS, UK_ATRS, EU_DB_ANNEX_VIII_C, EU_DB_ANNEX_VIII_C_RESTRICTED } from './exports/standards.ts';
export { toCsv, parseCsv } from './exports/csv.ts';
export type { ExportInput, ExportResult } from './exports/common.ts';

export { productSystems } from './product-systems.ts';
export type { MunicipalityProfile, ProductSystem } from './product-systems.ts';

export { governanceEvent } from './events.ts';
export type { GovernanceEvent, GovernanceEventType } from './events.ts';
export { uuidV5 } from './ids.ts';
export type { IsoDate } from './dates.ts';
