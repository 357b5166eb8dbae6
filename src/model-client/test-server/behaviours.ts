import { valueForSchema } from './schema-value.ts';

/** The parts of an OpenAI chat completion request a script looks at. */
export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type: string; json_schema?: { name?: string; schema?: Record<string, unknown>; strict?: boolean } };
  temperature?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  seed?: number;
  [more: string]: unknown;
}

/** What the server answers to one request. Everything optional: the default is a schema-valid or echo answer. */
export interface Reply {
  /** Assistant text. */
  content?: string;
  /** For structured output: the object to answer (serialised as the content). */
  json?: unknown;
  finishReason?: 'stop' | 'length' | 'content_filter' | 'tool_calls';
  /** Wait before answering (milliseconds); with streaming, also between chunks (`chunkDelayMs`). */
  delayMs?: number;
  chunkDelayMs?: number;
  /** Characters per streamed chunk (default: word by word). */
  chunkSize?: number;
  /** Answer with an error in OpenAI's shape instead. */
  error?: { status: number; message: string; type?: string; code?: string | null; retryAfterSeconds?: number };
  /** Close the connection without an answer (network failure). */
  drop?: boolean;
  /** Send structured output that does not match the schema (a misbehaving server). */
  violateSchema?: boolean;
}

export interface ScriptContext {
  /** 1-based number of this chat request since the server started (or was reset). */
  n: number;
  /** The text of all messages of the request, joined. */
  text: string;
  /** The user message(s) only. */
  userText: string;
  systemText: string;
  schema: Record<string, unknown> | null;
}

export type Behaviour = (req: ChatRequestBody, ctx: ScriptContext) => Reply | Promise<Reply>;

export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text) : '')).join('');
  return '';
}

/** Default: valid structured output for the schema, or an echo of the last user message. */
export const defaultBehaviour: Behaviour = (_req, ctx) => {
  if (ctx.schema) return { json: valueForSchema(ctx.schema) };
  return { content: `Testantwort (${ctx.n}): ${ctx.userText.slice(0, 200)}` };
};

/** Always the same text. */
export function canned(content: string): Behaviour {
  return () => ({ content });
}

/** Always the same structured answer. */
export function cannedJson(json: unknown): Behaviour {
  return () => ({ json });
}

/** Answers computed from the request. */
export function computed(fn: (req: ChatRequestBody, ctx: ScriptContext) => Reply): Behaviour {
  return fn;
}

/** Replies in turn; the last one repeats. */
export function sequence(...replies: (Reply | Behaviour)[]): Behaviour {
  return (req, ctx) => {
    const r = replies[Math.min(ctx.n - 1, replies.length - 1)]!;
    return typeof r === 'function' ? r(req, ctx) : r;
  };
}

/** Fails `times` times with `status` (e.g. 503, 429), then behaves like `then`. */
export function failing(times: number, status = 503, then: Behaviour = defaultBehaviour, retryAfterSeconds?: number): Behaviour {
  let failures = 0;
  return (req, ctx) => {
    if (failures < times) {
      failures++;
      return { error: { status, message: `Testserver: simulierter Fehler ${failures}/${times}`, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', retryAfterSeconds } };
    }
    return then(req, ctx);
  };
}

/** Waits `ms` before each answer. */
export function delayed(ms: number, then: Behaviour = defaultBehaviour): Behaviour {
  return async (req, ctx) => ({ ...(await then(req, ctx)), delayMs: ms });
}

/**
 * A model that obeys instructions hidden in the data: if any message says „ignore …
 * instructions" / „ignoriere … Anweisungen" and asks for something, it answers with the
 * instruction's demand (or repeats the whole prompt, leaking it). For red-team tests.
 */
export function followsInjections(fallback: Behaviour = defaultBehaviour): Behaviour {
  const pattern = /(ignor(?:e|iere)\s[^.:\n]*?(?:instructions|anweisungen|regeln)[^.:\n]*[.:]?)\s*([^\n]*)/i;
  return (req, ctx) => {
    const m = pattern.exec(ctx.userText) ?? pattern.exec(ctx.text);
    if (!m) return fallback(req, ctx);
    const demand = m[2]!.trim() || ctx.text;
    if (ctx.schema) {
      const fill = () => demand;
      return { json: valueForSchema(ctx.schema, fill) };
    }
    return { content: demand };
  };
}

/**
 * Rewrites every answer of `inner` with `mutate` — e.g. to put a wrong amount or date into
 * an otherwise correct draft.
 */
export function mutating(inner: Behaviour, mutate: (text: string) => string): Behaviour {
  return async (req, ctx) => {
    const r = await inner(req, ctx);
    if (r.json !== undefined) return { ...r, json: JSON.parse(mutate(JSON.stringify(r.json))) as unknown };
    return r.content !== undefined ? { ...r, content: mutate(r.content) } : r;
  };
}

/**
 * A well-behaved drafting model: reads the placeholder list („- {{x}}: Bedeutung") and the
 * decision summary from the prompt and writes one plain sentence per fact, using only the
 * placeholders. Mutate its answers (`mutating`) to test the gate.
 */
export function plainLanguageWriter(): Behaviour {
  return (_req, ctx) => {
    const slots = [...ctx.userText.matchAll(/^- (\{\{[A-Za-z_]+\}\}): (.+)$/gm)].map((m) => ({ placeholder: m[1]!, meaning: m[2]! }));
    const block = /(?:Entscheidung|Stand des Verfahrens):\n((?:- .+\n?)+)/.exec(ctx.userText)?.[1] ?? '';
    const summary = block.split('\n').filter((l) => l.startsWith('- ')).map((l) => l.slice(2).trim());
    const paragraphs = [
      ...summary,
      ...slots.map((s) => `${s.meaning.charAt(0).toUpperCase()}${s.meaning.slice(1).replace(/\s*\(.*\)$/, '')}: ${s.placeholder}.`),
    ];
    if (ctx.schema) return { json: { absaetze: paragraphs } };
    return { content: paragraphs.join('\n\n') };
  };
}
