/**
 * Citizen assistant: retrieval latency over the labelled question set (p50/p95/p99, target
 * p95 < 50 ms) and quality, side by side with the peer — the same Orama index queried with
 * the raw question (BM25, German stemmer, Orama typo tolerance 1; no vocabulary expansion, no
 * typo repair against the vocabulary, no per-service evidence rule). Plus one whole extractive chat turn.
 */
import { search } from '@orama/orama';
import type { BenchReport } from './run.ts';
import { Assistant, Retriever, catalogPassages, detectLanguage, evaluateRetrieval } from '../src/assistant/index.ts';
import { loadAssistantContent, loadQuestionSet } from '../src/content-files/index.ts';

const ROUNDS = Number(process.env.AMTSKLAR_BENCH_ASSISTANT_ROUNDS ?? 20);

function stats(samples: number[]): { p50: number; p95: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

const ms = (n: number) => n.toFixed(2);

export default async function bench(): Promise<BenchReport> {
  const content = loadAssistantContent();
  const questions = loadQuestionSet();
  const passages = catalogPassages(content.catalog, 'https://www.musterstadt.example');
  let t = performance.now();
  const retriever = Retriever.build(passages, content.synonyms);
  const buildMs = performance.now() - t;
  const db = (retriever as unknown as { db: Parameters<typeof search>[0] }).db;
  const byId = new Map(passages.map((p) => [p.id, p]));

  const peerSearch = (q: string) => {
    const r = search(db, { term: q, properties: ['title', 'keywords', 'heading', 'text'], tolerance: 1, limit: 60 }) as { hits: { document: { pid: string } }[] };
    const services: string[] = [];
    for (const h of r.hits) {
      const id = byId.get(h.document.pid)!.serviceId;
      if (!services.includes(id)) services.push(id);
    }
    return services;
  };

  const german = new Map(questions.map((q) => [q.question, detectLanguage(q.question) === 'de']));
  // warm up both
  for (const q of questions) {
    retriever.search(q.question, 5, german.get(q.question));
    peerSearch(q.question);
  }
  const ours: number[] = [];
  const peer: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const q of questions) {
      t = performance.now();
      retriever.search(q.question, 5, german.get(q.question));
      ours.push(performance.now() - t);
      t = performance.now();
      peerSearch(q.question);
      peer.push(performance.now() - t);
    }
  }
  const a = stats(ours);
  const b = stats(peer);

  const report = evaluateRetrieval(retriever, questions);
  const positives = questions.filter((q) => q.expected.length > 0);
  const negatives = questions.filter((q) => q.expected.length === 0);
  const peerHits = positives.filter((q) => peerSearch(q.question).slice(0, 3).some((id) => q.expected.includes(id))).length;
  const peerTop1 = positives.filter((q) => q.expected.includes(peerSearch(q.question)[0] ?? '')).length;
  const peerAbstained = negatives.filter((q) => peerSearch(q.question).length === 0).length;

  const assistant = await Assistant.create({ content, baseUrl: 'https://www.musterstadt.example' });
  const chat: number[] = [];
  for (const q of questions) {
    t = performance.now();
    await assistant.chat({ message: q.question });
    chat.push(performance.now() - t);
  }
  const c = stats(chat);

  return {
    title: 'Citizen assistant: retrieval',
    lines: [
      `${content.catalog.services.length} service descriptions, ${passages.length} section passages, ${questions.length} labelled questions (${positives.length} with a service, ${negatives.length} without); ${ROUNDS} rounds; index build ${ms(buildMs)} ms.`,
      '',
      '| | p50 ms | p95 ms | p99 ms | mean ms | recall@1 | recall@3 | abstains when nothing fits |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      `| Amtsklar retrieval (expansion, vocabulary repair, evidence rule) | ${ms(a.p50)} | ${ms(a.p95)} | ${ms(a.p99)} | ${ms(a.mean)} | ${report.recallAt1.toFixed(3)} | ${report.recallAt3.toFixed(3)} | ${report.abstained}/${report.negatives} |`,
      `| peer: raw Orama query, same index | ${ms(b.p50)} | ${ms(b.p95)} | ${ms(b.p99)} | ${ms(b.mean)} | ${(peerTop1 / positives.length).toFixed(3)} | ${(peerHits / positives.length).toFixed(3)} | ${peerAbstained}/${negatives.length} |`,
      `| ratio (Amtsklar / peer) | ${(a.p50 / b.p50).toFixed(2)} | ${(a.p95 / b.p95).toFixed(2)} | ${(a.p99 / b.p99).toFixed(2)} | ${(a.mean / b.mean).toFixed(2)} | | | |`,
      '',
      `Whole extractive chat turn (triage, privacy scan, retrieval, answer): p50 ${ms(c.p50)} ms, p95 ${ms(c.p95)} ms.`,
      `Target: retrieval p95 < 50 ms — ${a.p95 < 50 ? 'met' : 'NOT met'}.`,
    ],
  };
}
