import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAmtsklarError } from '../common/index.ts';
import { ModelError, OpenAiCompatibleClient } from './client.ts';
import { modelEndpointConfig, modelEndpointFromEnv } from './config.ts';
import { canned, cannedJson, delayed, failing, sequence } from './test-server/behaviours.ts';
import { startTestModelServer, type TestModelServer } from './test-server/server.ts';

let server: TestModelServer;
beforeAll(async () => {
  server = await startTestModelServer({ models: ['lokal-7b', 'emb'] });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const client = (over: Record<string, unknown> = {}) =>
  new OpenAiCompatibleClient(modelEndpointConfig({ id: 'test', baseUrl: server.baseUrl, model: 'lokal-7b', maxRetries: 0, timeoutMs: 30_000, embeddingModel: 'emb', ...over }));

const SCHEMA = { type: 'object', properties: { text: { type: 'string', minLength: 3 } }, required: ['text'], additionalProperties: false };
const req = { purpose: 'test@1', dataClass: 'pseudonymisiert' as const, system: 'Du schreibst Briefe.', user: 'Schreibe.', schemaName: 'brief', schema: SCHEMA };

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('OpenAI-compatible client against the test server', () => {
  it('chats and lists models', async () => {
    server.script(canned('Hallo'));
    const r = await client().chat({ dataClass: 'pseudonymisiert', messages: [{ role: 'user', content: 'x' }], temperature: 0, seed: 7 });
    expect(r).toMatchObject({ content: 'Hallo', model: 'lokal-7b', finishReason: 'stop', systemFingerprint: 'fp_amtsklar_test' });
    expect(server.requests[0]!.body).toMatchObject({ temperature: 0, seed: 7, model: 'lokal-7b' });
    expect(await client().models()).toEqual(['lokal-7b', 'emb']);
  });

  it('streams deltas and ends with the whole answer and usage', async () => {
    server.script(canned('Sie bekommen Wohngeld.'));
    const events = [];
    for await (const e of client().stream({ dataClass: 'pseudonymisiert', messages: [{ role: 'user', content: 'x' }] })) events.push(e);
    const deltas = events.filter((e) => e.type === 'delta');
    expect(deltas.length).toBeGreaterThan(1);
    const done = events.at(-1)!;
    expect(done.type === 'done' && done.result.content).toBe('Sie bekommen Wohngeld.');
    expect(done.type === 'done' && done.result.usage?.completionTokens).toBe(3);
    expect(server.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('sends the JSON schema as response_format and validates the answer itself', async () => {
    server.script(cannedJson({ text: 'Guten Tag' }));
    const r = await client().generateStructured(req);
    expect(r.value).toEqual({ text: 'Guten Tag' });
    expect(server.requests[0]!.body).toMatchObject({ response_format: { type: 'json_schema', json_schema: { name: 'brief', schema: SCHEMA, strict: true } } });
  });

  it('rejects an answer that is not JSON or violates the schema, even if the server let it through', async () => {
    server.script(sequence({ content: 'kein json', violateSchema: true }, { json: { text: 'x', extra: 1 }, violateSchema: true }));
    const a = await failure(client().generateStructured(req));
    expect(a instanceof ModelError && a.kind).toBe('invalid_output');
    const b = await failure(client().generateStructured(req));
    expect(b instanceof ModelError && b.kind).toBe('invalid_output');
    expect((b as Error).message).toContain('passt nicht zum Schema');
  });

  it('older llama.cpp servers get json_object + schema; prompt-only servers get the schema in the prompt', async () => {
    server.script(cannedJson({ text: 'abc' }));
    await client({ structuredOutput: 'json_object' }).generateStructured(req);
    expect(server.requests[0]!.body).toMatchObject({ response_format: { type: 'json_object', schema: SCHEMA } });
    server.script(canned('{"text":"abc"}'));
    await client({ structuredOutput: 'prompt' }).generateStructured(req);
    const body = server.requests[1]!.body as { response_format?: unknown; messages: { content: string }[] };
    expect(body.response_format).toBeUndefined();
    expect(body.messages[0]!.content).toContain('"minLength":3');
  });

  it('retries 503 and 429 with backoff, then succeeds', async () => {
    server.script(failing(2, 503, canned('endlich')));
    const r = await client({ maxRetries: 2 }).chat({ dataClass: 'pseudonymisiert', messages: [{ role: 'user', content: 'x' }] });
    expect(r.content).toBe('endlich');
    expect(server.requests).toHaveLength(3);
    server.reset();
    server.script(failing(1, 429, canned('ok'), 0));
    expect((await client({ maxRetries: 1 }).chat({ dataClass: 'pseudonymisiert', messages: [{ role: 'user', content: 'x' }] })).content).toBe('ok');
  });

  it('gives up after the retries with the HTTP status', async () => {
    server.script(failing(5, 500));
    const e = await failure(client({ maxRetries: 1 }).chat({ dataClass: 'pseudonymisiert', messages: [{ role: 'user', content: 'x' }] }));
    expect(e instanceof ModelError && e.kind === 'http' && e.status).toBe(500);
    expect(server.requests).toHaveLength(2);
  });

  it('times out and can be cancelled', async () => {
    server.script(delayed(1500, canned('zu spät')));
    const t = await failure(client({ timeoutMs: 200 }).chat({ dataClass: 'pseudonymisiert', messages: [{ role: 'user', content: 'x' }] }));
    expect(t instanceof ModelError && t.kind).toBe('timeout');
    const ac = new AbortController();
    const p = client().chat({ dataClass: 'pseudonymisiert', messages: [{ role: 'user', content: 'x' }], signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    const c = await failure(p);
    expect(c instanceof ModelError && c.kind).toBe('cancelled');
  });

  it('cancels a stream midway', async () => {
    server.script(() => ({ content: 'a b c d e f g h i j', chunkDelayMs: 100 }));
    const ac = new AbortController();
    const seen: string[] = [];
    const e = await failure(
      (async () => {
        for await (const ev of client().stream({ dataClass: 'pseudonymisiert', messages: [{ role: 'user', content: 'x' }], signal: ac.signal })) {
          if (ev.type === 'delta') seen.push(ev.content);
          if (seen.length === 2) ac.abort();
        }
      })(),
    );
    expect(e instanceof ModelError && e.kind).toBe('cancelled');
    expect(seen.length).toBeLessThan(10);
  });

  it('refuses a data class the endpoint is not configured for, before anything is sent', async () => {
    const e = await failure(client({ allowedDataClasses: ['oeffentlich'] }).generateStructured(req));
    expect(isAmtsklarError(e) && e.code).toBe('forbidden');
    expect(server.requests).toHaveLength(0);
  });

  it('embeds through /v1/embeddings', async () => {
    const v = await client({ allowedDataClasses: ['oeffentlich'] }).embed(['Wohngeld beantragen', 'Hund anmelden'], 'oeffentlich');
    expect(v).toHaveLength(2);
    expect(v[0]).toHaveLength(64);
  });
});

describe('model endpoint configuration', () => {
  it('takes keys only from the environment and names the field in German errors', () => {
    expect(() => modelEndpointConfig({ baseUrl: 'http://x/v1', model: 'm', apiKey: 'sk-123' })).toThrow(/apiKeyEnv/);
    expect(() => modelEndpointConfig({ baseUrl: 'ftp://x', model: 'm' })).toThrow(/\$\.model\.baseUrl/);
    expect(() => modelEndpointConfig({ baseUrl: 'http://x/v1' })).toThrow(/\$\.model\.model/);
    expect(() => modelEndpointConfig({ baseUrl: 'http://x/v1', model: 'm', allowedDataClasses: ['alles'] })).toThrow(/allowedDataClasses\[0\]/);
    expect(modelEndpointFromEnv({})).toBeNull();
    const c = modelEndpointFromEnv({ AMTSKLAR_MODEL_BASE_URL: 'http://127.0.0.1:8080/v1/', AMTSKLAR_MODEL: 'qwen', AMTSKLAR_MODEL_API_KEY_ENV: 'MY_KEY', AMTSKLAR_MODEL_DATA_CLASSES: 'pseudonymisiert,oeffentlich' })!;
    expect(c).toMatchObject({ baseUrl: 'http://127.0.0.1:8080/v1', model: 'qwen', apiKeyEnv: 'MY_KEY', allowedDataClasses: ['pseudonymisiert', 'oeffentlich'] });
    expect(() => new OpenAiCompatibleClient(c, {})).toThrow(/MY_KEY/);
  });

  it('sends the key from the environment as a bearer token', async () => {
    const locked = await startTestModelServer({ apiKey: 'sk-test-123', models: ['m'] });
    const c = new OpenAiCompatibleClient(modelEndpointConfig({ baseUrl: locked.baseUrl, model: 'm', apiKeyEnv: 'TEST_MODEL_KEY', maxRetries: 0 }), { TEST_MODEL_KEY: 'sk-test-123' });
    expect(await c.models()).toEqual(['m']);
    await locked.close();
  });
});
