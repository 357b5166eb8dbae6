import type { LabelledQuestion } from './content-assistant.ts';
import { detectLanguage } from './language.ts';
import type { Retriever } from './retrieval.ts';

export interface RetrievalReport {
  questions: number;
  recallAt1: number;
  recallAt3: number;
  /** Mean reciprocal rank of the first expected service (0 when not in the top 5). */
  mrr: number;
  negatives: number;
  /** Questions without a service in the catalogue for which retrieval found none (correct abstention). */
  abstained: number;
  misses: { question: string; expected: string[]; got: string[] }[];
}

/**
 * Recall@k and MRR of the retriever on a labelled question set, as reported per release; each
 * question is searched the way the assistant searches it (typo repair for German questions only).
 */
export function evaluateRetrieval(retriever: Retriever, questions: readonly LabelledQuestion[]): RetrievalReport {
  const positives = questions.filter((q) => q.expected.length > 0);
  const negatives = questions.filter((q) => q.expected.length === 0);
  let at1 = 0;
  let at3 = 0;
  let rr = 0;
  const misses: RetrievalReport['misses'] = [];
  for (const q of positives) {
    const got = retriever.search(q.question, 5, detectLanguage(q.question) === 'de').services.map((s) => s.serviceId);
    const rank = got.findIndex((id) => q.expected.includes(id));
    if (rank === 0) at1++;
    if (rank >= 0 && rank < 3) at3++;
    else misses.push({ question: q.question, expected: q.expected, got: got.slice(0, 3) });
    if (rank >= 0) rr += 1 / (rank + 1);
  }
  const abstained = negatives.filter((q) => retriever.search(q.question, 5, detectLanguage(q.question) === 'de').services.length === 0).length;
  const n = Math.max(1, positives.length);
  return { questions: positives.length, recallAt1: at1 / n, recallAt3: at3 / n, mrr: rr / n, negatives: negatives.length, abstained, misses };
}
