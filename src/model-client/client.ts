import { Ajv2020 } from 'ajv/dist/2020.js';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { AmtsklarError } from '../common/index.ts';
import type { DataClass, DraftingModel, GeneratedStructured, StructuredGeneration } from '../drafting/index.ts';
import type { ModelEndpointConfig } from './config.ts';

export type ModelErrorKind = 'timeout' | 'cancelled' | 'connection' | 'http' | 'invalid_output' | 'truncated';

/** A model call that did not give a usable answer. German message; the kind decides the fallback. */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  dataClass: DataClass;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  signal?: AbortSignal;
}

export interface ChatResult {
  content: string;
  model: string;
  finishReason: string;
  systemFingerprint: string | null;
  usage: { promptTokens: number; completionTokens: number } | null;
}

export type StreamEvent = { type: 'delta'; content: string } | { type: 'done'; result: ChatResult };

/**
 * The OpenAI-compatible adapter, built on the official `openai` client (timeouts, retries
 * with exponential backoff and Retry-After on 408/409/429/5xx and connection errors,
 * AbortSignal cancellation, SSE parsing). Every call names the data class of what it
 * sends; the endpoint refuses classes it is not configured for before anything leaves.
 */
export class OpenAiCompatibleClient implements DraftingModel {
  private readonly client: OpenAI;
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  readonly endpointId: string;
  readonly modelName: string;

  constructor(
    readonly config: ModelEndpointConfig,
    env: NodeJS.ProcessEnv = process.env,
    fetchImpl?: typeof fetch,
  ) {
    const apiKey = config.apiKeyEnv ? env[config.apiKeyEnv] : undefined;
    if (config.apiKeyEnv && !apiKey) {
      throw new AmtsklarError('invalid_input', `Die Umgebungsvariable ${config.apiKeyEnv} mit dem API-Schlüssel ist nicht gesetzt.`, [{ path: '$.model.apiKeyEnv', message: 'nicht gesetzt' }]);
    }
    this.client = new OpenAI({
      baseURL: config.baseUrl,
      apiKey: apiKey ?? 'kein-schluessel',
      timeout: config.timeoutMs,
      maxRetries: config.maxRetries,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
    this.endpointId = config.id;
    this.modelName = config.model;
  }

  allows(dataClass: DataClass): boolean {
    return this.config.allowedDataClasses.includes(dataClass);
  }

  private guard(dataClass: DataClass): void {
    if (!this.allows(dataClass)) {
      throw new AmtsklarError('forbidden', `Der Modellserver „${this.config.id}" ist für die Datenklasse „${dataClass}" nicht freigegeben.`, [
        { path: '$.model.allowedDataClasses', message: `enthält „${dataClass}" nicht` },
      ]);
    }
  }

  private mapError(e: unknown): Error {
    if (e instanceof AmtsklarError || e instanceof ModelError) return e;
    if (e instanceof APIUserAbortError) return new ModelError('cancelled', 'Die Anfrage an den Modellserver wurde abgebrochen.');
    if (e instanceof APIConnectionTimeoutError) return new ModelError('timeout', `Der Modellserver hat nicht innerhalb von ${this.config.timeoutMs} ms geantwortet.`);
    if (e instanceof APIConnectionError) return new ModelError('connection', `Der Modellserver ist nicht erreichbar: ${e.message}`);
    if (e instanceof APIError) return new ModelError('http', `Der Modellserver meldet Fehler ${e.status ?? '?'}: ${e.message}`, e.status ?? null);
    if (e instanceof Error && e.name === 'AbortError') return new ModelError('cancelled', 'Die Anfrage an den Modellserver wurde abgebrochen.');
    return new ModelError('connection', `Unerwarteter Fehler beim Modellaufruf: ${String(e)}`);
  }

  async models(signal?: AbortSignal): Promise<string[]> {
    try {
      const out: string[] = [];
      for await (const m of this.client.models.list({ signal })) out.push(m.id);
      return out;
    } catch (e) {
      throw this.mapError(e);
    }
  }

  private params(req: ChatRequest): OpenAI.Chat.ChatCompletionCreateParamsNonStreaming {
    return {
      model: this.config.model,
      messages: req.messages,
      ...(req.temperature !== undefined ? { temperature: req.temperature } : {}),
      ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
      ...(req.seed !== undefined ? { seed: req.seed } : {}),
    };
  }

  async chat(req: ChatRequest, extra: Record<string, unknown> = {}): Promise<ChatResult> {
    this.guard(req.dataClass);
    try {
      const r = await this.client.chat.completions.create({ ...this.params(req), ...extra } as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, { signal: req.signal });
      const choice = r.choices[0];
      if (!choice) throw new ModelError('invalid_output', 'Der Modellserver hat keine Antwort geliefert.');
      return {
        content: choice.message.content ?? '',
        model: r.model,
        finishReason: choice.finish_reason,
        systemFingerprint: r.system_fingerprint ?? null,
        usage: r.usage ? { promptTokens: r.usage.prompt_tokens, completionTokens: r.usage.completion_tokens } : null,
      };
    } catch (e) {
      throw this.mapError(e);
    }
  }

  /** Server-sent events, yielded as they arrive; the last event carries the whole answer and usage. */
  async *stream(req: ChatRequest): AsyncGenerator<StreamEvent> {
    this.guard(req.dataClass);
    let content = '';
    let model = this.config.model;
    let finishReason = 'stop';
    let fingerprint: string | null = null;
    let usage: ChatResult['usage'] = null;
    try {
      const s = await this.client.chat.completions.create({ ...this.params(req), stream: true, stream_options: { include_usage: true } }, { signal: req.signal });
      for await (const chunk of s) {
        model = chunk.model || model;
        fingerprint = chunk.system_fingerprint ?? fingerprint;
        if (chunk.usage) usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
        const c = chunk.choices[0];
        if (!c) continue;
        if (c.finish_reason) finishReason = c.finish_reason;
        const delta = c.delta?.content;
        if (delta) {
          content += delta;
          yield { type: 'delta', content: delta };
        }
      }
    } catch (e) {
      throw this.mapError(e);
    }
    // The SDK ends an aborted stream quietly; a cut-off answer must not look complete.
    if (req.signal?.aborted) throw new ModelError('cancelled', 'Die Anfrage an den Modellserver wurde abgebrochen.');
    yield { type: 'done', result: { content, model, finishReason, systemFingerprint: fingerprint, usage } };
  }

  async generateStructured(req: StructuredGeneration): Promise<GeneratedStructured> {
    const so = this.config.structuredOutput;
    const system =
      so === 'prompt'
        ? `${req.system}\n\nAntworte ausschließlich mit einem JSON-Objekt nach diesem JSON-Schema:\n${JSON.stringify(req.schema)}`
        : req.system;
    const extra =
      so === 'json_schema'
        ? { response_format: { type: 'json_schema', json_schema: { name: req.schemaName, schema: req.schema, strict: true } } }
        : so === 'json_object'
          ? { response_format: { type: 'json_object', schema: req.schema } }
          : {};
    const r = await this.chat(
      {
        dataClass: req.dataClass,
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: req.user },
        ],
        temperature: req.temperature,
        maxTokens: req.maxTokens,
        seed: req.seed,
        signal: req.signal,
      },
      extra,
    );
    if (r.finishReason === 'length') throw new ModelError('truncated', 'Die Antwort des Modells wurde wegen der Längenbegrenzung abgeschnitten.');
    let value: unknown;
    try {
      value = JSON.parse(r.content.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
    } catch {
      throw new ModelError('invalid_output', 'Die Antwort des Modells ist kein gültiges JSON.');
    }
    // Constrained decoding guarantees a shape at best, and only where the server enforces it: validate always.
    if (!this.ajv.validate(req.schema, value)) {
      throw new ModelError('invalid_output', `Die Antwort des Modells passt nicht zum Schema: ${this.ajv.errorsText(this.ajv.errors, { dataVar: '$' })}`);
    }
    return { value, raw: r.content, model: r.model, systemFingerprint: r.systemFingerprint, finishReason: r.finishReason, usage: r.usage };
  }

  /** `/v1/embeddings` for retrieval (the assistant uses it when configured). */
  async embed(texts: string[], dataClass: DataClass, signal?: AbortSignal): Promise<number[][]> {
    this.guard(dataClass);
    if (!this.config.embeddingModel) throw new AmtsklarError('unsupported', 'Für diesen Modellserver ist kein Embedding-Modell eingestellt.', [{ path: '$.model.embeddingModel', message: 'fehlt' }]);
    try {
      const r = await this.client.embeddings.create({ model: this.config.embeddingModel, input: texts }, { signal });
      return [...r.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    } catch (e) {
      throw this.mapError(e);
    }
  }
}
