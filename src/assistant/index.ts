/**
 * The citizen assistant: answers only from the municipality's own service descriptions,
 * discloses that it is a machine, hands over to people. Application layer: declares ports,
 * does no I/O.
 */
export type { Catalog, Fee, FeeOrigin, LegalBasis, Office, OpeningHours, Passage, Section, ServiceDescription } from './model.ts';
export { parseOffices, parseServiceDescription, plainText } from './content-parse.ts';
export { buildCatalog, catalogPassages, findService, formatEuro, officeContactText, sectionUrl } from './catalog.ts';
export {
  parseAttackSuite,
  parseHandoverContent,
  parseQuestionSet,
  parseSynonyms,
  type Attack,
  type AttackKind,
  type EmergencyContact,
  type HandoverContent,
  type LabelledQuestion,
  type SensitiveTopic,
  type Synonym,
  type TopicKind,
} from './content-assistant.ts';
export { Retriever, type PassageHit, type Retrieval, type ServiceHit } from './retrieval.ts';
export type { ChatMessage, ChatModel, ChatReply, ChatRequest, Embedder, FeedbackRecord, FeedbackStore } from './ports.ts';
export type { AssistantContent } from './content.ts';
export {
  Assistant,
  MAX_QUESTION_LENGTH,
  type AnswerMode,
  type AnswerStatement,
  type AssistantAuditEvent,
  type AssistantOptions,
  type AssistantResponse,
  type ChatInput,
  type FeedbackInput,
  type Citation,
  type HandoverBlock,
  type HandoverReason,
  type OfficeContact,
} from './assistant.ts';
export { STRINGS, type UiLanguage, type UiStrings } from './strings.ts';
export { detectLanguage, type Language } from './language.ts';
export { scanInjection, quarantinePassages, type InjectionScan, type Quarantine } from './injection.ts';
export { checkSupport, numbersIn, type Statement, type SupportIssue, type SupportResult } from './support.ts';
export { checkPolicy, type PolicyViolation } from './policy.ts';
export { ANSWER_SCHEMA, DATAMARK, SYSTEM_PROMPT_VERSION, answerRequest, parseAnswer, systemPrompt } from './prompt.ts';
export { evaluateRetrieval, type RetrievalReport } from './evaluation.ts';
export {
  catalogWithRevisions,
  checkDraftText,
  createDraft,
  editDraft,
  publishedRevisions,
  reviewDraft,
  submitDraft,
  withdraw,
  type EditorialAction,
  type EditorialActor,
  type EditorialEvent,
  type EditorialRole,
  type ReviewResult,
  type Revision,
  type RevisionState,
} from './editorial.ts';
