import { AmtsklarError, type Problem } from '../common/index.ts';
import type { Ruleset } from './ruleset.ts';

/** Governance settings of one municipality. */
export interface GovernanceSettings {
  /** Which legal text the obligation dates follow (the 2026 amendments moved several). */
  legalVersion: string;
  /**
   * true: obligations block activation as soon as the system is classified, even before
   * the legal date (the product's default: the policy paper asks municipalities to orient
   * on the AI Act now). false: an obligation blocks only from the day it legally applies.
   */
  anticipateObligations: boolean;
  /** How long automatically generated AI logs are kept. */
  aiLogRetentionMonths: number;
}

/** Art. 26(6) KI-VO: deployers keep the logs for a period appropriate to the purpose, at least six months. */
export const MIN_LOG_RETENTION_MONTHS = 6;

export function defaultSettings(rules: Ruleset): GovernanceSettings {
  return { legalVersion: rules.defaultLegalVersion, anticipateObligations: true, aiLogRetentionMonths: 24 };
}

/** Checks settings before they are stored; log retention under six months is refused outright. */
export function validateSettings(raw: unknown, rules: Ruleset): GovernanceSettings {
  const problems: Problem[] = [];
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!['legalVersion', 'anticipateObligations', 'aiLogRetentionMonths'].includes(k)) problems.push({ path: `$.${k}`, message: 'Unbekannte Einstellung.' });
  }
  if (!rules.legalVersions.some((v) => v.id === o.legalVersion)) {
    problems.push({ path: '$.legalVersion', message: `Eine der Rechtsfassungen ${rules.legalVersions.map((v) => v.id).join(', ')} erwartet.` });
  }
  if (typeof o.anticipateObligations !== 'boolean') problems.push({ path: '$.anticipateObligations', message: 'true oder false erwartet.' });
  const m = o.aiLogRetentionMonths;
  if (typeof m !== 'number' || !Number.isInteger(m)) problems.push({ path: '$.aiLogRetentionMonths', message: 'Ganze Zahl von Monaten erwartet.' });
  else if (m < MIN_LOG_RETENTION_MONTHS) {
    problems.push({ path: '$.aiLogRetentionMonths', message: `Protokolle von KI-Systemen müssen mindestens ${MIN_LOG_RETENTION_MONTHS} Monate aufbewahrt werden (Art. 26 Abs. 6 KI-VO); angegeben: ${m}.` });
  } else if (m > 120) problems.push({ path: '$.aiLogRetentionMonths', message: 'Mehr als 120 Monate sind mit der Speicherbegrenzung (Art. 5 Abs. 1 Buchst. e DSGVO) kaum vereinbar.' });
  if (problems.length > 0) throw new AmtsklarError('invalid_input', 'Die Governance-Einstellungen sind ungültig.', problems);
  return { legalVersion: String(o.legalVersion), anticipateObligations: o.anticipateObligations as boolean, aiLogRetentionMonths: m as number };
}
