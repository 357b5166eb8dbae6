import type { Passage } from './model.ts';
import { INVISIBLE, fold } from './text.ts';

/**
 * Signatures of prompt injection (OWASP LLM01): attempts to override rules, change the
 * assistant's role, extract its instructions, drop the AI disclosure, smuggle chat markup, or
 * hide text by encoding. Matched on NFKC-folded text and on a variant with letter-spacing
 * removed ("i g n o r e"). A finding never changes the rules; it decides that the text does not
 * reach the model (user input) or the index (content), and it is reported.
 */
const SIGNATURES: [string, RegExp][] = [
  ['override_en', /\b(ignore|disregard|forget|override|bypass|skip)\b.{0,40}\b(instruction|rule|prompt|guideline|polic|previous|above|prior|system)/],
  ['override_de', /\b(ignorier|vergiss|vergesst|missacht|uberschreib|umgeh|setz.{0,10}ausser kraft)\w*\b.{0,50}\b(anweisung|regel|instruktion|vorgabe|richtlinie|prompt|vorherig|bisherig|obig)/],
  ['new_rules', /\b(new|neue|geanderte)\b.{0,20}\b(instructions?|rules?|anweisungen?|regeln?)\b.{0,5}:/],
  ['system_prompt', /\b(system ?-?prompt|systemnachricht|system message|initial prompt|hidden prompt|your instructions|deine anweisungen|deine regeln|your rules|developer message|verborgene anweisung)/],
  ['reveal', /\b(reveal|print|show|repeat|output|wiederhol|zeig|gib|nenn|verrat)\w*\b.{0,40}\b(prompt|instructions|anweisungen|regeln|konfiguration|configuration)\b/],
  ['role_en', /\b(you are now|you're now|from now on you|act as|pretend (to be|you are)|roleplay|role-play|play the role|simulate)\b/],
  ['role_de', /\b(du bist (jetzt|nun|ab sofort|ab jetzt|ein anderer)|ab sofort bist du|tu so,? als|stell dir vor,? du (bist|warst)|spiel\w* die rolle|rollenspiel|verhalte dich wie|antworte als)/],
  ['jailbreak', /\b(dan|do anything now|developer mode|entwicklermodus|jailbreak|unrestricted|uncensored|ohne (jede )?einschrankung|no restrictions|keine regeln|no rules|god mode|sudo)\b/],
  ['drop_disclosure', /\b(ohne (den |diesen )?(ki-?)?hinweis|hinweis weg|disclaimer|kein hinweis|nicht (sagen|erwahnen|schreiben),? dass du (eine )?(ki|maschine|bot)|behaupte,? (du bist|ein) mensch|(pretend|claim|say) (to be|you are|you're) (a )?human|don'?t (say|mention|disclose) (that )?you('re| are) (an? )?(ai|bot|machine)|sag\w*,? du (seist|bist) ein mensch)/],
  ['chat_markup', /(<\|?(im_start|im_end|system|assistant|user|endoftext)\|?>|\[\/?inst\]|<<sys>>|###\s*(instruction|system|anweisung)|^\s*(system|assistant|assistent)\s*:)/m],
  ['encoding', /\b(base64|rot13|rot-13|hexadecimal|hex-?kodiert|dekodier|decode|entschlussel|decipher|reverse the following|ruckwarts)\b/],
  ['addressing_ai', /\b(hinweis|notiz|nachricht|anweisung|note|message|instruction)\w* (fur|an|to|for) (die |den |das |dem |alle |the |any |all )?(ki|ai|llm|assistent|assistant|sprachmodell|language model|chatbot|bot|modell|model)(s|en)?\b/],
  ['addressing_ai_if', /\b((wenn|falls) du (eine |ein )?(ki|assistent|sprachmodell|chatbot|bot) bist|if you are (an? )?(ai|assistant|language model|llm|chatbot|bot))\b/],
  ['to_the_ai', /\b(liebe |dear )?(ki|ai|llm|chatbot|sprachmodell|language model|assistant|assistent)(,|:) /],
  ['exfiltrate', /\b(andere(r|n)? (burger|nutzer|personen|antragsteller)|other (users?|citizens?|people)'?s?|alle (antrage|akten|falle|daten)|all (applications|cases|records|users))\b/],
];

const BASE64_CANDIDATE = /[A-Za-z0-9+/]{20,}={0,2}/g;

/** Base64 mixes cases and digits throughout; a long German compound has one capital at the start. */
function looksEncoded(run: string): boolean {
  const inner = run.slice(1);
  const capitals = (inner.match(/[A-Z]/g) ?? []).length;
  const digitsOrSymbols = (run.match(/[0-9+/=]/g) ?? []).length;
  return capitals >= 3 && (digitsOrSymbols >= 1 || capitals >= 5);
}
const HEX_RUN = /\b(?:[0-9a-f]{2}[\s:]?){16,}\b/i;

export interface InjectionScan {
  found: boolean;
  signals: string[];
}

function despace(text: string): string {
  // "i g n o r e  a l l" → "ignore all": runs of single letters separated by single spaces
  return text.replace(/(?:\b\p{L} ){3,}\p{L}\b/gu, (m) => m.replace(/ /g, ''));
}

export function scanInjection(text: string): InjectionScan {
  const signals = new Set<string>();
  if (INVISIBLE.test(text)) signals.add('invisible_characters');
  INVISIBLE.lastIndex = 0;
  const folded = fold(text).replace(/[ \t]+/g, ' ');
  for (const variant of [folded, despace(folded)]) {
    for (const [name, re] of SIGNATURES) if (re.test(variant)) signals.add(name);
  }
  for (const run of text.replace(/https?:\/\/\S+/g, '').match(BASE64_CANDIDATE) ?? []) if (looksEncoded(run)) signals.add('encoded_run');
  if (HEX_RUN.test(text)) signals.add('encoded_run');
  return { found: signals.size > 0, signals: [...signals].sort() };
}

export interface Quarantine {
  passage: Passage;
  signals: string[];
}

/**
 * Content is data, never instructions: passages that carry injection signatures are kept out
 * of the index (and out of every answer) and reported to the editors.
 */
export function quarantinePassages(passages: readonly Passage[]): { clean: Passage[]; quarantined: Quarantine[] } {
  const clean: Passage[] = [];
  const quarantined: Quarantine[] = [];
  for (const p of passages) {
    const scan = scanInjection(`${p.heading}\n${p.text}`);
    if (scan.found) quarantined.push({ passage: p, signals: scan.signals });
    else clean.push(p);
  }
  return { clean, quarantined };
}
