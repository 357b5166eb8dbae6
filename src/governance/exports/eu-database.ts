import { AmtsklarError } from '../../common/index.ts';
import { assessFria } from '../fria.ts';
import { validateRecord } from './field-list.ts';
import { EU_DB_ANNEX_VIII_C, EU_DB_ANNEX_VIII_C_RESTRICTED } from './standards.ts';
import { compact, friaSummary, httpUrl, type ExportInput, type ExportResult } from './common.ts';

export interface ContactDetails {
  name: string;
  address: string;
  email: string;
  phone?: string;
}

/**
 * The deployer's data for the EU database (Art. 49(3), 71(3), Annex VIII Section C). Only
 * for high-risk systems of Annex III except point 2; for points 1, 6 and 7 only C.1–C.3 in
 * the secure non-public section (Art. 49(4)).
 */
export function exportEuDatabase(input: ExportInput & { deployer: ContactDetails; submitter: ContactDetails }): ExportResult & { restricted: boolean } {
  const { entry, classification: c, bundle } = input;
  if (!c.labels.includes('eu-db-registration')) {
    throw new AmtsklarError('conflict', `„${entry.name}“ wird nicht in der EU-Datenbank registriert: nur Betreiber von Hochrisiko-Systemen nach Anhang III (außer Nr. 2) registrieren ihre Verwendung (Art. 49 Abs. 3 KI-VO).`, [
      { path: '$.classification', message: `Einstufung: ${c.riskClassLabel}.` },
    ]);
  }
  const restricted = c.labels.includes('annex-iii-restricted');
  const list = restricted ? EU_DB_ANNEX_VIII_C_RESTRICTED : EU_DB_ANNEX_VIII_C;
  const contact = (d: ContactDetails) => compact({ name: d.name, address: d.address, email: d.email, phone: d.phone });
  const record = compact({
    section: 'C',
    c1_deployer: contact(input.deployer),
    c2_submitter: contact(input.submitter),
    c3_provider_entry_url: httpUrl(bundle?.euDatabase?.providerEntryUrl) ?? httpUrl(entry.provider.euDatabaseUrl),
    // only a complete FRIA can be summarised; an incomplete one leaves C.4 missing, which the validation reports
    c4_fria_summary: restricted || !bundle?.fria || !assessFria(bundle.fria).complete ? undefined : friaSummary(bundle.fria),
    c5_dpia_summary: restricted || !entry.data.personalData ? undefined : bundle?.dpia?.summary,
  });
  return { standard: list.standard, version: list.version, format: 'json', record, validation: validateRecord(list, record), restricted };
}
