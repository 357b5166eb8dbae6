import type { Synonym } from './content-assistant.ts';
import { isStopword, stem, words } from './text.ts';

interface CompiledSynonym {
  stems: string[];
  expansions: string[];
}

function significantStems(text: string): string[] {
  const ws = words(text);
  const kept = ws.filter((w) => !isStopword(w));
  return (kept.length > 0 ? kept : ws).map(stem);
}

/**
 * Expands a citizen's question with the vocabulary of the service descriptions
 * ("Perso" → Personalausweis, "Kindergartengebühr" → Elternbeitrag). Phrases match on word
 * stems, so inflected forms ("umgezogen", "Kindergartengebühren") expand too.
 */
export class SynonymExpander {
  private readonly compiled: CompiledSynonym[];

  constructor(synonyms: readonly Synonym[]) {
    this.compiled = synonyms.map((s) => ({ stems: significantStems(s.phrase), expansions: s.expansions }));
  }

  /** The extra terms for a question (possibly empty), without duplicates. */
  expand(question: string): string[] {
    const q = significantStems(question);
    const out = new Set<string>();
    for (const s of this.compiled) {
      if (s.stems.length === 0 || s.stems.length > q.length) continue;
      for (let i = 0; i + s.stems.length <= q.length; i++) {
        if (s.stems.every((st, j) => q[i + j] === st)) {
          for (const e of s.expansions) out.add(e);
          break;
        }
      }
    }
    return [...out];
  }
}
