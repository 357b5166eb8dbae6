import { scanInjection } from './injection.ts';
import type { Passage } from './model.ts';
import type { PiiCheck } from './pii.ts';
import type { Statement } from './support.ts';
import { fold, words } from './text.ts';

/**
 * Output rules every generated answer must keep, whatever the model was told by anyone:
 * no role change or claim to be human, no talk about its instructions, no leak of the system
 * prompt, no personal data that is not in the cited sources, no links outside the catalogue,
 * no markup. Checked on the model's text before anything reaches the citizen.
 */
export type PolicyViolationKind = 'role_change' | 'prompt_leak' | 'personal_data' | 'foreign_link' | 'markup' | 'too_long' | 'case_access';

export interface PolicyViolation {
  statement: number;
  kind: PolicyViolationKind;
  detail: string;
}

/** Injection signals that, appearing in an answer, mean the model took on another role or talks about its rules. */
const ROLE_SIGNALS = new Set(['role_en', 'role_de', 'jailbreak', 'system_prompt', 'reveal', 'drop_disclosure', 'chat_markup', 'override_en', 'override_de', 'new_rules', 'addressing_ai', 'addressing_ai_if']);

const CLAIMS = [
  /\b(ich bin|i am|i'm) (ein(e)? )?(mensch|human|real person|echte person|mitarbeiter\w*|sachbearbeiter\w*|beamt\w*)\b/,
  /\b(ich bin|i am|i'm) (keine|kein|not an?) (ki|ai|bot|maschine|machine|assistent\w*|chatbot)\b/,
  /\b(als|as) (dan|unrestricted|uneingeschrankt\w*)\b/,
  /\b(regeln|rules|anweisungen|instructions) (gelten nicht|no longer apply|ignoriert|ignored|aufgehoben)\b/,
];

const CASE_ACCESS = [
  /\b(ihr(en)?|dein(en)?|your) (antrag|bescheid|akte|fall|application|case|file)\b.{0,40}\b(ist|wurde|wird|is|was|has been)\b.{0,30}\b(bewilligt|abgelehnt|bearbeitet|eingegangen|approved|rejected|processed|received)/,
  /\b(in (unserem|dem) system|in our system|laut (ihrer|der) akte|according to (your|the) (file|record))\b/,
  /\baktenzeichen\s*[:#]?\s*[a-z0-9-]*\d/,
];

const MARKUP = /(```|<\s*\/?\s*(script|a|img|iframe|style|html|body|div|span)\b|javascript:|\bon\w+\s*=|!\[[^\]]*\]\()/i;

/** Word 8-grams of the system prompt: finding one in an answer means the prompt leaked. */
export function promptShingles(system: string): Set<string> {
  const ws = words(system);
  const out = new Set<string>();
  for (let i = 0; i + 8 <= ws.length; i++) out.add(ws.slice(i, i + 8).join(' '));
  return out;
}

export interface PolicyContext {
  passages: readonly Passage[];
  canary: string;
  systemShingles: ReadonlySet<string>;
  allowedLinks: ReadonlySet<string>;
  pii: PiiCheck;
}

export function checkPolicy(statements: readonly Statement[], ctx: PolicyContext): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  const sourceText = fold(ctx.passages.map((p) => `${p.text}\n${p.url}`).join('\n')).replace(/\s+/g, '');
  statements.forEach((s, i) => {
    for (const text of [s.text, s.textDe ?? '']) {
      if (text === '') continue;
      const folded = fold(text);
      if (text.length > 600) out.push({ statement: i, kind: 'too_long', detail: String(text.length) });
      if (text.includes(ctx.canary) || folded.includes(fold(ctx.canary))) out.push({ statement: i, kind: 'prompt_leak', detail: 'Kennung der Anweisung' });
      const ws = words(text);
      for (let k = 0; k + 8 <= ws.length; k++) {
        if (ctx.systemShingles.has(ws.slice(k, k + 8).join(' '))) {
          out.push({ statement: i, kind: 'prompt_leak', detail: ws.slice(k, k + 8).join(' ') });
          break;
        }
      }
      const signals = scanInjection(text).signals.filter((sig) => ROLE_SIGNALS.has(sig));
      if (signals.length > 0) out.push({ statement: i, kind: 'role_change', detail: signals.join(', ') });
      for (const re of CLAIMS) if (re.test(folded)) out.push({ statement: i, kind: 'role_change', detail: re.source.slice(0, 40) });
      for (const re of CASE_ACCESS) if (re.test(folded)) out.push({ statement: i, kind: 'case_access', detail: re.source.slice(0, 40) });
      if (MARKUP.test(text)) out.push({ statement: i, kind: 'markup', detail: 'Markup oder Code' });
      for (const link of text.match(/(?:https?:\/\/|www\.)[^\s)>\]"']+/g) ?? []) {
        const clean = link.replace(/[.,;:!?]+$/, '');
        if (!ctx.allowedLinks.has(clean)) out.push({ statement: i, kind: 'foreign_link', detail: clean });
      }
      for (const f of ctx.pii.scan(text)) {
        const value = fold(text.slice(f.start, f.end)).replace(/\s+/g, '');
        if (!sourceText.includes(value)) out.push({ statement: i, kind: 'personal_data', detail: f.kind });
      }
    }
  });
  return out;
}
