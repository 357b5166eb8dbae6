export { EMPTY_ROOT, HASH_SIZE, fromBase64, fromHex, hashChildren, hashFromBase64, hashLeaf, isHash, sameHash, toBase64, toHex, type Hash } from './hash.ts';
export { bitCeil, isSize, isValidSubtree, perfectNodes, splitPoint, type NodeId, type Range } from './tree.ts';
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
