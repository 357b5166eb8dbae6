import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_LABELS, type Role } from '../../src/cases/index.ts';
import { seedTenant } from '../../src/seed/index.ts';
import { engineDouble } from './engine-double.ts';
import { PDF, STORES, eventually, multipart, startTestPlatform, type TestPlatform } from './helpers.ts';

/**
 * Role × endpoint × own/foreign case, generated from the server's route table: every
 * route is probed by every role; a role the route does not admit gets 401/403, a case
 * (proposal, run, user, document) of another team, citizen or municipality gets 403/404,
 * and no refusal carries any data of the case it refused.
 */
type Who = 'anonymous' | Role | 'kita_caseworker';
const WHO: Who[] = ['anonymous', 'citizen', 'caseworker', 'team_lead', 'kita_caseworker', 'admin', 'dpo', 'auditor'];
const USERNAME: Partial<Record<Who, string>> = { caseworker: 'sachbearbeitung', team_lead: 'teamleitung', kita_caseworker: 'kita', admin: 'admin', dpo: 'datenschutz', auditor: 'pruefung' };

interface Target {
  label: 'own' | 'otherCitizen' | 'otherTeam' | 'otherTenant';
  caseId: string;
  docId: string;
  aktenzeichen: string;
  proposalId: string;
  runId: string;
  userId: string;
  tenant: string;
  team: string;
}

const NONE = '00000000-0000-4000-8000-000000000001';

/** May this person see this object at all (regardless of the route's role rule)? */
function visible(who: Who, url: string, t: Target): boolean {
  if (url.startsWith('/api/recalculations/') || url.startsWith('/api/admin/users/')) return t.tenant === 'musterstadt';
  if (url.startsWith('/api/proposals/') && t.proposalId === NONE) return false;
  if (t.tenant !== 'musterstadt') return false;
  switch (who) {
    case 'citizen':
      return t.label === 'own';
    case 'caseworker':
    case 'team_lead':
      return t.team === 'wohngeld';
    case 'kita_caseworker':
      return t.team === 'kita-beitrag';
    case 'auditor':
      return true;
    default:
      return false;
  }
}

// A value that satisfies a JSON schema (enough to get past validation to the access check).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON schemas of any shape
function sample(schema: any): unknown {
  if (!schema || typeof schema !== 'object') return 1;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || schema.properties) {
    const out: Record<string, unknown> = {};
    for (const k of schema.required ?? []) out[k] = sample(schema.properties?.[k]);
    return out;
  }
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
  if (type === 'boolean') return false;
  if (type === 'string') {
    if (schema.format === 'date') return '2099-01-31';
    if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
    if (schema.format === 'email') return 'a@example.org';
    if (schema.pattern) return 'abcdefgh-12345678';
    return 'x'.repeat(Math.min(schema.maxLength ?? 12, Math.max(schema.minLength ?? 1, 12)));
  }
  if (type === 'array') return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items));
  return 1;
}

describe.each(STORES)('access matrix (%s)', (kind) => {
  let t: TestPlatform;
  const tokens = new Map<Who, string | undefined>();
  const targets: Target[] = [];
  const own = () => targets[0]!;
  const submit = async (packId: string, gemeinde = 'musterstadt', antrag?: object) => {
    const r = await t.call('POST', '/api/applications', {
      headers: { 'x-gemeinde': gemeinde },
      body: { packId, applicant: { name: `Geheim ${packId} ${gemeinde}` }, antrag: antrag ?? (packId === 'wohngeld' ? { stichtag: '2025-01-01', miete_monat: '500', haushaltsmitglieder: [{ id: 'p1', einkuenfte: [{ art: 'erwerb', brutto_monat: '900' }] }] } : { stichtag: '2025-08-01', betreuung_stunden: 35, einkommen: '40000', haertefall_antrag: true }) },
    });
    expect(r.status).toBe(201);
    const token = await t.citizenLogin(r.body.aktenzeichen, r.body.accessCode, gemeinde);
    const m = multipart({}, { name: 'n.pdf', type: 'application/pdf', content: PDF });
    const up = await t.call('POST', `/api/my/cases/${r.body.caseId}/documents`, { token, payload: m.payload, headers: m.headers });
    expect(up.status).toBe(201);
    return { caseId: r.body.caseId as string, docId: up.body.id as string, aktenzeichen: r.body.aktenzeichen as string, token: token as string };
  };

  beforeAll(async () => {
    t = await startTestPlatform(kind, engineDouble());
    await seedTenant(t.db, 'nachbarstadt', 'Nachbarstadt', [{ username: 'admin', displayName: 'Admin Nachbarstadt', role: 'admin', teamId: null }]);
    await t.db.query(`UPDATE municipalities SET settings = '{"packReleases":{"wohngeld":"2024"}}' WHERE id IN ('musterstadt', 'nachbarstadt')`);
    const a = await submit('wohngeld');
    tokens.set('citizen', a.token);
    const b = await submit('wohngeld');
    const k = await submit('kita-beitrag');
    const n = await submit('wohngeld', 'nachbarstadt');
    tokens.set('anonymous', undefined);
    for (const w of WHO) if (USERNAME[w]) tokens.set(w, await t.login(USERNAME[w]!));
    const lead = tokens.get('team_lead')!;
    const run = await t.call('POST', '/api/recalculations', { token: lead, body: { packId: 'wohngeld', release: '2025' } });
    expect(run.status).toBe(202);
    const runId = run.body.id as string;
    await eventually(async () => (await t.call('GET', `/api/recalculations/${runId}`, { token: lead })).body.finishedAt);
    const proposal = async (caseId: string) => (await t.db.query<{ id: string }>('SELECT id FROM recalc_proposals WHERE case_id = $1', [caseId]))[0]!.id;
    const users = await t.db.query<{ id: string; municipality_id: string }>("SELECT id, municipality_id FROM users WHERE username = 'admin'");
    const userOf = (m: string) => users.find((u) => u.municipality_id === m)!.id;
    const other = await t.db.query<{ id: string }>("INSERT INTO recalc_runs (id, municipality_id, pack_id, to_release) VALUES (gen_random_uuid(), 'nachbarstadt', 'wohngeld', '2025') RETURNING id");
    targets.push(
      { label: 'own', ...a, proposalId: await proposal(a.caseId), runId, userId: userOf('musterstadt'), tenant: 'musterstadt', team: 'wohngeld' },
      { label: 'otherCitizen', ...b, proposalId: await proposal(b.caseId), runId, userId: userOf('musterstadt'), tenant: 'musterstadt', team: 'wohngeld' },
      { label: 'otherTeam', ...k, proposalId: NONE, runId, userId: userOf('musterstadt'), tenant: 'musterstadt', team: 'kita-beitrag' },
      { label: 'otherTenant', ...n, proposalId: NONE, runId: other[0]!.id, userId: userOf('nachbarstadt'), tenant: 'nachbarstadt', team: 'wohngeld' },
    );
  });
  afterAll(async () => t?.close());

  const fill = (url: string, x: Target) =>
    url
      .replace(':docId', x.docId)
      .replace(/^\/api\/proposals\/:id/, `/api/proposals/${x.proposalId}`)
      .replace(/^\/api\/recalculations\/:id/, `/api/recalculations/${x.runId}`)
      .replace(/^\/api\/admin\/users\/:id/, `/api/admin/users/${x.userId}`)
      .replace(':id', x.caseId)
      .replace(':token', 'A'.repeat(43))
      // Sub-resources of other capabilities (drafts, …): an id that does not exist.
      .replace(/:[A-Za-z]+Id\b/g, NONE);

  it('every route declares its access rule and every cell of the matrix holds', async () => {
    const routes = t.platform.app!.routeTable.filter((r) => r.url.startsWith('/api/') && r.url !== '/api/openapi.json');
    expect(routes.length).toBeGreaterThan(35);
    const failures: string[] = [];
    let cells = 0;
    for (const r of routes) {
      if (r.url.startsWith('/api/auth/')) continue; // login endpoints: see auth tests
      for (const who of WHO) {
        const token = tokens.get(who);
        const role: Role | null = who === 'anonymous' ? null : who === 'kita_caseworker' ? 'caseworker' : who;
        const allowed = r.access === 'public' || (r.access === 'authenticated' ? role !== null : role !== null && r.access.includes(role));
        const scoped = r.url.includes(':id') || r.url.includes(':docId');
        for (const x of scoped ? targets : [own()]) {
          cells++;
          const url = fill(r.url, x);
          const isMultipart = r.url.endsWith('/documents') && r.method === 'POST';
          const mp = multipart({}, { name: 'x.pdf', type: 'application/pdf', content: PDF });
          const body = isMultipart || r.method === 'GET' ? undefined : sample(r.schema?.body ?? { type: 'object' });
          let q = '';
          if (r.method === 'GET' && r.schema?.querystring) {
            const qs = sample(r.schema.querystring) as Record<string, unknown>;
            q = Object.keys(qs).length ? `?${new URLSearchParams(Object.entries(qs).map(([k, v]) => [k, String(v)])).toString()}` : '';
          }
          const res = await t.call(r.method, url + q, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}), ...(isMultipart ? { payload: mp.payload, headers: mp.headers } : {}) });
          const cell = `${r.method} ${r.url} as ${who} on ${scoped ? x.label : '-'} → ${res.status}`;
          const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
          if (res.status >= 500) failures.push(`${cell}: ${text}`);
          if (!allowed) {
            if (res.status !== (role === null ? 401 : 403)) failures.push(`${cell} (expected ${role === null ? 401 : 403})`);
          } else if (scoped && !visible(who, r.url, x)) {
            if (![403, 404].includes(res.status)) failures.push(`${cell} (expected 403/404)`);
          } else if (r.access === 'public') {
            if (res.status === 401) failures.push(`${cell} (public route asks for login)`);
          } else if ([401, 403].includes(res.status) || (scoped && res.status === 404 && !/:(?!id\b|docId\b)[A-Za-z]+Id\b/.test(r.url))) {
            failures.push(`${cell} (expected access): ${text}`);
          }
          if ([401, 403, 404].includes(res.status)) {
            if (Object.keys(res.body ?? {}).join() !== 'error') failures.push(`${cell} answers more than an error`);
            for (const f of targets) if (text.includes(f.aktenzeichen) || text.includes('Geheim')) failures.push(`${cell} leaks case data`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(cells).toBeGreaterThan(600);
  });

  it('the OpenAPI document says who may call each operation, by the rule the server enforces', async () => {
    const doc = (await t.call('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, { security?: unknown[]; description?: string; 'x-amtsklar-access'?: unknown }>> };
    const routes = t.platform.app!.routeTable.filter((r) => r.url.startsWith('/api/') && r.url !== '/api/openapi.json');
    const wrong: string[] = [];
    for (const r of routes) {
      const op = doc.paths[r.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[r.method.toLowerCase()];
      if (!op) {
        wrong.push(`${r.method} ${r.url}: fehlt im Dokument`);
        continue;
      }
      if (JSON.stringify(op['x-amtsklar-access']) !== JSON.stringify(r.access)) wrong.push(`${r.method} ${r.url}: x-amtsklar-access ${JSON.stringify(op['x-amtsklar-access'])}, Regel ${JSON.stringify(r.access)}`);
      // public: no token asked for; otherwise the document's default (bearer or cookie) applies
      if ((r.access === 'public') !== (Array.isArray(op.security) && op.security.length === 0)) wrong.push(`${r.method} ${r.url}: security ${JSON.stringify(op.security)}`);
      if (!op.description?.includes('Zugriff: ')) wrong.push(`${r.method} ${r.url}: keine Zugriffszeile`);
      if (Array.isArray(r.access) && !(r.access as readonly Role[]).every((role) => op.description!.includes(ROLE_LABELS[role]))) wrong.push(`${r.method} ${r.url}: Rollen fehlen in „${op.description}“`);
    }
    expect(wrong).toEqual([]);
  });

  it('a citizen sees only their own cases in the list; staff only their team', async () => {
    const mine = await t.call('GET', '/api/my/cases', { token: tokens.get('citizen')! });
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([own().caseId]);
    const kita = await t.call('GET', '/api/cases?pageSize=200', { token: tokens.get('kita_caseworker')! });
    expect(kita.body.items.every((c: { packId: string }) => c.packId === 'kita-beitrag')).toBe(true);
    const wg = await t.call('GET', '/api/cases?pageSize=200', { token: tokens.get('caseworker')! });
    expect(wg.body.items.some((c: { id: string }) => c.id === targets[3]!.caseId)).toBe(false);
  });

  it('reading personal data is recorded with who, which case and why; the auditor sees no personal data', async () => {
    const cw = tokens.get('caseworker')!;
    const r = await t.call('GET', `/api/cases/${own().caseId}/personal?purpose=Prüfung%20des%20Antrags`, { token: cw });
    expect(r.status).toBe(200);
    expect(r.body.applicant.name).toContain('Geheim');
    const log = await t.call('GET', `/api/dpo/access-log?caseId=${own().caseId}`, { token: tokens.get('dpo')! });
    expect(log.body.items.some((e: { purpose: string; actor_kind: string }) => e.purpose === 'Prüfung des Antrags' && e.actor_kind === 'user')).toBe(true);
    const audit = await t.call('GET', `/api/audit/cases/${own().caseId}`, { token: tokens.get('auditor')! });
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.body)).not.toContain('Geheim');
    expect(audit.body.decision.receipt.resultHash).toMatch(/^sha256:/);
  });
});
