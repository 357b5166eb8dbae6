import { randomBytes } from 'node:crypto';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { RuleEngine } from '../../src/cases/index.ts';
import { openPlatform, type Platform, type PlatformOptions } from '../../src/server/index.ts';
import type { Db } from '../../src/store/index.ts';
import { seedTenant, type DemoAccount } from '../../src/seed/index.ts';
import { testDatabase, type StoreKind } from '../../src/store/test-database.ts';

export { PG_ADMIN_URL, STORES, testDatabase, type StoreKind } from '../../src/store/test-database.ts';

export interface Res {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, unknown>;
}

export interface TestPlatform {
  platform: Platform;
  db: Db;
  accounts: Map<string, DemoAccount>;
  url: string | null;
  call(method: string, url: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string>; payload?: string | Buffer }): Promise<Res>;
  login(username: string): Promise<string>;
  citizenLogin(aktenzeichen: string, accessCode: string, municipality?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestPlatform(kind: StoreKind, engine: RuleEngine, extra: Partial<PlatformOptions> = {}): Promise<TestPlatform> {
  const t = await testDatabase(kind);
  const platform = await openPlatform({ store: {}, db: t.db, engine, logger: false, sweepEveryMs: 0, server: { rateLimitPerMinute: 100_000, loginPerMinute: 1000 }, ...extra });
  const created = await seedTenant(t.db, 'musterstadt', 'Stadt Musterstadt');
  const accounts = new Map(created.map((a) => [a.username, a]));
  const app = platform.app!;
  const tokens = new Map<string, string>();
  const call: TestPlatform['call'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | Buffer | undefined = opts.payload;
    if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const r = await app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
    let body: unknown = r.body;
    try {
      body = r.json();
    } catch {
      /* not JSON */
    }
    refuseUndocumented(method, url, r.statusCode, body, String(r.headers['content-type'] ?? ''));
    return { status: r.statusCode, body, headers: r.headers as Record<string, unknown> };
  };
  // Every answer any API test gets must be one the OpenAPI document lists for its operation, and a
  // JSON body must fit the schema the document gives for it (every error has the one error body).
  let operations: DocumentedOperation[] | null = null;
  const refuseUndocumented = (method: string, url: string, status: number, body: unknown, contentType: string): void => {
    operations ??= documentedOperations(app.swagger() as never);
    const path = url.split('?')[0]!;
    const op = operations.find((o) => o.method === method.toLowerCase() && o.pattern.test(path));
    if (!op) return;
    if (!op.statuses.includes(String(status))) {
      throw new Error(`${method} ${url} → ${status}: diese Antwort steht nicht im OpenAPI-Dokument (${op.path}: ${op.statuses.join(', ')})`);
    }
    const validate = op.validator(String(status));
    if (validate && contentType.startsWith('application/json') && !validate(body)) {
      throw new Error(`${method} ${url} → ${status}: der Inhalt passt nicht zum OpenAPI-Dokument (${op.path}): ${JSON.stringify(validate.errors).slice(0, 500)} — ${JSON.stringify(body).slice(0, 300)}`);
    }
  };
  return {
    platform,
    db: t.db,
    accounts,
    url: t.url,
    call,
    async login(username) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const a = accounts.get(username)!;
      const r = await call('POST', '/api/auth/login', { body: { username, password: a.password } });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      tokens.set(username, r.body.token);
      return r.body.token as string;
    },
    async citizenLogin(aktenzeichen, accessCode, municipality) {
      const r = await call('POST', '/api/auth/citizen', { body: { aktenzeichen, accessCode, ...(municipality ? { municipality } : {}) } });
      if (r.status !== 200) throw new Error(`citizen login: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    async close() {
      await platform.close();
      await t.drop();
    },
  };
}

interface DocumentedOperation {
  method: string;
  pattern: RegExp;
  path: string;
  statuses: string[];
  params: number;
  /** The validator of a status's JSON body, if the document gives it a schema (compiled on first use). */
  validator(status: string): ValidateFunction | null;
}

type Responses = Record<string, { $ref?: string; content?: Record<string, { schema?: object }> }>;

/** The document's operations with an access rule, those without path parameters first (`/api/x/neu` before `/api/x/{id}`). */
function documentedOperations(doc: { components?: { responses?: Responses; schemas?: object }; paths: Record<string, Record<string, { responses?: Responses; 'x-amtsklar-access'?: unknown }>> }): DocumentedOperation[] {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; their $refs point into the document's components
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats(ajv);
  ajv.addSchema({ $id: 'openapi', components: doc.components ?? {} });
  const out: DocumentedOperation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (op['x-amtsklar-access'] === undefined) continue;
      const params = (path.match(/\{/g) ?? []).length;
      const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      const responses = op.responses ?? {};
      const compiled = new Map<string, ValidateFunction | null>();
      const validator = (status: string): ValidateFunction | null => {
        if (!compiled.has(status)) {
          let r = responses[status];
          if (r?.$ref) r = doc.components?.responses?.[r.$ref.split('/').pop()!];
          const schema = r?.content?.['application/json']?.schema;
          compiled.set(status, schema ? ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'))) : null);
        }
        return compiled.get(status)!;
      };
      out.push({ method, pattern, path, statuses: Object.keys(responses), params, validator });
    }
  }
  return out.sort((a, b) => a.params - b.params);
}

/** Waits until `check` returns a value (jobs run in the background). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error('timeout waiting for condition');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function multipart(fields: Record<string, string>, file: { name: string; type: string; content: Buffer } | null): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----amtsklar${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="datei"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
    parts.push(file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * A case whose evidence is in, from the caseworker's check to the issued decision: the drafting
 * job prepares the draft, the same caseworker submits, approves and issues (one approval needed).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's answers as JSON
export async function checkAndIssue(t: TestPlatform, id: string, token: string): Promise<{ checked: any; issued: any }> {
  const checked = (await t.call('POST', `/api/cases/${id}/check`, { token, body: { version: (await t.call('GET', `/api/cases/${id}`, { token })).body.version } })).body;
  let c = await eventually(async () => {
    const r = (await t.call('GET', `/api/cases/${id}`, { token })).body;
    return r.state === 'draft_prepared' ? r : null;
  });
  c = (await t.call('POST', `/api/cases/${id}/submit-review`, { token, body: { version: c.version } })).body;
  c = (await t.call('POST', `/api/cases/${id}/approve`, { token, body: { version: c.version } })).body;
  c = (await t.call('POST', `/api/cases/${id}/issue`, { token, body: { version: c.version } })).body;
  return { checked, issued: c };
}
