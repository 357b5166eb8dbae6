// The ledger's part of the store's public API (re-exported by index.ts in one line).
export { Ledger, type AppendOutcome, type LedgerConfig, type WitnessReport } from './ledger.ts';
export { ledgerSignerKey, openLedger, witnessKeys } from './ledger-config.ts';
export { PgLedgerStorage, type LeafMeta } from './ledger-storage.ts';
export { verifyCoverage } from './ledger-verify.ts';
export type { PendingEntry } from './ledger-entries.ts';
