/**
 * What the assistant needs from the world. The edge implements these (model client over the
 * OpenAI-compatible protocol, PostgreSQL store); the assistant does no I/O.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  temperature: number;
  maxTokens: number;
  /** JSON schema the reply must follow (sent as `response_format: json_schema`). */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
}

export interface ChatReply {
  content: string;
  /** Model name as reported by the server, for the answer's provenance. */
  model: string;
}

/** A chat-completion model (`POST /v1/chat/completions`). */
export interface ChatModel {
  complete(request: ChatRequest): Promise<ChatReply>;
}

/** An embedding model (`POST /v1/embeddings`). */
export interface Embedder {
  embed(texts: string[]): Promise<number[][]>;
}

/** A conversation turn a citizen chose to share as feedback (opt-in; redacted before storing). */
export interface FeedbackRecord {
  question: string;
  answer: string;
  citations: string[];
  helpful: boolean;
  comment?: string;
  language: string;
  mode: string;
  contentVersion: string;
}

export interface FeedbackStore {
  save(record: FeedbackRecord): Promise<{ id: string }>;
}
