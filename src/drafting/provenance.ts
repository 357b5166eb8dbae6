import type { LetterKind } from './model.ts';

/**
 * How a draft came about, as the ledger records it (AI Act Art. 12/50 evidence): decision,
 * generator, model and prompt version, hashes of what went in and out, the privacy guard,
 * the governance gate, the fact gate, and — after approval — reviewer and diff hash.
 * Texts themselves are never part of it, only their hashes.
 */
export interface DraftProvenance {
  schema: 'amtsklar.draft-provenance/1';
  letterKind: LetterKind;
  pack: string;
  packVersion: string;
  packHash: string;
  decision: { inputHash: string; resultHash: string; engineVersion: string };
  createdAt: string;
  generator: 'template' | 'model';
  model: {
    endpointId: string;
    name: string;
    reported: string;
    systemFingerprint: string | null;
    usage: { promptTokens: number; completionTokens: number } | null;
  } | null;
  promptTemplate: { id: string; version: string; hash: string } | null;
  hashes: { prompt: string | null; enquiry: string | null; modelOutput: string | null; text: string };
  privacy: { decision: 'allowed' | 'blocked' | 'not_applicable'; placeholders: number; counts: Record<string, number> };
  governance: { checked: boolean; allowed: boolean | null; entryIds: string[]; message: string };
  gate: { passed: boolean; findings: number; factsChecked: number; findingsHash: string };
  review: { reviewer: string; reviewedAt: string; diffHash: string; editedSections: string[]; aiLabel: string | null } | null;
  pdfHash: string | null;
}
