export type {
  Block,
  ChecklistItem,
  DecisionRecord,
  HumanDecision,
  Letter,
  Letterhead,
  LetterInput,
  LetterKind,
  Override,
  Recipient,
  Section,
  SectionId,
} from './model.ts';
export { LETTER_TITLES } from './model.ts';
export { draftingSettings, MUSTERSTADT_SETTINGS, rechtsbehelfFor, type DraftingSettings, type Rechtsbehelf } from './settings.ts';
export { buildAntwort, buildBescheid, buildErlaeuterung, buildNachforderung, buildPrimaryLetter, missingItems, nachforderungDeadline } from './letters.ts';
export { checkLetter, type GateFinding, type GateResult } from './gate/gate.ts';
export { recordFacts, type RecordFacts } from './gate/record-facts.ts';
export { letterText, splitSentences } from './gate/sentences.ts';
export { extractFacts, parseGermanAmount, type TextFact } from './german/extract.ts';
export { parseCitations, type Citation, type NormRef } from './german/citations.ts';
export { formatDate, formatDateLong, formatEuro } from './german/format.ts';
export { renderData, type PdfMeta, type RenderData } from './render/data.ts';
export { DATA_CLASSES, type DataClass, type DraftingModel, type GeneratedStructured, type PdfRenderer, type StructuredGeneration } from './ports.ts';
export { applyEdits, approveDraft, gateFacts, prepareDraft, type ApprovedDraft, type DraftingDeps, type DraftKind, type DraftRequest, type ModelUseReason, type PreparedDraft, type SectionEdit } from './generate.ts';
export type { DraftProvenance } from './provenance.ts';
export type { DraftingGovernance, OutboundAuditSink } from './ports.ts';
export { factSlots, fillSlots, type FactSlot } from './prompts/facts.ts';
export { ANTWORT_V1, ERLAEUTERUNG_V1, PROMPT_TEMPLATES, templateRef, type PromptTemplate } from './prompts/templates.ts';
export { diffLines } from './diff.ts';
export { caseDrafter, letterInputFromCase, settingsFromCase, type CaseDraftInput, type CaseDraftKind, type CaseDrafterOptions } from './case-drafter.ts';
export { addressedTo, discretionDecided, salutationFor } from './letters.ts';
export { germanSyllables, readability, type Readability } from './readability.ts';
