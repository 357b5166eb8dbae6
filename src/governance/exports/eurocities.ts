import { dayOf } from '../dates.ts';
import { RULES } from '../rules.ts';
import { csvToRecords, toCsv } from './csv.ts';
import { DOMAIN_MAP } from './domains.ts';
import { validateRecord, type ValidationProblem, type ValidationResult } from './field-list.ts';
import { EUROCITIES_ATS } from './standards.ts';
import { assessFria } from '../fria.ts';
import { compact, dataText, friaSummary, httpUrl, risksText, selfLearningText, trainingDataText, type ExportInput, type ExportResult } from './common.ts';

const STATUS = { draft: 'development', consultation: 'evaluation', approved: 'evaluation', active: 'operational', retired: 'retired' } as const;

/** Eurocities Algorithmic Transparency Standard v0.3.1, one registration. */
export function exportEurocities({ entry, classification: c, bundle, at }: ExportInput): ExportResult {
  const cls = RULES.classes.find((x) => x.id === c.riskClass)!;
  const fria = bundle?.fria && assessFria(bundle.fria).complete ? bundle.fria : undefined;
  const record = compact({
    standard_version: '0.3.1',
    uuid: entry.uuid,
    lang: 'de',
    publication_date: dayOf(entry.firstPublishedAt ?? at),
    last_change_date: dayOf(entry.updatedAt),
    revision_date: entry.reviewDue,
    keywords: [DOMAIN_MAP[entry.domain].de, c.riskClassLabel].join(', '),
    name: entry.name,
    organization: entry.organization,
    department: entry.department,
    country: 'Germany',
    contact_email: entry.contact.email,
    contact_phone: entry.contact.phone,
    contact_name: entry.contact.name,
    description_short: entry.shortDescription,
    website: httpUrl(entry.publicUrl),
    status: STATUS[entry.status],
    decision_making_process: entry.decisionProcess,
    domain: DOMAIN_MAP[entry.domain].eurocities,
    area: entry.area,
    goal: entry.purpose,
    impact: `Betroffen: ${entry.affectedPersons.join(', ')}. ${entry.plainLanguage}`,
    risks: risksText(entry),
    risk_category: cls.eurocities,
    proportionality: entry.proportionality,
    lawful_basis: entry.legalBasis.map((l) => l.norm).join('; '),
    documentation: httpUrl(entry.publicUrl),
    training_data: trainingDataText(entry),
    source_data: dataText(entry),
    data_bias: entry.data.bias,
    connected_data_sources: entry.data.sources.join(', '),
    DPIA_description: bundle?.dpia?.summary,
    DPIA_url: httpUrl(bundle?.dpia?.ref) ?? httpUrl(entry.dpiaUrl),
    description: entry.technicalDescription,
    algorithm_type: entry.algorithmType,
    methods_and_models: `${entry.provider.model ? `Modell: ${entry.provider.model}${entry.provider.modelVersion ? ` ${entry.provider.modelVersion}` : ''}. ` : ''}${selfLearningText(entry)}`,
    alternatives_considered: entry.alternativesConsidered,
    product_information: httpUrl(entry.provider.euDatabaseUrl),
    codebase_url: httpUrl(entry.sourceCodeUrl),
    AIA_description: fria ? friaSummary(fria) : undefined,
    type: entry.useType,
    monitoring: entry.monitoring,
    human_intervention: entry.humanOversight.description,
    objection_procedure: entry.objectionProcedure,
    rollback: entry.rollback,
  });
  return { standard: EUROCITIES_ATS.standard, version: EUROCITIES_ATS.version, format: 'json', record, validation: validateRecord(EUROCITIES_ATS, record) };
}

/** The Eurocities CSV template (semicolon, header row of attributes), one row per registration. */
export function exportEurocitiesCsv(inputs: readonly ExportInput[]): { csv: string; validation: ValidationResult } {
  const csv = toCsv(EUROCITIES_ATS, inputs.map((i) => exportEurocities(i).record));
  return { csv, validation: validateEurocitiesCsv(csv) };
}

/** Validates a CSV as a consumer reads it: exact header of the standard, then every row against the field list. */
export function validateEurocitiesCsv(csv: string): ValidationResult {
  const { header, records } = csvToRecords(csv);
  const problems: ValidationProblem[] = [];
  const expected = EUROCITIES_ATS.fields.map((f) => f.name);
  expected.forEach((name, i) => {
    if (header[i] !== name) problems.push({ kind: header.includes(name) ? 'value' : 'missing', path: `Spalte ${i + 1}`, message: `Spalte „${name}“ erwartet, gefunden „${header[i] ?? ''}“.` });
  });
  header.slice(expected.length).forEach((h, i) => problems.push({ kind: 'extra', path: `Spalte ${expected.length + i + 1}`, message: `Spalte „${h}“ gehört nicht zum Standard.` }));
  records.forEach((r, i) => {
    for (const p of validateRecord(EUROCITIES_ATS, r).problems) problems.push({ ...p, path: `Zeile ${i + 2}: ${p.path}` });
  });
  return { standard: EUROCITIES_ATS.standard, version: EUROCITIES_ATS.version, valid: problems.length === 0, problems };
}
