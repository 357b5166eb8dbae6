import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { defaultBehaviour, messageText, type Behaviour, type ChatRequestBody, type Reply } from './behaviours.ts';

/**
 * A local OpenAI-compatible model server for tests and the experimentation space. It
 * speaks the protocol as vLLM, llama.cpp's server and Ollama do (GET /v1/models,
 * POST /v1/chat/completions with and without SSE streaming, structured output that
 * honours the request's JSON schema, POST /v1/embeddings, errors in OpenAI's shape), is
 * scriptable per test, and records every request it receives so tests can assert what
 * did — and did not — leave the platform.
 */

export interface RecordedRequest {
  at: string;
  method: string;
  path: string;
  /** Whether an Authorization header was sent (its value is never recorded). */
  authorized: boolean;
  body: unknown;
  rawBody: string;
}

export interface TestModelServerOptions {
  host?: string;
  port?: number;
  models?: string[];
  /** Require `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  behaviour?: Behaviour;
  embeddingDimensions?: number;
  /** Largest accepted request body in bytes. */
  maxBodyBytes?: number;
}

export interface TestModelServer {
  /** `http://127.0.0.1:PORT/v1` — what a client takes as base URL. */
  readonly baseUrl: string;
  readonly port: number;
  readonly requests: readonly RecordedRequest[];
  /** Every byte every request carried, as text (for „nothing of X ever arrived" assertions). */
  receivedText(): string;
  script(behaviour: Behaviour): void;
  reset(): void;
  close(): Promise<void>;
}

const CREATED = 1_735_689_600;

function sendError(res: ServerResponse, status: number, message: string, type = 'invalid_request_error', code: string | null = null, param: string | null = null, retryAfter?: number): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  res.writeHead(status, headers).end(JSON.stringify({ error: { message, type, param, code } }));
}

function countTokens(text: string): number {
  return text.split(/\s+/).filter((t) => t !== '').length;
}

function sleep(ms: number, signal: { closed: boolean }): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.closed) return resolve();
    setTimeout(resolve, ms);
  });
}

function chunksOf(text: string, size?: number): string[] {
  if (text === '') return [];
  if (size && size > 0) {
    const out: string[] = [];
    for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
    return out;
  }
  return text.match(/\S+\s*|\s+/g) ?? [text];
}

/** Deterministic unit vector of `dims` components from the SHA-256 stream of the text. */
export function embeddingFor(text: string, dims: number): number[] {
  const values: number[] = [];
  let counter = 0;
  while (values.length < dims) {
    const h = createHash('sha256').update(`${counter++}\u0000${text}`).digest();
    for (let i = 0; i + 1 < h.length && values.length < dims; i += 2) values.push((h.readUInt16BE(i) / 65535) * 2 - 1);
  }
  const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0));
  return values.map((v) => Math.fround(v / norm));
}

export async function startTestModelServer(options: TestModelServerOptions = {}): Promise<TestModelServer> {
  const models = options.models ?? ['amtsklar-test'];
  const dims = options.embeddingDimensions ?? 64;
  const maxBody = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const requests: RecordedRequest[] = [];
  let behaviour = options.behaviour ?? defaultBehaviour;
  let chatCount = 0;
  let idCounter = 0;
  const ajv = new Ajv2020({ strict: false, allErrors: true });

  const readBody = (req: IncomingMessage): Promise<string | null> =>
    new Promise((resolve, reject) => {
      const parts: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= maxBody) parts.push(c);
      });
      req.on('end', () => resolve(size > maxBody ? null : Buffer.concat(parts).toString('utf8')));
      req.on('error', reject);
    });

  const handleChat = async (req: ChatRequestBody, res: ServerResponse, conn: { closed: boolean }): Promise<void> => {
    if (typeof req.model !== 'string' || req.model === '') return sendError(res, 400, "Missing required parameter: 'model'.", 'invalid_request_error', 'missing_required_parameter', 'model');
    if (!models.includes(req.model)) return sendError(res, 404, `The model \`${req.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found', 'model');
    if (!Array.isArray(req.messages) || req.messages.length === 0) return sendError(res, 400, "'messages' must be a non-empty array.", 'invalid_request_error', null, 'messages');
    const schema = req.response_format?.type === 'json_schema' ? (req.response_format.json_schema?.schema ?? null) : null;
    if (req.response_format?.type === 'json_schema' && !schema) return sendError(res, 400, "response_format.json_schema.schema is required for type 'json_schema'.", 'invalid_request_error', null, 'response_format');
    chatCount++;
    const text = req.messages.map((m) => messageText(m.content)).join('\n');
    const userText = req.messages.filter((m) => m.role === 'user').map((m) => messageText(m.content)).join('\n');
    const systemText = req.messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => messageText(m.content)).join('\n');
    let reply: Reply;
    try {
      reply = await behaviour(req, { n: chatCount, text, userText, systemText, schema });
    } catch (e) {
      return sendError(res, 500, `Testserver-Skript fehlgeschlagen: ${String(e)}`, 'server_error');
    }
    await sleep(reply.delayMs ?? 0, conn);
    if (conn.closed) return;
    if (reply.drop) {
      res.socket?.destroy();
      return;
    }
    if (reply.error) {
      const e = reply.error;
      return sendError(res, e.status, e.message, e.type ?? (e.status >= 500 ? 'server_error' : 'invalid_request_error'), e.code ?? null, null, e.retryAfterSeconds);
    }
    let content = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.content ?? '');
    if (schema && !reply.violateSchema) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(content);
      } catch {
        return sendError(res, 500, 'Testserver-Skript lieferte für eine Anfrage mit JSON-Schema kein JSON.', 'server_error');
      }
      if (!ajv.validate(schema, parsed)) return sendError(res, 500, `Testserver-Skript verletzt das JSON-Schema: ${ajv.errorsText()}`, 'server_error');
      content = JSON.stringify(parsed);
    }
    let finish = reply.finishReason ?? 'stop';
    const limit = req.max_completion_tokens ?? req.max_tokens;
    if (typeof limit === 'number' && countTokens(content) > limit && !schema) {
      content = content.split(/(?<=\s)/).slice(0, limit).join('');
      finish = 'length';
    }
    const usage = { prompt_tokens: countTokens(text), completion_tokens: countTokens(content), total_tokens: countTokens(text) + countTokens(content) };
    const id = `chatcmpl-test-${++idCounter}`;
    const fingerprint = 'fp_amtsklar_test';
    if (!req.stream) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created: CREATED,
          model: req.model,
          system_fingerprint: fingerprint,
          choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: finish }],
          usage,
        }),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (payload: unknown): void => {
      if (!conn.closed) res.write(`data: ${JSON.stringify(payload)}\n\n`);
    };
    const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
      id,
      object: 'chat.completion.chunk',
      created: CREATED,
      model: req.model,
      system_fingerprint: fingerprint,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    });
    send(chunk({ role: 'assistant', content: '' }, null));
    for (const piece of chunksOf(content, reply.chunkSize)) {
      await sleep(reply.chunkDelayMs ?? 0, conn);
      if (conn.closed) return;
      send(chunk({ content: piece }, null));
    }
    send(chunk({}, finish));
    if (req.stream_options?.include_usage) send({ id, object: 'chat.completion.chunk', created: CREATED, model: req.model, system_fingerprint: fingerprint, choices: [], usage });
    if (!conn.closed) res.end('data: [DONE]\n\n');
  };

  const handleEmbeddings = (body: Record<string, unknown>, res: ServerResponse): void => {
    const input = body.input;
    const texts = typeof input === 'string' ? [input] : Array.isArray(input) && input.every((t) => typeof t === 'string') ? (input as string[]) : null;
    if (!texts || texts.length === 0) return sendError(res, 400, "'input' must be a string or a non-empty array of strings.", 'invalid_request_error', null, 'input');
    if (typeof body.model !== 'string' || !models.includes(body.model)) return sendError(res, 404, `The model \`${String(body.model)}\` does not exist.`, 'invalid_request_error', 'model_not_found', 'model');
    const n = typeof body.dimensions === 'number' ? body.dimensions : dims;
    const base64 = body.encoding_format === 'base64';
    const data = texts.map((t, index) => {
      const v = embeddingFor(t, n);
      return { object: 'embedding', index, embedding: base64 ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v };
    });
    const tokens = texts.reduce((s, t) => s + countTokens(t), 0);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } }));
  };

  const server: Server = createServer((req, res) => {
    const conn = { closed: false };
    res.on('close', () => {
      conn.closed = true;
    });
    void (async () => {
      const raw = req.method === 'POST' ? await readBody(req) : '';
      const path = (req.url ?? '/').split('?')[0]!;
      let body: unknown = null;
      const record: RecordedRequest = { at: new Date().toISOString(), method: req.method ?? 'GET', path, authorized: !!req.headers.authorization, body, rawBody: raw ?? '' };
      requests.push(record);
      if (raw === null) return sendError(res, 413, 'Request body too large.', 'invalid_request_error');
      if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        return sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
      }
      if (req.method === 'GET' && path === '/v1/models') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: models.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'amtsklar-test' })) }));
        return;
      }
      const modelPath = /^\/v1\/models\/(.+)$/.exec(path);
      if (req.method === 'GET' && modelPath) {
        const id = decodeURIComponent(modelPath[1]!);
        if (!models.includes(id)) return sendError(res, 404, `The model \`${id}\` does not exist.`, 'invalid_request_error', 'model_not_found');
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id, object: 'model', created: CREATED, owned_by: 'amtsklar-test' }));
        return;
      }
      if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/v1/embeddings')) {
        return sendError(res, 404, `Unknown request URL: ${req.method} ${path}.`, 'invalid_request_error', 'unknown_url');
      }
      try {
        body = JSON.parse(raw);
      } catch {
        return sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error');
      }
      record.body = body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return sendError(res, 400, 'The request body must be a JSON object.', 'invalid_request_error');
      if (path === '/v1/embeddings') return handleEmbeddings(body as Record<string, unknown>, res);
      await handleChat(body as ChatRequestBody, res, conn);
    })().catch((e: unknown) => {
      if (!res.headersSent) sendError(res, 500, `Testserver: ${String(e)}`, 'server_error');
      else res.end();
    });
  });

  // Longer than any client's keep-alive, so a reused connection is never closed under a request (ECONNRESET on busy machines).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';

  return {
    baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${port}/v1`,
    port,
    requests,
    receivedText: () => requests.map((r) => r.rawBody).join('\n'),
    script(b: Behaviour) {
      behaviour = b;
      chatCount = 0;
    },
    reset() {
      requests.length = 0;
      behaviour = options.behaviour ?? defaultBehaviour;
      chatCount = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
