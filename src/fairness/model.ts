/**
 * The two kinds of records the fairness monitor reads, and nothing else:
 *
 * - a **decision record** per decided application: outcome facts only (claim, amount,
 *   routing, Nachforderung, duration, objection), keyed by a pseudonym; no name, no
 *   address, no application data;
 * - an **equality survey response**, voluntary and consented, keyed by the same
 *   pseudonym and stored apart (AI Act Art. 4a; GDPR Art. 9(2)(a)). Caseworkers and the
 *   rule engine never see it; only this monitor joins the two, and only in aggregate.
 */

export const SENSITIVE_ATTRIBUTES = ['gender', 'ageGroup', 'nationalityGroup', 'disability', 'migrationBackground'] as const;
export type SensitiveAttribute = (typeof SENSITIVE_ATTRIBUTES)[number];

export interface AttributeDomain {
  name: SensitiveAttribute;
  /** German label for reports. */
  label: string;
  /** Allowed answers, as stored codes with their German labels, in display order. */
  values: readonly { code: string; label: string }[];
  /** The protected ground this attribute stands for (AGG § 1, Art. 3 Abs. 3 GG). */
  ground: string;
}

/** The questions of the equality survey. Codes are stable; labels are for people. */
export const ATTRIBUTE_DOMAINS: Readonly<Record<SensitiveAttribute, AttributeDomain>> = {
  gender: {
    name: 'gender',
    label: 'Geschlecht',
    values: [
      { code: 'weiblich', label: 'weiblich' },
      { code: 'maennlich', label: 'männlich' },
      { code: 'divers', label: 'divers' },
    ],
    ground: 'Geschlecht (AGG § 1, Art. 3 Abs. 3 GG)',
  },
  ageGroup: {
    name: 'ageGroup',
    label: 'Altersgruppe',
    values: [
      { code: '18-29', label: '18 bis 29 Jahre' },
      { code: '30-44', label: '30 bis 44 Jahre' },
      { code: '45-64', label: '45 bis 64 Jahre' },
      { code: '65-74', label: '65 bis 74 Jahre' },
      { code: '75+', label: '75 Jahre und älter' },
    ],
    ground: 'Alter (AGG § 1)',
  },
  nationalityGroup: {
    name: 'nationalityGroup',
    label: 'Staatsangehörigkeit',
    values: [
      { code: 'deutsch', label: 'deutsch' },
      { code: 'eu', label: 'andere EU-Staatsangehörigkeit' },
      { code: 'drittstaat', label: 'Staatsangehörigkeit außerhalb der EU' },
    ],
    ground: 'Heimat und Herkunft (Art. 3 Abs. 3 GG), ethnische Herkunft (AGG § 1)',
  },
  disability: {
    name: 'disability',
    label: 'Behinderung',
    values: [
      { code: 'ja', label: 'mit Behinderung' },
      { code: 'nein', label: 'ohne Behinderung' },
    ],
    ground: 'Behinderung (AGG § 1, Art. 3 Abs. 3 Satz 2 GG)',
  },
  migrationBackground: {
    name: 'migrationBackground',
    label: 'Einwanderungsgeschichte',
    values: [
      { code: 'ja', label: 'mit Einwanderungsgeschichte' },
      { code: 'nein', label: 'ohne Einwanderungsgeschichte' },
    ],
    ground: 'ethnische Herkunft (AGG § 1), Abstammung (Art. 3 Abs. 3 GG)',
  },
};

export const NOT_STATED_LABEL = 'keine Angabe';

/** One decided application, as the monitor sees it. */
export interface DecisionRecord {
  /** The system (rule pack or AI system id in the register), e.g. `wohngeld`. */
  system: string;
  /** Month of the decision, `YYYY-MM`. */
  period: string;
  /** Pseudonym shared with the equality survey; not the case number. */
  pseudonym: string;
  /** The favourable outcome: a claim was granted (amount > 0 or fee waived, per system). */
  claim: boolean;
  /** Granted amount as a decimal string with at most two decimals (`"297"`, `"297.50"`); null without claim. */
  amount: string | null;
  routedToHuman: boolean;
  nachforderung: boolean;
  /** Calendar days from complete application to decision. */
  processingDays: number;
  objectionFiled: boolean;
  /** The objection changed the decision (only meaningful with objectionFiled). */
  changedOnObjection: boolean;
  /** Claim after the objection, when the objection changed whether there is a claim. Defaults to `claim`. */
  claimAfterObjection?: boolean;
}

/** A voluntary equality survey answer set. Without consent nothing is read. */
export interface EqualitySurveyResponse {
  pseudonym: string;
  /** Informed, explicit consent to use the answers for bias detection only. */
  consent: boolean;
  /** `YYYY-MM-DD`; the retention period runs from here. */
  consentedAt?: string;
  answers: Partial<Record<SensitiveAttribute, string | null>>;
}

export function attributeCode(attribute: SensitiveAttribute, value: string | null | undefined): number {
  if (value == null) return 0;
  const index = ATTRIBUTE_DOMAINS[attribute].values.findIndex((v) => v.code === value);
  return index < 0 ? -1 : index + 1;
}

export function attributeLabel(attribute: SensitiveAttribute, code: number): string {
  if (code === 0) return NOT_STATED_LABEL;
  return ATTRIBUTE_DOMAINS[attribute].values[code - 1]?.label ?? '?';
}

export function attributeValue(attribute: SensitiveAttribute, code: number): string | null {
  if (code === 0) return null;
  return ATTRIBUTE_DOMAINS[attribute].values[code - 1]?.code ?? null;
}
