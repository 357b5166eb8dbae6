import type { Embedder } from '../../assistant/index.ts';
import type { OpenAiCompatibleClient } from '../../model-client/index.ts';

/** The assistant's embedding port over `/v1/embeddings` (public content and redacted questions only). */
export function assistantEmbedder(client: OpenAiCompatibleClient): Embedder {
  return { embed: (texts) => client.embed(texts, 'oeffentlich') };
}
