import { create, insertMultiple, search, type Orama } from '@orama/orama';
import { language as germanLanguage, stemmer as germanStemmer } from '@orama/stemmers/german';
import { stopwords as germanStopwords } from '@orama/stopwords/german';
import type { Synonym } from './content-assistant.ts';
import type { Passage } from './model.ts';
import type { Embedder } from './ports.ts';
import { SynonymExpander } from './synonyms.ts';
import { contentStems, isStopword, similarity, stem, words } from './text.ts';

const SCHEMA = { pid: 'string', title: 'string', keywords: 'string', heading: 'string', text: 'string' } as const;
type PassageIndex = Orama<typeof SCHEMA>;

/** Field weights: the service's own name and citizen vocabulary outweigh body text. */
const BOOST = { title: 3, keywords: 2.5, heading: 1.5, text: 1 };
/** A stem in the body of more than this share of all services says nothing about which one is meant. */
const GENERIC_SHARE = 0.2;
/** A generic stem in the titles of at most this many services still identifies them. */
const NAMED_BY_FEW = 2;
/** Question words that are no stop words in the lists but carry no topic. */
const QUESTION_WORDS = new Set(['wann', 'wo', 'wohin', 'woher', 'wer', 'wen', 'wem', 'wieso', 'weshalb', 'warum', 'welche', 'welcher', 'welches', 'welchen', 'wieviel', 'wieviele', 'bitte', 'hallo', 'danke', 'musterstadt']);
/** Reciprocal-rank-fusion constant (Cormack et al. 2009). */
const RRF_K = 60;

interface Terms {
  words: string[];
  /** Stem → how surely the question contains it (1, or less for a repaired guess). */
  weights: Map<string, number>;
}

export interface PassageHit {
  passage: Passage;
  score: number;
}

export interface ServiceHit {
  serviceId: string;
  title: string;
  score: number;
  /** Query terms specific to this service that it contains (why it was found). */
  matched: string[];
  passages: PassageHit[];
}

export interface Retrieval {
  question: string;
  /** Terms added from the citizen-vocabulary list. */
  expansions: string[];
  /** Services that match at least one specific term of the question, best first. */
  services: ServiceHit[];
  /** Best passages overall, from the services above, best first. */
  passages: PassageHit[];
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * German full-text retrieval over section passages (Orama: BM25, Snowball German stemmer,
 * German stop words, typo tolerance), with citizen-vocabulary expansion, per-service
 * aggregation and an abstention rule: a service counts only if the question names something
 * specific to it. Optionally fused with embedding similarity (reciprocal rank fusion).
 */
export class Retriever {
  private readonly byId = new Map<string, Passage>();
  /** Stems of a service's title and citizen vocabulary: naming one names the service. */
  private readonly nameStems = new Map<string, Set<string>>();
  /** Stems of all of a service's text. */
  private readonly bodyStems = new Map<string, Set<string>>();
  private readonly generic = new Set<string>();
  private readonly titleStems = new Map<string, Set<string>>();
  /** In how many services' titles a stem occurs. */
  private readonly titleDf = new Map<string, number>();
  private readonly idf = new Map<string, number>();
  private readonly vocabulary = new Set<string>();
  private readonly sortedVocabulary: string[];
  /** A catalogue word for each stem, to search for a repaired word as it is written. */
  private readonly surface = new Map<string, string>();
  private vectors: Map<string, number[]> | undefined;
  private embedder: Embedder | undefined;

  private constructor(
    private readonly db: PassageIndex,
    readonly passages: readonly Passage[],
    private readonly expander: SynonymExpander,
  ) {
    for (const p of passages) {
      this.byId.set(p.id, p);
      if (!this.nameStems.has(p.serviceId)) {
        const names = new Set(contentStems(`${p.serviceTitle} ${p.keywords.join(' ')}`));
        this.titleStems.set(p.serviceId, new Set(contentStems(p.serviceTitle)));
        this.nameStems.set(p.serviceId, names);
        this.bodyStems.set(p.serviceId, new Set(names));
      }
      const body = this.bodyStems.get(p.serviceId)!;
      for (const st of contentStems(`${p.heading} ${p.text}`)) body.add(st);
      for (const w of words(`${p.serviceTitle} ${p.keywords.join(' ')} ${p.heading} ${p.text}`)) {
        if (isStopword(w) || /\d/.test(w)) continue;
        const st = stem(w);
        if (!this.surface.has(st)) this.surface.set(st, w);
      }
    }
    for (const title of this.titleStems.values()) for (const st of title) this.titleDf.set(st, (this.titleDf.get(st) ?? 0) + 1);
    const df = new Map<string, number>();
    for (const set of this.bodyStems.values()) for (const st of set) df.set(st, (df.get(st) ?? 0) + 1);
    const n = this.bodyStems.size;
    for (const [st, count] of df) {
      this.vocabulary.add(st);
      this.idf.set(st, Math.log(1 + n / count));
      if (count / n > GENERIC_SHARE) this.generic.add(st);
    }
    this.sortedVocabulary = [...this.vocabulary].sort();
  }

  static build(passages: readonly Passage[], synonyms: readonly Synonym[]): Retriever {
    const db = create({
      schema: SCHEMA,
      components: { tokenizer: { language: germanLanguage, stemming: true, stemmer: germanStemmer, stopWords: germanStopwords } },
    });
    void insertMultiple(
      db,
      passages.map((p) => ({ pid: p.id, title: p.serviceTitle, keywords: p.keywords.join(' · '), heading: p.heading, text: p.text })),
    );
    return new Retriever(db, passages, new SynonymExpander(synonyms));
  }

  /** Embeds every passage once, so later searches can fuse lexical and semantic ranks. */
  async useEmbeddings(embedder: Embedder): Promise<void> {
    const texts = this.passages.map((p) => `${p.serviceTitle}: ${p.heading}\n${p.text}`);
    const vectors = new Map<string, number[]>();
    const batch = 32;
    for (let i = 0; i < texts.length; i += batch) {
      const out = await embedder.embed(texts.slice(i, i + batch));
      out.forEach((v, j) => vectors.set(this.passages[i + j]!.id, v));
    }
    this.vectors = vectors;
    this.embedder = embedder;
  }

  get hybrid(): boolean {
    return this.vectors !== undefined;
  }

  /** Words worth searching for: no stop words, no one- and two-letter fragments (they prefix-match everything). */
  private queryWords(question: string, expansions: readonly string[]): string[] {
    return [
      ...new Set(
        words([question, ...expansions].join(' ')).filter(
          (w) => !isStopword(w) && !QUESTION_WORDS.has(w) && (w.length >= 4 || /\d/.test(w) || (w.length === 3 && this.vocabulary.has(stem(w)))),
        ),
      ),
    ];
  }

  private known(word: string): boolean {
    const st = stem(word);
    if (this.vocabulary.has(st)) return true;
    // a prefix of an indexed term is found by Orama's prefix matching as it is
    let lo = 0;
    let hi = this.sortedVocabulary.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sortedVocabulary[mid]! < st) lo = mid + 1;
      else hi = mid;
    }
    return this.sortedVocabulary[lo]?.startsWith(st) ?? false;
  }

  /** Orama without its own typo tolerance: typos are repaired against the vocabulary first (see `repair`). */
  private run(term: string, limit: number): Map<string, number> {
    const result = search(this.db, {
      term,
      properties: ['title', 'keywords', 'heading', 'text'],
      boost: BOOST,
      limit,
    }) as { hits: { document: { pid: string }; score: number }[] };
    return new Map(result.hits.map((h) => [h.document.pid, h.score]));
  }

  /**
   * A word the index does not know: the closest catalogue word within one edit (two for long
   * words), or, for a compound the catalogue does not have, its two catalogue parts
   * ("Kitaplatz" → Kita + Platz, with linking s/es/n/en). Deterministic and cheaper than
   * fuzzy matching inside the index.
   */
  private repair(word: string): { words: string[]; weight: number } {
    const st = stem(word);
    const k = st.length >= 9 ? 2 : st.length >= 5 ? 1 : 0;
    let best: string | undefined;
    let bestDistance = k + 1;
    let bestIdf = Infinity;
    if (k > 0) {
      for (const v of this.vocabulary) {
        if (Math.abs(v.length - st.length) > k) continue;
        const d = boundedDistance(st, v, k);
        const idf = this.idf.get(v) ?? Infinity;
        if (d < bestDistance || (d === bestDistance && d <= k && idf < bestIdf)) [best, bestDistance, bestIdf] = [v, d, idf];
      }
    }
    // a one-letter difference in a short word is a guess ("gedicht" → "gericht"), in a long one a typo
    if (best !== undefined) return { words: [this.surface.get(best) ?? best], weight: st.length >= 8 ? 1 : 0.5 };
    for (let i = 3; i <= st.length - 4; i++) {
      const head = st.slice(0, i);
      if (!this.vocabulary.has(head)) continue;
      for (const link of ['', 's', 'es', 'n', 'en']) {
        if (!st.startsWith(link, i)) continue;
        const tail = st.slice(i + link.length);
        if (tail.length >= 4 && this.known(tail)) return { words: [this.surface.get(head) ?? head, tail], weight: 1 };
      }
    }
    return { words: [], weight: 0 };
  }

  /** The question's search words plus repairs of the words the index does not know, each stem with how sure it is. */
  private terms(question: string, expansions: readonly string[], repair: boolean): Terms {
    const ws = this.queryWords(question, expansions);
    const weights = new Map<string, number>(ws.map((w) => [stem(w), 1]));
    const all = new Set(ws);
    for (const w of ws) {
      if (!repair || this.known(w)) continue;
      const r = this.repair(w);
      if (r.words.length === 0) continue;
      // the repair stands in for the unknown word: counting both would count it twice
      weights.delete(stem(w));
      for (const x of r.words) {
        all.add(x);
        const st = stem(x);
        weights.set(st, Math.max(weights.get(st) ?? 0, r.weight));
      }
    }
    return { words: [...all], weights };
  }

  /** BM25 over the catalogue with Orama's stemming and prefix matching. */
  private lexical(ws: readonly string[], limit: number): PassageHit[] {
    if (ws.length === 0) return [];
    return [...this.run(ws.join(' '), limit).entries()]
      .map(([pid, score]) => ({ passage: this.byId.get(pid)!, score }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  /**
   * Which query stems a service contains and how strongly they point to it: a stem in its
   * name or citizen vocabulary counts double; a stem only in the body counts unless it is
   * generic; each is weighted by its rarity across services (idf). Only non-generic stems can
   * make the service a sure match.
   */
  private evidence(serviceId: string, weights: ReadonlyMap<string, number>): { matched: string[]; sure: number; strength: number } {
    const names = this.nameStems.get(serviceId)!;
    const body = this.bodyStems.get(serviceId)!;
    const matched: string[] = [];
    let sure = 0;
    let surest = 0;
    let strength = 0;
    for (const [t, weight] of weights) {
      const inName = best(t, names);
      const inBody = this.generic.has(t) ? 0 : best(t, body);
      const sim = Math.max(inName, inBody) * weight;
      if (sim === 0) continue;
      matched.push(t);
      // a word most services use („beantragen“, „Gebühr“, „kostet“) says how, not which service:
      // it ranks among services found otherwise, but finds one by itself only where it is in
      // that service's title and hardly any other's („Reisepass“ is in many texts, in one title)
      if (!this.generic.has(t) || (best(t, this.titleStems.get(serviceId)!) > 0 && (this.titleDf.get(t) ?? 0) <= NAMED_BY_FEW)) {
        sure += sim;
        surest = Math.max(surest, sim);
      }
      strength += sim * (inName >= inBody ? 2 : 1) * (this.idf.get(t) ?? Math.log(1 + this.bodyStems.size));
    }
    // one sure term, or several unsure ones together: otherwise the service was found by chance
    return { matched, sure: surest >= 1 || sure >= 1.5 ? 1 : 0, strength };
  }

  private assemble(question: string, expansions: string[], terms: Terms, ranked: PassageHit[], limit: number): Retrieval {
    const services = new Map<string, ServiceHit & { lexical: number; strength: number }>();
    const rejected = new Set<string>();
    for (const hit of ranked) {
      const id = hit.passage.serviceId;
      let s = services.get(id);
      if (!s) {
        if (rejected.has(id)) continue;
        const { matched, sure, strength } = this.evidence(id, terms.weights);
        if (sure < 1) {
          rejected.add(id);
          continue;
        }
        s = { serviceId: id, title: hit.passage.serviceTitle, score: 0, matched, passages: [], lexical: 0, strength };
        services.set(id, s);
      }
      s.passages.push(hit);
    }
    const list = [...services.values()];
    for (const s of list) {
      const [first, ...rest] = s.passages;
      s.lexical = (first?.score ?? 0) + 0.1 * rest.slice(0, 3).reduce((a, p) => a + p.score, 0);
    }
    const maxLexical = Math.max(0, ...list.map((s) => s.lexical)) || 1;
    const maxStrength = Math.max(0, ...list.map((s) => s.strength)) || 1;
    for (const s of list) s.score = s.lexical / maxLexical + s.strength / maxStrength;
    list.sort((a, b) => b.score - a.score || a.serviceId.localeCompare(b.serviceId));
    const top: ServiceHit[] = list.slice(0, limit).map(({ serviceId, title, score, matched, passages }) => ({ serviceId, title, score, matched, passages }));
    const passages = top.flatMap((s) => s.passages).sort((a, b) => b.score - a.score);
    return { question, expansions, services: top, passages };
  }

  /**
   * Lexical search (synchronous, no I/O). `repair`: correct unknown words against the German
   * vocabulary — right for German questions, noise for words of other languages.
   */
  search(question: string, limit = 5, repair = true): Retrieval {
    const expansions = this.expander.expand(question);
    const terms = this.terms(question, expansions, repair);
    return this.assemble(question, expansions, terms, this.lexical(terms.words, 60), limit);
  }

  /** Lexical and, when embeddings are configured, semantic ranks fused per passage. */
  async searchHybrid(question: string, limit = 5, repair = true): Promise<Retrieval> {
    if (!this.vectors || !this.embedder) return this.search(question, limit, repair);
    const expansions = this.expander.expand(question);
    const terms = this.terms(question, expansions, repair);
    const lexical = this.lexical(terms.words, 60);
    const [q] = await this.embedder.embed([[question, ...expansions].join(' ')]);
    const semantic = [...this.vectors.entries()]
      .map(([id, v]) => ({ id, sim: cosine(q ?? [], v) }))
      .sort((a, b) => b.sim - a.sim)
      .slice(0, 60);
    const fused = new Map<string, number>();
    lexical.forEach((h, rank) => fused.set(h.passage.id, (fused.get(h.passage.id) ?? 0) + 1 / (RRF_K + rank + 1)));
    semantic.forEach((h, rank) => fused.set(h.id, (fused.get(h.id) ?? 0) + 1 / (RRF_K + rank + 1)));
    const ranked = [...fused.entries()]
      .map(([id, score]) => ({ passage: this.byId.get(id)!, score }))
      .sort((a, b) => b.score - a.score);
    return this.assemble(question, expansions, terms, ranked, limit);
  }
}

function best(term: string, vocab: ReadonlySet<string>): number {
  if (vocab.has(term)) return 1;
  let b = 0;
  for (const v of vocab) if ((b = Math.max(b, similarity(term, v))) === 1) break;
  return b;
}

/** Levenshtein distance, or k + 1 as soon as it must exceed k. */
function boundedDistance(a: string, b: string, k: number): number {
  if (Math.abs(a.length - b.length) > k) return k + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > k) return k + 1;
    prev = cur;
  }
  return prev[b.length]!;
}
