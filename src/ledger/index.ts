export { EMPTY_ROOT, HASH_SIZE, fromBase64, fromHex, hashChildren, hashFromBase64, hashLeaf, isHash, sameHash, toBase64, toHex, type Hash } from './hash.ts';
export { bitCeil, completedNodes, isSize, isValidSubtree, perfectNodes, splitPoint, type NodeId, type Range } from './tree.ts';
export { verifyConsistency, verifyInclusion, verifySubtreeConsistency, verifySubtreeInclusion, type Verdict } from './verify.ts';
export type { LeafRecord, LedgerAppender, LedgerReader, LedgerStorage, StoredNode } from './storage.ts';
export {
  appendLeaves,
  appendWith,
  consistencyProof,
  inclusionProof,
  LedgerProofError,
  rootAt,
  subtreeConsistencyProof,
  subtreeHash,
  type AppendResult,
} from './log.ts';
export { MemoryLedgerStorage } from './memory-storage.ts';
export {
  generateKey,
  isKeyName,
  keyId,
  noteSigner,
  noteVerifier,
  NoteError,
  NoteSignatureError,
  openNote,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  SIG_COSIGNATURE_V1,
  SIG_ED25519,
  signNote,
  verifierKeyOf,
  type KeyPairText,
  type OpenedNote,
  type ParsedNote,
  type Signer,
  type Verifier,
} from './note.ts';
export { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint, type Checkpoint, type OpenedCheckpoint } from './checkpoint.ts';
export { addCosignature, cosignatureVerifier, cosigner, type Cosigner } from './cosignature.ts';
export { CompactRange } from './compact.ts';
export { auditLog, LogAudit, type AuditFinding, type CheckpointRoot } from './audit.ts';
export { commit, COMMITMENT_PATTERN, newSalt, opensTo, SALT_BYTES } from './commitment.ts';
export { checkEntryText, decodeEntry, decodeEntryText, encodeEntry, ENTRY_TYPES, ENTRY_VERSION, entryTime, validateEntry, type EntryOf, type EntryType, type LedgerEntry } from './entries.ts';
export {
  buildReceipt,
  RECEIPT_FORMAT,
  receiptToText,
  TEXT_PREFIX,
  verifyReceipt,
  verifyReceiptText,
  type DecisionClaim,
  type Receipt,
  type ReceiptCheck,
  type ReceiptVerdict,
} from './receipt.ts';
export { witnessStep, type WitnessInput, type WitnessOutcome, type WitnessState } from './witness.ts';
export { openWitnessReport, REPORT_HEADER, signWitnessReport, type ReportStatus, type WitnessReportBody } from './witness-report.ts';
