import { AmtsklarError } from '../../common/index.ts';
import { exportEurocities, exportEurocitiesCsv, exportNlAlgoritmeregister, exportUkAtrs, type ExportInput, type ExportResult, type ValidationResult } from '../../governance/index.ts';
import type { GovernanceStore } from '../../store/index.ts';
import type { PublicStandard } from './governance-context.ts';

const EXPORTERS: Record<PublicStandard, (i: ExportInput) => ExportResult> = {
  'nl-algoritmeregister': exportNlAlgoritmeregister,
  eurocities: exportEurocities,
  'uk-atrs': exportUkAtrs,
};

/** The export input of an entry; a register entry without classification cannot be exported. */
export async function exportInput(store: GovernanceStore, m: string, entryId: string): Promise<ExportInput> {
  const s = await store.state(m, entryId);
  if (!s.classification) {
    throw new AmtsklarError('conflict', `„${s.entry.name}“ ist noch nicht klassifiziert; ohne Risikoklasse gibt es keinen Export.`, [{ path: '$.classification', message: 'fehlt' }]);
  }
  return { entry: s.entry, classification: s.classification, bundle: s.bundle, at: new Date().toISOString() };
}

export async function exportEntry(store: GovernanceStore, m: string, entryId: string, standard: PublicStandard): Promise<ExportResult> {
  return EXPORTERS[standard](await exportInput(store, m, entryId));
}

/** The Eurocities CSV of several entries (those with a classification). */
export async function eurocitiesCsv(store: GovernanceStore, m: string, entryIds: string[]): Promise<{ csv: string; validation: ValidationResult }> {
  const inputs: ExportInput[] = [];
  for (const id of entryIds) inputs.push(await exportInput(store, m, id));
  return exportEurocitiesCsv(inputs);
}
