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

/**
 * Finds topics on which the assistant must not answer from content but hand over to people:
 * crisis and emergencies (emergency numbers first), violence, questions about one's own case
 * (the assistant has no case data), legal disputes, complaints about staff, and the plain wish
 * to talk to a person. Patterns match at word starts, so "Suizidgedanken" matches "suizid".
 */
export class Triage {
  private readonly compiled: { topic: SensitiveTopic; pattern: string; re: RegExp }[];

  constructor(content: HandoverContent) {
    const topics = [...content.topics].sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind));
    this.compiled = topics.flatMap((topic) =>
      topic.patterns.map((pattern) => ({ topic, pattern, re: new RegExp(`(?<![\\p{L}\\p{N}])${escape(fold(pattern))}`, 'u') })),
    );
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
