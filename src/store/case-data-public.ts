// Per-case keys, sealed personal data and erasure: the store's public API for them (re-exported by index.ts in one line).
export { CaseKeys, caseKeys, FIELD, openBytes, sealBytes, type NewCaseKey } from './case-keys.ts';
export { sealedSalts } from './case-salts.ts';
export { sealLegacyCases } from './case-sealing.ts';
export { eraseCase, dueForRetention, listErasures, type ErasureMode, type ErasureRecord, type ErasureRequest } from './case-erasure.ts';
export { masterKeyring, masterKeySpec, newMasterKeySpec } from './master-keys.ts';
