import { dayOf } from '../dates.ts';
import { assessFria } from '../fria.ts';
import { DOMAIN_MAP } from './domains.ts';
import { validateRecord } from './field-list.ts';
import { UK_ATRS } from './standards.ts';
import { compact, dataText, httpUrl, isProvidedExternally, requiredTrainingText, trainingDataText, type ExportInput, type ExportResult } from './common.ts';

const PHASE = { draft: 'design', consultation: 'development', approved: 'development', active: 'production', retired: 'retired' } as const;

/** UK Algorithmic Transparency Recording Standard v3: metadata, tier 1 and the five sections of tier 2. */
export function exportUkAtrs({ entry, classification: c, bundle }: ExportInput): ExportResult {
  const phase = PHASE[entry.status];
  // A FRIA is a form filled in steps; only a complete one is published.
  const fria = bundle?.fria && assessFria(bundle.fria).complete ? bundle.fria : undefined;
  const assessments = [
    ...(bundle?.dpia ? [compact({ assessment_name: 'Datenschutz-Folgenabschätzung (Art. 35 DSGVO)', assessment_description: bundle.dpia.summary, assessment_date: bundle.dpia.completedAt, assessment_link: bundle.dpia.ref })] : []),
    ...(fria ? [compact({ assessment_name: 'Grundrechte-Folgenabschätzung (Art. 27 KI-VO)', assessment_description: `Fassung ${fria.version}`, assessment_date: fria.completedAt, assessment_link: `fria:${entry.id}#${fria.version}` })] : []),
  ];
  const record = {
    metadata: compact({
      id: entry.uuid,
      standard_version: '3.0',
      organisation: entry.organization,
      function: DOMAIN_MAP[entry.domain].de,
      phase,
      region: entry.area,
      date_first_published: entry.firstPublishedAt ? dayOf(entry.firstPublishedAt) : undefined,
      date_updated: dayOf(entry.updatedAt),
    }),
    tier_1: compact({
      name: entry.name,
      description: `${entry.shortDescription} ${entry.plainLanguage}`,
      website: httpUrl(entry.publicUrl),
      contact_email: entry.contact.email,
      contact_offline: entry.contact.offline ?? entry.contact.phone,
    }),
    tier_2: {
      owner_and_responsibility: compact({
        organisation: entry.organization,
        team: entry.department,
        senior_responsible_owner: entry.accountableRole,
        external_supplier_involvement: isProvidedExternally(entry),
        external_suppliers: isProvidedExternally(entry)
          ? [compact({
              supplier_name: entry.provider.name,
              companies_house_number: entry.provider.companyId,
              supplier_role: entry.provider.model ? `Bereitstellung des Modells ${entry.provider.model}` : 'Entwicklung und Lieferung des Systems',
            })]
          : undefined,
      }),
      description_and_rationale: compact({
        detailed_description: entry.technicalDescription,
        scope: entry.purpose,
        benefit: entry.proportionality,
        alternatives_considered: entry.alternativesConsidered,
      }),
      decision_making_process: compact({
        process_integration: entry.decisionProcess,
        provided_information: `Einstufung: ${c.riskClassLabel}. ${entry.decisionProcess}`,
        frequency_and_scale_of_usage: fria ? `${fria.period.frequency}${fria.period.expectedCasesPerYear !== undefined ? `, etwa ${fria.period.expectedCasesPerYear} Fälle im Jahr` : ''}` : undefined,
        human_decisions_and_review: entry.humanOversight.description,
        required_training: requiredTrainingText(),
        appeals_and_review: entry.objectionProcedure,
      }),
      tool_specification: compact({
        system_architecture: httpUrl(entry.sourceCodeUrl),
        phase,
        maintenance: entry.monitoring,
        models: entry.provider.model
          ? [compact({ model_name: entry.provider.model, model_version: entry.provider.modelVersion, model_task: entry.purpose, model_architecture: entry.technicalDescription, datasets: trainingDataText(entry) })]
          : undefined,
        data: [compact({
          source_data_name: entry.data.sources.join(', '),
          data_description: dataText(entry),
          sensitive_attributes: entry.data.specialCategories ? 'Ja: besondere Kategorien personenbezogener Daten nach Art. 9 DSGVO.' : 'Keine besonderen Kategorien personenbezogener Daten nach Art. 9 DSGVO.',
          data_collection: `Erhebung: ${entry.data.sources.join(', ')}; Zweck: ${entry.purpose}`,
          data_sharing_agreements: entry.provider.inHouse && !entry.provider.model ? 'Keine Weitergabe an Dritte; Betrieb durch die Kommune.' : 'Verarbeitung im Auftrag nach Art. 28 DSGVO; keine Weitergabe zum Training.',
          data_access_and_storage: 'Zugriff nach Rollen mit Protokollierung jedes Zugriffs auf personenbezogene Daten; Aufbewahrung nach den Fristen der Fallakte, KI-Protokolle mindestens sechs Monate (Art. 26 Abs. 6 KI-VO).',
        })],
      }),
      risks_mitigations_and_impact_assessments: compact({
        impact_assessments: assessments.length > 0 ? assessments : undefined,
        risks: entry.risks.map((r) => ({ risk_name: r.name, risk_description: r.description, risk_mitigation: r.mitigation })),
      }),
    },
  };
  return { standard: UK_ATRS.standard, version: UK_ATRS.version, format: 'json', record, validation: validateRecord(UK_ATRS, record) };
}
