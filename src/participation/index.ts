/**
 * Participation (application layer, ports only, no I/O): public consultations per register
 * entry with moderated comments, a code of conduct, abuse reports and a published response;
 * the staff council's procedure with vote and service agreement; feedback on decisions,
 * letters, explanations and chatbot answers routed to the system's owners; objection
 * routing and the objections' share in the fairness metrics; and the experimentation space
 * (sandbox) with synthetic data only.
 */
export * from './model.ts';
export type * from './ports.ts';
export { CODE_OF_CONDUCT_VERSION, CONDUCT_RULES, CONDUCT_RULE_IDS, REPORT_THRESHOLD, conductRule } from './code-of-conduct.ts';
export { MIN_COMMENT_DAYS, OCCASION_LABELS, STATUS_LABELS as CONSULTATION_STATUS_LABELS, checkContent, checkPeriod, publicView } from './consultation.ts';
export { STAFF_COUNCIL_STATUS_LABELS, governanceRecord, needsRenewal } from './staff-council.ts';
export { countFeedback, routeFeedback, type FeedbackCounts, type FeedbackInput, type RoutableEntry } from './feedback.ts';
export { mayBeAssigned, pickAssignee, type AssigneeCandidate } from './objections.ts';
export { ParticipationService, type ParticipationServiceDeps } from './service.ts';
export { ObjectionRouter } from './objection-routing.ts';
export { PII_LABELS, redactPersonalData, refusePersonalData, redactionNotice } from './text-guard.ts';
export { addDays, germanDay, isIsoDay, today } from './dates.ts';
export * from './sandbox/model.ts';
export { generatePool, type SandboxPacks } from './sandbox/pool.ts';
export { SANDBOX_DRAFTING, plantError, sandboxAktenzeichen } from './sandbox/caseworker.ts';
export { checkSandboxApplication } from './sandbox/input-guard.ts';
export { SandboxService, type SandboxChat, type SandboxOptions, type SandboxStore } from './sandbox/service.ts';
