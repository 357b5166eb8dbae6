// The governance part of the store's public API (re-exported by index.ts in one line).
export { GovernanceStore, type GovernanceActor, type GovernanceStoreOptions, type LedgerAppender, type BundlePatch } from './governance-store.ts';
export { systemFigures, transparencyView } from './governance-figures.ts';
export type { GovernanceEventRow } from './governance-rows.ts';
export { packGovernanceInfo } from './governance-packs.ts';
