import { LEARNING_UNITS } from '../../src/governance/index.ts';

/** A small HTTP client for test set-up through the public API (bearer tokens, JSON). */
export function apiClient(base: string) {
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const r = await fetch(base + path, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await r.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: r.status, body: json as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return {
    call,
    async login(username: string, password: string): Promise<string> {
      const r = await call('POST', '/api/auth/login', undefined, { username, password });
      if (r.status !== 200) throw new Error(`Anmeldung ${username}: ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
  };
}

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Opens the AI register's gate for the citizen assistant the way a municipality does it: the
 * product's entries, a named overseer who passed the AI-literacy units, every obligation met
 * with evidence, staff council and consultation recorded, entry activated, feature switched on.
 */
export async function activateChatbot(base: string, admin: { username: string; password: string }, overseer: { username: string; password: string }): Promise<void> {
  const api = apiClient(base);
  const token = await api.login(admin.username, admin.password);
  const must = (r: { status: number; body: unknown }, what: string, ok = [200, 201]) => {
    if (!ok.includes(r.status)) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  must(
    await api.call('POST', '/api/governance/register/product-systems', token, {
      organization: 'Stadt Musterstadt',
      area: 'Bürgerservice',
      contactEmail: 'ki@musterstadt.example',
      benefitsDepartment: 'Amt für Soziales und Wohnen',
      youthDepartment: 'Jugendamt',
      serviceDepartment: 'Bürgerservice',
      reviewDue: day(365),
    }),
    'Produktsysteme',
  );
  const users = must(await api.call('GET', '/api/admin/users', token), 'Benutzer').items as { id: string; username: string; displayName: string }[];
  const lead = users.find((u) => u.username === overseer.username)!;
  const entry = async () => must(await api.call('GET', '/api/governance/register/buerger-chatbot', token), 'Eintrag');
  let e = (await entry()).entry;
  must(
    await api.call('PATCH', '/api/governance/register/buerger-chatbot', token, {
      version: e.version,
      content: { humanOversight: { ...e.humanOversight, overseers: [{ personId: lead.id, name: lead.displayName, role: 'Teamleitung', authority: 'Assistenten abschalten, Inhalte zurückziehen' }] } },
    }),
    'Aufsicht',
  );
  const leadToken = await api.login(overseer.username, overseer.password);
  for (const u of LEARNING_UNITS) {
    must(await api.call('POST', `/api/governance/literacy/units/${u.id}/attempts`, leadToken, { answers: Object.fromEntries(u.quiz.map((q) => [q.id, q.correct])) }), `Lerneinheit ${u.id}`);
  }
  for (const o of (await entry()).obligations.filter((x: { check?: string }) => !x.check)) {
    must(await api.call('POST', '/api/governance/register/buerger-chatbot/obligations', token, { obligationId: o.id, status: 'met', evidence: [{ title: `Nachweis ${o.id}`, ref: `dms:KI-${o.id}` }] }), `Pflicht ${o.id}`);
  }
  const bundleVersion = (await entry()).bundleVersion ?? 0;
  must(
    await api.call('PATCH', '/api/governance/register/buerger-chatbot/bundle', token, {
      version: bundleVersion,
      dpia: { title: 'DSFA Bürger-Assistent', ref: 'dms:DSFA-CHAT', completedAt: day(-20), summary: 'Keine Falldaten, keine Speicherung ohne Einwilligung; Risiko beherrscht.' },
    }),
    'DSFA',
  );
  must(
    await api.call('POST', '/api/governance/register/buerger-chatbot/staff-council', token, { informedAt: day(-40), vote: 'approved', votedAt: day(-10), conditions: [], serviceAgreementRef: 'DV-KI-2026' }),
    'Personalrat',
  );
  must(await api.call('PUT', '/api/governance/register/buerger-chatbot/consultation', token, { openedAt: day(-60), closesAt: day(-30), closedAt: day(-30), responsePublishedAt: day(-25) }), 'Beteiligung');
  e = (await entry()).entry;
  for (const to of ['consultation', 'approved', 'active']) {
    e = must(await api.call('POST', '/api/governance/register/buerger-chatbot/transition', token, { version: e.version, to }), `Status ${to}`);
  }
  must(await api.call('PUT', '/api/governance/features', token, { feature: 'chatbot', enabled: true }), 'Funktion Chatbot');
}
