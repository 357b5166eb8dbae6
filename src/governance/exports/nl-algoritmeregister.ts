import { DOMAIN_MAP } from './domains.ts';
import { validateRecord } from './field-list.ts';
import { NL_ALGORITMEREGISTER } from './standards.ts';
import { compact, dataText, httpUrl, month, risksText, selfLearningText, type ExportInput, type ExportResult } from './common.ts';

/** Text fields of the Dutch standard may hold a few HTML tags; plain text is escaped so it stays text. */
function escapeHtml(s: string | undefined): string | undefined {
  return s === undefined ? undefined : s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const STATUS = { draft: 'In ontwikkeling', consultation: 'In ontwikkeling', approved: 'In ontwikkeling', active: 'In gebruik', retired: 'Buiten gebruik' } as const;

/**
 * Dutch Algoritmeregister, publication standard 1.0.0 (machine field names). The standard
 * allows only `lang: "nld"`; the texts stay German, so this export serves tools that read the
 * standard, not publication on algoritmes.overheid.nl.
 */
export function exportNlAlgoritmeregister({ entry, classification: c, bundle }: ExportInput): ExportResult {
  const publication_category = c.riskClass === 'high_risk'
    ? 'Hoog-risico AI-systeem'
    : c.labels.includes('decisions-about-persons') || c.labels.includes('automated-va') ? 'Impactvolle algoritmes' : 'Overige algoritmes';
  const impact = [
    ...(bundle?.dpia && httpUrl(bundle.dpia.ref) ? [{ title: 'Datenschutz-Folgenabschätzung (DPIA)', link: bundle.dpia.ref }] : []),
    ...(!bundle?.dpia && httpUrl(entry.dpiaUrl) ? [{ title: 'Datenschutz-Folgenabschätzung (DPIA)', link: entry.dpiaUrl! }] : []),
  ];
  const dpiaDue = c.obligations.some((o) => o.id === 'GD-35');
  const record = compact({
    name: entry.name,
    description_short: entry.shortDescription,
    organization: entry.organization,
    category: [DOMAIN_MAP[entry.domain].nl],
    status: STATUS[entry.status],
    begin_date: month(entry.activatedAt),
    end_date: month(entry.retiredAt),
    contact_email: entry.contact.email,
    website: httpUrl(entry.publicUrl),
    publication_category,
    goal: escapeHtml(entry.purpose),
    proportionality: escapeHtml(entry.alternativesConsidered ? `${entry.proportionality}\nAlternativen: ${entry.alternativesConsidered}` : entry.proportionality),
    human_intervention: escapeHtml(`${entry.humanOversight.description}\n${entry.decisionProcess}`),
    risks: escapeHtml(risksText(entry)),
    lawful_basis: escapeHtml(entry.legalBasis.map((l) => (l.title ? `${l.norm} (${l.title})` : l.norm)).join('; ')),
    lawful_basis_grouping: entry.legalBasis.filter((l) => httpUrl(l.url)).map((l) => ({ title: l.norm, link: l.url! })),
    process_index_url: httpUrl(entry.processRegisterUrl),
    impacttoetsen_grouping: impact,
    impacttoetsen: impact.length === 0 ? escapeHtml(dpiaDue ? 'Eine Datenschutz-Folgenabschätzung ist erforderlich; sie ist nicht öffentlich verlinkt.' : 'Nach der Einstufung ist keine Datenschutz-Folgenabschätzung erforderlich.') : undefined,
    source_data: escapeHtml(dataText(entry)),
    methods_and_models: escapeHtml(`${entry.technicalDescription} ${selfLearningText(entry)}`),
    provider: entry.provider.name,
    publiccode: httpUrl(entry.sourceCodeUrl),
    lang: 'nld',
    standard_version: '1.0.0',
    source_id: entry.id,
    tags: escapeHtml([DOMAIN_MAP[entry.domain].de, c.riskClassLabel, entry.department].join(', ')),
  });
  for (const k of ['lawful_basis_grouping', 'impacttoetsen_grouping'] as const) {
    if (Array.isArray(record[k]) && (record[k] as unknown[]).length === 0) delete record[k];
  }
  return { standard: NL_ALGORITMEREGISTER.standard, version: NL_ALGORITMEREGISTER.version, format: 'json', record, validation: validateRecord(NL_ALGORITMEREGISTER, record) };
}
