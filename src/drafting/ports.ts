import type { Letter } from './model.ts';
import type { PdfMeta } from './render/data.ts';

/** Sets a letter as PDF (the edge implements it with Typst: src/pdf). */
export interface PdfRenderer {
  render(letter: Letter, meta: PdfMeta): Promise<Uint8Array>;
}

/**
 * Data classes a model endpoint may receive, configured per municipality. Drafting sends
 * only pseudonymised text (placeholders instead of personal data); an endpoint that does
 * not allow that class receives nothing.
 */
export const DATA_CLASSES = ['oeffentlich', 'intern', 'pseudonymisiert', 'personenbezogen', 'sozialdaten'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

export interface StructuredGeneration {
  /** What the text is for (prompt template id), for logs and provenance. */
  purpose: string;
  dataClass: DataClass;
  system: string;
  user: string;
  schemaName: string;
  schema: Record<string, unknown>;
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  signal?: AbortSignal;
}

export interface GeneratedStructured {
  /** The parsed answer, already validated against the schema. */
  value: unknown;
  raw: string;
  /** Model name as the server reported it. */
  model: string;
  systemFingerprint: string | null;
  finishReason: string;
  usage: { promptTokens: number; completionTokens: number } | null;
}

/** The language model as drafting needs it (the edge implements it: src/model-client). */
export interface DraftingModel {
  /** Endpoint id and model name, for provenance. */
  readonly endpointId: string;
  readonly modelName: string;
  allows(dataClass: DataClass): boolean;
  generateStructured(request: StructuredGeneration): Promise<GeneratedStructured>;
}

/**
 * The governance gate for the feature „drafting" (the AI register entry must be active and
 * its obligations met). The edge answers it with governance.featureGate on current data.
 */
export interface DraftingGovernance {
  checkDrafting(): Promise<{ allowed: boolean; message: string; entryIds: string[] }>;
}

/** Where blocked and allowed outbound requests are logged (kinds and keyed hashes only). */
export interface OutboundAuditSink {
  record(event: { purpose: string; decision: 'allowed' | 'blocked'; reason?: string; audits: unknown[] }): void | Promise<void>;
}
