import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelEndpointConfig, OpenAiCompatibleClient, startTestModelServer, type TestModelServer } from '../model-client/index.ts';
import { followsInjections, plainLanguageWriter } from '../model-client/test-server/behaviours.ts';
import { formatMeasure, generateCorpus, guardOutbound, measureCorpus, type CorpusText } from '../privacy/index.ts';
import { prepareDraft, type DraftingDeps } from './generate.ts';
import { MUSTERSTADT_SETTINGS as S } from './settings.ts';
import { wohngeldInput } from './testing/fixtures.ts';

/**
 * Acceptance: citizen e-mails from the privacy engineer's synthetic corpus (planted valid
 * identifiers, look-alikes with wrong check digits, known values of the case, decoys) are
 * answered through the drafting pipeline against the test model server, whose model even
 * follows injected instructions. What arrives is read from the server's own recording.
 */
const compact = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase();

let server: TestModelServer;
let deps: DraftingDeps;
const audited: string[] = [];
beforeAll(async () => {
  server = await startTestModelServer({ models: ['lokal'], behaviour: followsInjections(plainLanguageWriter()) });
  deps = {
    settings: S,
    model: new OpenAiCompatibleClient(modelEndpointConfig({ id: 'lokal', baseUrl: server.baseUrl, model: 'lokal', maxRetries: 0 })),
    governance: { checkDrafting: async () => ({ allowed: true, message: '', entryIds: ['ki-001'] }) },
    audit: { record: (e) => void audited.push(e.decision) },
  };
});
afterAll(() => server.close());

function arrived(sent: string, text: string): boolean {
  return sent.includes(text) || (compact(text).length >= 8 && /\d/.test(text) && compact(sent).includes(compact(text)));
}

/** Runs every text through the reply pipeline; returns the planted valid items that reached the server. */
async function run(corpus: readonly CorpusText[]): Promise<{ leaked: string[]; used: number; blocked: number; other: number }> {
  const input = wohngeldInput('B25-05');
  const out = { leaked: [] as string[], used: 0, blocked: 0, other: 0 };
  for (const text of corpus) {
    const before = server.requests.length;
    const d = await prepareDraft({ kind: 'antwort', input: { ...input, enquiry: text.text }, known: text.known }, deps);
    if (d.modelUse.reason === 'model_used') out.used++;
    else if (d.modelUse.reason === 'privacy_blocked') out.blocked++;
    else out.other++;
    const sent = server.requests
      .slice(before)
      .flatMap((r) => ((r.body as { messages?: { content: string }[] } | null)?.messages ?? []).map((m) => m.content))
      .join('\n');
    for (const item of text.planted) if (item.role === 'valid' && arrived(sent, item.text)) out.leaked.push(`${text.id} ${item.kind} „${item.text}"`);
  }
  return out;
}

describe('no personal data reaches the model', () => {
  it("the privacy engineer's corpus (240 e-mails): 0 planted valid identifiers in the model server's recording", async () => {
    const corpus = generateCorpus({ size: 240 });
    const r = await run(corpus);
    const m = measureCorpus(corpus);
    console.log(`PII-Korpus über die Entwurfspipeline: ${corpus.length} Texte, Modell genutzt ${r.used}, vom Datenschutzfilter gestoppt ${r.blocked}; angekommene gültige Kennungen: ${r.leaked.length}\n${formatMeasure(m).join("\n")}`);
    expect(corpus.reduce((n, t) => n + t.planted.filter((p) => p.role === 'valid').length, 0)).toBeGreaterThan(500);
    expect(r.leaked).toEqual([]);
    expect(r.other).toBe(0);
    expect(r.used + r.blocked).toBe(corpus.length);
    expect(audited.filter((a) => a === 'allowed').length).toBe(r.used);
  }, 300_000);

  it('unseen corpora: drafting sends nothing the guard did not let through (leaks, if any, are the guard\'s recall)', async () => {
    const corpus = ['unseen-1', 'unseen-2', 'unseen-3'].flatMap((seed) => generateCorpus({ seed, size: 60 }));
    const r = await run(corpus);
    const guardLeaks = new Set<string>();
    for (const text of corpus) {
      const g = guardOutbound(text.text, text.known);
      if (!g.allowed) continue;
      for (const item of text.planted) if (item.role === 'valid' && arrived(g.text, item.text)) guardLeaks.add(`${text.id} ${item.kind} „${item.text}"`);
    }
    console.log(`Ungesehene Korpora (${corpus.length} Texte): ${r.leaked.length} gültige Kennungen angekommen, alle schon am Datenschutzfilter vorbei: ${[...r.leaked].join('; ') || '–'}`);
    for (const l of r.leaked) expect(guardLeaks.has(l), l).toBe(true);
    expect(r.used + r.blocked).toBe(corpus.length);
  }, 300_000);
});
