import type { HandoverContent, SensitiveTopic, TopicKind } from './content-assistant.ts';
import { fold } from './text.ts';

/** Most urgent first: a message about a crisis and a complaint is handled as the crisis. */
const PRIORITY: readonly TopicKind[] = ['krise', 'notfall', 'gewalt', 'falldaten', 'rechtsstreit', 'personal', 'mensch'];

export interface TriageResult {
  topic: SensitiveTopic;
  /** The pattern that matched, for the record (not shown to the citizen). */
  pattern: string;
  /** The message without the matched phrase and request fillers: what else it is about. */
  rest: string;
}

/** Words that only frame a request for a person ("Ich möchte bitte mit … sprechen"). */
const FILLER = /(?<![\p{L}])(ich|mochte|will|wurde|gern|gerne|bitte|sprechen|reden|telefonieren|kann|konnen|i|want|would|like|to|please|speak|talk|with|a|an)(?![\p{L}])/gu;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const WORD = '[\\p{L}\\p{N}]';
const GAP = '[^\\p{L}\\p{N}]';

/**
 * A pattern is matched at a word start. People in distress rarely use the one fixed phrase, so
 * two more forms are understood: `das leben … nehmen` — the parts in this order with up to four
 * words between them, each part before a gap a whole word („mir das Leben zu nehmen“); and a trailing `$` — nothing but punctuation
 * may follow („ich kann nicht mehr.“, but not „ich kann nicht mehr zahlen“).
 */
function patternSource(pattern: string): string {
  const anchored = pattern.trimEnd().endsWith('$');
  const body = anchored ? pattern.trimEnd().slice(0, -1) : pattern;
  const parts = body.split(/…|\.\.\./).map((p) => escape(fold(p.trim()))).filter((p) => p.length > 0);
  // a part before a gap is a whole word: „kind … verschwunden“ must not catch „Kindergeld ist verschwunden“
  const between = `(?!${WORD})(?:${GAP}+${WORD}+){0,4}?${GAP}+`;
  return `(?<!${WORD})${parts.join(between)}${anchored ? `${WORD}*${GAP}*$` : ''}`;
}

/**
 * Finds topics on which the assistant must not answer from content but hand over to people:
 * crisis and emergencies (emergency numbers first), violence, questions about one's own case
 * (the assistant has no case data), legal disputes, complaints about staff, and the plain wish
 * to talk to a person. Patterns match at word starts, so "Suizidgedanken" matches "suizid"
 * (see `patternSource` for gaps and ends).
 */
export class Triage {
  private readonly compiled: { topic: SensitiveTopic; pattern: string; re: RegExp }[];

  constructor(content: HandoverContent) {
    const topics = [...content.topics].sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind));
    this.compiled = topics.flatMap((topic) => topic.patterns.map((pattern) => ({ topic, pattern, re: new RegExp(patternSource(pattern), 'u') })));
  }

  classify(message: string): TriageResult | undefined {
    const text = fold(message).replace(/\s+/g, ' ');
    for (const c of this.compiled) {
      if (c.re.test(text)) {
        const rest = text.replace(new RegExp(c.re.source, 'gu'), ' ').replace(FILLER, ' ').replace(/\s+/g, ' ').trim();
        return { topic: c.topic, pattern: c.pattern, rest };
      }
    }
    return undefined;
  }
}
