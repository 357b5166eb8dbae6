/**
 * Shapes of the participation and sandbox answers the pages read. The OpenAPI document
 * declares these routes' requests, not their responses; these follow src/participation.
 */
export interface PublicComment {
  id: string;
  number: number;
  visible: boolean;
  author?: string;
  section?: string | null;
  body?: string;
  createdOn?: string;
  note?: string;
  disposition?: { kind: string; label: string; explanation: string } | null;
}

export interface PublicConsultation {
  id: string;
  entryId: string;
  entryName: string;
  occasion: { code: string; label: string };
  status: { code: string; label: string };
  acceptsComments: boolean;
  title: string;
  plainLanguage: string;
  easyLanguage: string | null;
  questions: string[];
  documents: { title: string; url: string; kind: string }[];
  opensOn: string;
  closesOn: string;
  period: string;
  conductVersion: string;
  comments: PublicComment[];
  response: { summary: string; changes: string[]; publishedOn: string; publishedBy: string } | null;
  counts: { comments: number; visible: number; accepted: number };
}

export interface ConsultationSummary {
  id: string;
  entryId: string;
  entryName: string;
  title: string;
  occasion: { code: string; label: string };
  status: { code: string; label: string };
  acceptsComments: boolean;
  period: string;
  closesOn: string;
  counts: { comments: number; visible: number; accepted: number };
  responded: boolean;
}

export interface ConductRule {
  id: string;
  title: string;
  text?: string;
}

export interface CodeOfConduct {
  version: string;
  title: string;
  rules: ConductRule[];
  markdown: string;
}

export interface StaffComment {
  id: string;
  number: number;
  authorKind: 'citizen' | 'staff';
  authorLabel: string;
  section: string | null;
  body: string;
  status: 'visible' | 'under_review' | 'hidden';
  reports: number;
  disposition: { kind: string; explanation: string } | null;
  createdAt: string;
}

export interface StaffConsultation {
  consultation: { id: string; entryId: string; title: string; status: string; opensOn: string; closesOn: string; version: number; response: PublicConsultation['response'] };
  entry: { id: string; name: string; status: string };
  statusLabel: string;
  occasionLabel: string;
  mayModerate: boolean;
  comments: StaffComment[];
  moderationQueue: { commentId: string; number: number; status: string; reports: { rule: string; note: string | null; at: string }[] }[];
  moderationLog: { commentId: string; action: string; rule: string | null; reason: string; actorName: string; at: string }[];
}

export interface StaffConsultationSummary {
  id: string;
  entryId: string;
  title: string;
  status: string;
  statusLabel: string;
  opensOn: string;
  closesOn: string;
  version: number;
  comments: number;
  awaitingModeration: number;
  withoutDisposition: number;
}

export interface Procedure {
  id: string;
  entryId: string;
  entryName: string;
  status: string;
  statusLabel: string;
  open: boolean;
  informedOn: string;
  package: { item: string; label: string; ref?: string; notApplicable?: string }[];
  deliberations: { on: string; note: string }[];
  vote: { result: string; on: string; conditions: string[]; resolutionRef: string | null } | null;
  serviceAgreement: { ref: string; concludedOn: string; basedOnTemplate: string | null } | null;
  conciliation: { calledOn: string; note: string } | null;
  version: number;
  needsRenewal: boolean;
  renewalMessage: string | null;
}

export interface Activation {
  allowed: boolean;
  reasons: { code: string; message: string }[];
  openObligations: { id: string; title: string }[];
  message: string;
}

export interface RegisterEntrySummary {
  id: string;
  name: string;
  status: string;
}

export interface FeedbackItem {
  id: string;
  entryId: string | null;
  subject: string;
  subjectRef: string | null;
  channel: string;
  authorKind: string;
  rating: number;
  text: string | null;
  removed: string[];
  status: 'new' | 'in_progress' | 'done';
  note: string | null;
  createdAt: string;
}

export interface FeedbackAnswer {
  id: string;
  routedTo: string | null;
  notice?: string | null;
  message?: string;
}

export interface ObjectionStatus {
  caseId: string;
  state: string;
  canObject: boolean;
  objectionDue: string | null;
  objection: { filedAt: string; status: 'in_review' | 'decided'; statusLabel: string; result: 'upheld' | 'changed' | null; decidedAt: string | null; assigned: boolean; assignedToName?: string | null } | null;
}

export interface ObjectionItem {
  caseId: string;
  aktenzeichen?: string;
  filedAt?: string;
  assignedToName?: string | null;
  mine?: boolean;
  [k: string]: unknown;
}

export interface ParticipationTransparency {
  since: string;
  systems: {
    entryId: string;
    name: string;
    consultations: { id: string; title: string; status: string; label: string; occasion: string; closesOn: string; responsePublishedOn: string | null; url: string }[];
    feedback: { total: number; averageRating: string | null; bySubject: Record<string, number> };
  }[];
}
