import { CHECK_NAMES } from './checks.ts';
import { RAW_RULES, parseRuleset, type Ruleset } from './ruleset.ts';

/** The rule data shipped with this release, checked once when the module loads. */
export const RULES: Ruleset = parseRuleset(RAW_RULES, CHECK_NAMES);
