/**
 * The rules of the code of conduct (content/participation/verhaltenskodex.md): the ids a
 * report or a moderation decision names. The text of each rule lives in the content file;
 * a test keeps both in step. Bump the version when a rule changes: every comment records the
 * version its author accepted.
 */
export const CODE_OF_CONDUCT_VERSION = '2026-1';

export const CONDUCT_RULES = [
  { id: 'respekt', title: 'Respektvoll bleiben: keine Beleidigungen, keine Drohungen' },
  { id: 'diskriminierung', title: 'Keine Diskriminierung und keine Hetze' },
  { id: 'persoenliche-daten', title: 'Keine persönlichen Daten – weder eigene noch fremde' },
  { id: 'sachbezug', title: 'Beim Thema der Beteiligung bleiben' },
  { id: 'werbung', title: 'Keine Werbung, kein Spam, keine Wahlwerbung' },
  { id: 'rechtswidrig', title: 'Nichts Rechtswidriges (z. B. Urheberrechtsverletzungen, Aufrufe zu Straftaten)' },
] as const;

export type ConductRuleId = (typeof CONDUCT_RULES)[number]['id'];

export const CONDUCT_RULE_IDS: readonly string[] = CONDUCT_RULES.map((r) => r.id);

export function conductRule(id: string): (typeof CONDUCT_RULES)[number] | undefined {
  return CONDUCT_RULES.find((r) => r.id === id);
}

/** Distinct reports after which a comment is taken off the public page until a moderator decides. */
export const REPORT_THRESHOLD = 3;
