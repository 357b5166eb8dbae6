/**
 * Response shapes of the routes whose OpenAPI entries do not yet declare a response schema
 * (request paths, parameters and bodies are typed from api-types.ts in every call). Each
 * interface names the route it describes; once the route declares its response, use
 * `ResponseOf<…>` from api-types instead and delete the interface here.
 */
import type { paths } from './api-types.ts';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON body of a route's 200/201 answer as declared in the OpenAPI document. */
export type ResponseOf<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'patch'> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer B }
      ? Json<B>
      : never
  : never;

export type PublicPack = ResponseOf<'/api/public/packs/{packId}', 'get'>;
export type Calculation = ResponseOf<'/api/public/packs/{packId}/calculate', 'post'>;
export type WhatIfResult = ResponseOf<'/api/public/packs/{packId}/what-if', 'post'>;
export type Explanation = ResponseOf<'/api/my/cases/{id}/explanation', 'get'>;
export type ChatResponse = ResponseOf<'/api/assistant/chat', 'post'>;
export type Welcome = ResponseOf<'/api/assistant/welcome', 'get'>;

/** A field of a pack's application (recursive view of PublicPack['inputs'][number]). */
export interface FormInput {
  name: string;
  type: 'string' | 'boolean' | 'integer' | 'number' | 'money' | 'date' | 'list' | 'context';
  question: string;
  norm: string;
  description?: string;
  required: boolean;
  default?: unknown;
  enum?: unknown[];
  minimum?: string;
  maximum?: string;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  label?: string;
  short?: string;
  sensitive?: string;
  items?: FormInput;
  fields?: FormInput[];
}

/** GET /api/auth/me */
export interface Me {
  id: string;
  name: string;
  role: 'citizen' | 'caseworker' | 'team_lead' | 'admin' | 'dpo' | 'auditor' | 'system';
  roleLabel: string;
  municipalityId: string;
  teamId: string | null;
  /** The team's name (null without a team). */
  teamName: string | null;
  csrfToken: string | null;
}

/** POST /api/auth/login, /api/auth/citizen, GET /api/auth/link/:token */
export interface LoginAnswer {
  token: string;
  csrfToken: string;
  expiresAt: string;
}

/** GET /api/packs */
export interface PackSummary {
  id: string;
  title: string;
  release: string;
  releases: string[];
  hasDiscretionPoints: boolean;
}

/** POST /api/applications */
export interface SubmissionAnswer {
  caseId: string;
  aktenzeichen: string;
  state: string;
  accessCode: string;
  loginToken: string;
  loginLink: string;
}

export interface MissingItem {
  kind: 'input' | 'document';
  id: string;
  label: string;
  norm?: string;
}

export interface TraceStep {
  rule: string;
  label: string;
  norm: string;
  section: string;
  entity?: { id: string; item: string };
  validFrom?: string;
  inputs: Record<string, unknown>;
  parameters?: Record<string, { validFrom: string; validTo: string | null; publication: string; norm: string }>;
  value: unknown;
  discretion?: { point: string; norm: string; option: string; provisional: boolean; by?: string; reason?: string };
  override?: { computed: unknown; by: string; reason: string };
  interpretation?: string;
}

export interface ReachedDiscretion {
  point: string;
  norm: string;
  why: string;
  options: { id: string; label: string }[];
  provisional: string;
  entity?: { id: string; item: string };
}

export interface DecisionRecord {
  pack: string;
  packVersion: string;
  packHash: string;
  asOf: string | null;
  outcome: 'decided' | 'missing_inputs' | 'needs_human';
  values: Record<string, unknown>;
  reasons: { norm: string; text: string }[];
  missing: { input: string; question: string; norm?: string }[];
  discretion: ReachedDiscretion[];
  trace?: TraceStep[];
  /** Why the Rechenweg could not be recomputed (the server's German message). */
  rechenwegProblem?: { message: string; problems: { path: string; message: string }[] };
  receipt: { inputHash: string; resultHash: string; packHash: string; asOf: string | null; engineVersion: string; decimalLibrary: string };
}

export interface HumanDecision {
  option: string;
  by: string;
  reason: string;
  at?: string;
}

/** GET /api/my/cases */
export interface MyCaseSummary {
  id: string;
  aktenzeichen: string;
  packId: string;
  state: string;
  documentsDue: string | null;
  version: number;
}

/** GET /api/my/cases/:id */
export interface CitizenCase {
  id: string;
  aktenzeichen: string;
  packId: string;
  state: string;
  stateLabel: string;
  version: number;
  documentsDue: string | null;
  missing: MissingItem[];
  decision: (DecisionRecord & { overrides?: { rule: string; computed: unknown; value: unknown; by: string; reason: string }[]; discretionDecisions: Record<string, HumanDecision>; approvedBy: string[] }) | null;
  issuedAt: string | null;
  objectionDue: string | null;
  canObject: boolean;
  letters: { id: string; kind: string; text: string; createdAt: string }[];
}

/** GET /api/my/cases/:id/documents, /api/cases/:id/documents */
export interface DocumentView {
  id: string;
  checklistId: string | null;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  createdAt: string;
}

/** GET /api/cases (items) */
export interface QueueItem {
  id: string;
  aktenzeichen: string;
  packId: string;
  state: string;
  outcome: 'decided' | 'missing_inputs' | 'needs_human' | null;
  documentsDue: string | null;
  objectionDue: string | null;
  version: number;
  updatedAt: string;
}

export interface QueuePage {
  items: QueueItem[];
  total: number;
  page: number;
  pageSize: number;
}

/** GET /api/cases/:id and every workflow step */
export interface StaffCase {
  id: string;
  aktenzeichen: string;
  packId: string;
  packRelease: string;
  state: string;
  stateLabel: string;
  version: number;
  teamId: string | null;
  assignedTo: string | null;
  outcome: DecisionRecord['outcome'] | null;
  decision: DecisionRecord | null;
  discretion: Record<string, HumanDecision>;
  overrides: Record<string, { value: unknown; by: string; reason: string }>;
  approvals: { by: string; name: string; at: string; resultHash: string }[];
  requiredApprovals: number;
  /** A changed decision on the objection proposed by one person, waiting for a second one's approval (four-eyes). */
  abhilfe: {
    objectionId: string;
    proposedBy: string;
    proposedByName: string;
    at: string;
    resultHash: string;
    values: Record<string, unknown>;
    discretion: Record<string, HumanDecision>;
    overrides: Record<string, { value: unknown; by: string; reason: string }>;
    needed: number;
  } | null;
  documentsDue: string | null;
  issuedAt: string | null;
  objectionDue: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  actions: string[];
  /** With `?explain=…`: the explanation from the same read of the Rechenweg; null where there is none. */
  explanation?: Explanation | null;
}

/** GET /api/cases/:id/personal */
export interface PersonalData {
  applicant: { name: string; anschrift?: string; email?: string; telefon?: string };
  application: Record<string, unknown>;
}

/** GET /api/cases/:id/history */
export interface HistoryEvent {
  id: number;
  type: string;
  from: string | null;
  to: string;
  actor: { kind: string; id: string; name: string };
  reason: string | null;
  data: Record<string, unknown>;
  at: string;
}

export type Block = { type: 'p'; text: string } | { type: 'list'; items: string[] } | { type: 'table'; caption: string; head: string[]; rows: string[][] };

export interface LetterSection {
  id: string;
  heading: string | null;
  binding: boolean;
  origin: 'template' | 'model' | 'human';
  blocks: Block[];
}

/** GET/POST/PUT /api/cases/:id/drafting/drafts */
export interface DraftingDraft {
  id: string;
  caseId: string;
  kind: string;
  revision: number;
  parentId: string | null;
  resultHash: string;
  letter: { kind: string; title: string; subject: string; aktenzeichen: string; date: string; salutation: string; sections: LetterSection[]; closing: string[] };
  text: string;
  gate: { passed: boolean; findings: { section: string; sentenceNo: number; sentence: string; kind: string; found: string | null; message: string }[]; factsChecked: number };
  modelUse: { used: boolean; reason: string; message: string };
  provenance: { generator: string; model: { name: string; reported: string } | null };
  createdBy: string;
  createdAt: string;
  review: { reviewer: string; reviewedAt: string; diff: string[]; aiLabel: string | null } | null;
  approvedAt: string | null;
}

/** GET /api/cases/:id/proposals, /api/proposals/:id */
export interface Proposal {
  id: string;
  runId: string;
  caseId: string;
  fromRelease: string;
  toRelease: string;
  status: string;
  changes: { name: string; old: unknown; new: unknown }[];
  old: { outcome: string; values: Record<string, unknown>; trace?: TraceStep[]; packVersion: string; rechenwegProblem?: { message: string } };
  new: { outcome: string; values: Record<string, unknown>; trace?: TraceStep[]; packVersion: string };
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  createdAt: string;
}

/** GET /api/admin/users */
export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  role: string;
  teamId: string | null;
  active: boolean;
  oidc: boolean;
}

/** GET /api/admin/settings */
export interface Settings {
  fourEyes: { always: boolean; refusals: boolean; overrides: boolean };
  automatedDecisions: Record<string, { enabled: boolean; legalBasis: string }>;
  nachforderungDays: number;
  reminderDays: number;
  retention: Record<string, { days: number; mode: 'anonymise' | 'delete' }>;
  packReleases: Record<string, string>;
  authority: { name: string; address: string; rechtsbehelfsbelehrung: string };
  drafting?: { model?: { baseUrl: string; model: string; apiKeyEnv?: string; allowedDataClasses?: DataClass[] } };
}

export const DATA_CLASSES = ['oeffentlich', 'intern', 'pseudonymisiert', 'personenbezogen', 'sozialdaten'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];
