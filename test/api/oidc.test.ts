import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedEngine } from '../../src/server/index.ts';
import { startTestPlatform, type TestPlatform } from './helpers.ts';

/**
 * Staff single sign-on against a local OpenID Connect issuer (oidc-provider with its
 * development login screens): authorization code flow with PKCE, state and nonce. Roles stay
 * in Amtsklar's user table: a known user is bound to the issuer's subject on first login;
 * someone the municipality has no account for is refused.
 */
describe('OIDC login for staff (local test issuer)', () => {
  let issuer: Server;
  let t: TestPlatform;
  let issuerUrl = '';
  const redirectUri = 'http://localhost:3000/api/auth/oidc/callback';

  beforeAll(async () => {
    issuer = createServer();
    await new Promise<void>((r) => issuer.listen(0, '127.0.0.1', r));
    issuerUrl = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}`;
    const provider = new Provider(issuerUrl, {
      clients: [{ client_id: 'amtsklar', client_secret: 'test-secret-for-the-local-issuer', redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
      findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id, preferred_username: id }) }),
      claims: { openid: ['sub'], profile: ['preferred_username'] },
      features: { devInteractions: { enabled: true } },
    });
    issuer.on('request', provider.callback());
    t = await startTestPlatform('pglite', installedEngine(), {
      oidc: { issuer: issuerUrl, clientId: 'amtsklar', clientSecret: 'test-secret-for-the-local-issuer', redirectUri, allowHttp: true },
    });
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    issuer?.close();
  });

  /** Plays the browser: follows the issuer's redirects and submits its login and consent forms. */
  async function signIn(username: string): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const start = await t.platform.app!.inject({ method: 'GET', url: '/api/auth/oidc/start' });
    expect(start.statusCode).toBe(302);
    const ourCookie = String(start.headers['set-cookie']).split(';')[0]!;
    const jar = new Map<string, string>();
    const remember = (r: Response) => {
      for (const c of r.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair!.indexOf('=');
        jar.set(pair!.slice(0, i), pair!.slice(i + 1));
      }
    };
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let url = String(start.headers.location);
    expect(url.startsWith(issuerUrl)).toBe(true);
    expect(url).toContain('code_challenge_method=S256');
    for (let step = 0; step < 12; step++) {
      if (url.startsWith(redirectUri)) {
        const back = new URL(url);
        const r = await t.platform.app!.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: { cookie: ourCookie } });
        return { status: r.statusCode, body: r.json() };
      }
      const r = await fetch(url, { redirect: 'manual', headers: { cookie: cookie() } });
      remember(r);
      if (r.status >= 300 && r.status < 400) {
        url = new URL(r.headers.get('location')!, url).href;
        continue;
      }
      const html = await r.text();
      const action = /action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error(`unexpected page at ${url}: ${html.slice(0, 200)}`);
      const form: Record<string, string> = html.includes('name="login"') ? { prompt: 'login', login: username, password: 'egal' } : { prompt: 'consent' };
      const post = await fetch(new URL(action, url), { method: 'POST', redirect: 'manual', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
      remember(post);
      url = new URL(post.headers.get('location')!, url).href;
    }
    throw new Error('the login did not come back');
  }

  it('logs a known staff member in with the role from Amtsklar, and refuses unknown people', { timeout: 120_000 }, async () => {
    const ok = await signIn('teamleitung');
    expect(ok.status).toBe(200);
    expect(ok.body.user.role).toBe('team_lead');
    const me = await t.call('GET', '/api/auth/me', { token: ok.body.token });
    expect(me.body.name).toBe('Tanja Teamleiterin');
    // the team by its name, for people (its id is a key)
    expect(me.body).toMatchObject({ teamId: 'wohngeld', teamName: expect.stringMatching(/Wohngeld/) });
    const rows = await t.db.query<{ oidc_subject: string }>("SELECT oidc_subject FROM users WHERE username = 'teamleitung'");
    expect(rows[0]!.oidc_subject).toBe('teamleitung');
    // Second login: found by the subject.
    expect((await signIn('teamleitung')).body.user.role).toBe('team_lead');
    const unknown = await signIn('mallory');
    expect(unknown.status).toBe(403);
    expect(unknown.body.error.message).toContain('kein Benutzerkonto');
  });

  it('refuses a callback without the flow cookie (forged or replayed redirect)', async () => {
    const r = await t.call('GET', '/api/auth/oidc/callback?code=abc&state=xyz');
    expect(r.status).toBe(401);
  });
});
