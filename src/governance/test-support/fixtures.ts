// Shared test data for the governance tests (not part of the public API).
import type { Answers } from '../classify.ts';
import type { PackGovernanceInfo } from '../packs.ts';
import type { MunicipalityProfile } from '../product-systems.ts';

/** Answers for an AI system with nothing special; cases override what matters. */
export const AI_DEFAULTS: Answers = {
  S1: 'learned-model', S2: 'none', S3: 'no', R1: 'vendor-unchanged', P1: ['none'], H1: ['none'], H4: 'no',
  T1: 'no', T2: 'no', T3: 'no', T4: 'no', T5: 'no', D1: 'no', G1: 'none', G2: 'no', G3: 'no', G4: 'no',
};

/** Answers for a system outside the AI definition (the AI-only questions are not asked). */
export const NON_AI_DEFAULTS: Answers = { S2: 'none', R1: 'in-house', P1: ['none'], D1: 'no', G1: 'none', G2: 'no', G3: 'no', G4: 'no' };

export const PACKS: PackGovernanceInfo[] = [
  { id: 'wohngeld', version: '2025.1.0', procedureLaw: 'sgb-x', discretionPoints: [] },
  { id: 'kita-beitrag', version: '2025.1.0', procedureLaw: 'sgb-x', discretionPoints: [{ id: 'haertefall', norm: '§ 6 Beitragssatzung', why: 'Erlass nach pflichtgemäßem Ermessen' }] },
];

export const PROFILE: MunicipalityProfile = {
  organization: 'Stadt Musterstadt',
  area: 'Musterstadt',
  contactEmail: 'ki-register@musterstadt.example',
  contactPhone: '+49 1234 5678-0',
  publicUrl: 'https://www.musterstadt.example/ki',
  sourceCodeUrl: 'https://code.example/amtsklar',
  benefitsDepartment: 'Amt für Soziales und Wohnen',
  youthDepartment: 'Jugendamt',
  serviceDepartment: 'Bürgerservice',
  reviewDue: '2027-11-30',
  languageModel: { provider: 'Kommunales Rechenzentrum', model: 'open-llm-de', version: '2026-05' },
};
