// The participation part of the store's public API (re-exported by index.ts in one line).
export { participationStore, joinTransaction } from './participation-store.ts';
export { objectionStore, objectionWorklist, type ObjectionWorkItem } from './participation-objections.ts';
export { sandboxStore } from './participation-sandbox.ts';
