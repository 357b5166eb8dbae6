import type { FastifyInstance, FastifyReply } from 'fastify';
import { AmtsklarError, sha256Hex } from '../../common/index.ts';
import { ROLE_LABELS } from '../../cases/index.ts';
import { openSession, SESSION_COOKIE, verifyPassword, type OidcFlow } from '../../auth/index.ts';
import { citizenByAccessCode, consumeLoginLink, deleteSession, findUserByName, findUserByOidc, updateUser, type Sql } from '../../store/index.ts';
import type { ServerContext } from '../context.ts';
import { actorOf } from '../access.ts';

const OIDC_COOKIE = 'amtsklar_oidc';

/** Staff login (password or OIDC), citizen login (access code or link), logout, who am I. */
/** A new session, as the OpenAPI document states it (the routes send it without a response schema). */
const SESSION = {
  type: 'object',
  required: ['token', 'csrfToken', 'expiresAt'],
  additionalProperties: false,
  properties: {
    token: { type: 'string', description: 'Für den Kopf „Authorization: Bearer …“ (im Browser setzt die Anmeldung zusätzlich das Sitzungscookie)' },
    csrfToken: { type: 'string', description: 'Für den Kopf „X-CSRF-Token“ bei ändernden Anfragen mit dem Sitzungscookie' },
    expiresAt: { type: 'string', format: 'date-time' },
  },
} as const;

const STAFF_SESSION = {
  ...SESSION,
  required: [...SESSION.required, 'user'],
  properties: {
    ...SESSION.properties,
    user: {
      type: 'object',
      required: ['id', 'name', 'role'],
      additionalProperties: false,
      properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, roleLabel: { type: 'string' }, teamId: { type: ['string', 'null'] } },
    },
  },
} as const;

export async function authPlugin(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const { ctx } = opts;
  const { db, config } = ctx;

  const setCookie = (reply: FastifyReply, token: string, expiresAt: Date) =>
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: config.secureCookies, expires: expiresAt });

  const loginLimit = { rateLimit: { max: config.loginPerMinute, timeWindow: '1 minute' } };

  app.post(
    '/api/auth/login',
    {
      config: { answers: [200, 401], access: 'public', ...loginLimit, documentedResponses: { 200: STAFF_SESSION } },
      schema: {
        tags: ['Anmeldung'],
        summary: 'Anmeldung für Beschäftigte mit Benutzername und Passwort',
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: { username: { type: 'string', minLength: 1, maxLength: 100 }, password: { type: 'string', minLength: 1, maxLength: 256 }, municipality: { type: 'string', maxLength: 100 } },
        },
      },
    },
    async (req, reply) => {
      const b = req.body as { username: string; password: string; municipality?: string };
      const municipalityId = b.municipality ?? config.defaultMunicipality;
      const user = await findUserByName(db, municipalityId, b.username);
      const ok = await verifyPassword(b.password, user?.passwordHash ?? null);
      if (!user || !ok || !user.active) throw new AmtsklarError('unauthenticated', 'Benutzername oder Passwort ist falsch.');
      const s = await openSession(db, { municipalityId, userId: user.id });
      setCookie(reply, s.token, s.expiresAt);
      return { token: s.token, csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString(), user: { id: user.id, name: user.displayName, role: user.role, roleLabel: ROLE_LABELS[user.role], teamId: user.teamId } };
    },
  );

  app.post(
    '/api/auth/citizen',
    {
      config: { answers: [200, 401], access: 'public', ...loginLimit, documentedResponses: { 200: SESSION } },
      schema: {
        tags: ['Anmeldung'],
        summary: 'Anmeldung für Bürgerinnen und Bürger mit Aktenzeichen und Zugangscode',
        body: {
          type: 'object',
          required: ['aktenzeichen', 'accessCode'],
          additionalProperties: false,
          properties: { aktenzeichen: { type: 'string', maxLength: 40 }, accessCode: { type: 'string', maxLength: 40 }, municipality: { type: 'string', maxLength: 100 } },
        },
      },
    },
    async (req, reply) => {
      const b = req.body as { aktenzeichen: string; accessCode: string; municipality?: string };
      const municipalityId = b.municipality ?? config.defaultMunicipality;
      const citizenId = await citizenByAccessCode(db, municipalityId, b.aktenzeichen.trim(), sha256Hex(b.accessCode.trim().toUpperCase()));
      if (!citizenId) throw new AmtsklarError('unauthenticated', 'Aktenzeichen oder Zugangscode ist falsch.');
      const s = await openSession(db, { municipalityId, citizenId });
      setCookie(reply, s.token, s.expiresAt);
      return { token: s.token, csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() };
    },
  );

  app.get(
    '/api/auth/link/:token',
    {
      config: { answers: [200, 401], access: 'public', ...loginLimit, documentedResponses: { 200: SESSION } },
      schema: {
        tags: ['Anmeldung'],
        summary: 'Anmeldelink (einmal verwendbar) für Bürgerinnen und Bürger',
        params: { type: 'object', required: ['token'], additionalProperties: false, properties: { token: { type: 'string', pattern: '^[A-Za-z0-9_-]{20,100}$' } } },
      },
    },
    async (req, reply) => {
      const { token } = req.params as { token: string };
      const link = await consumeLoginLink(db, sha256Hex(token));
      if (!link) throw new AmtsklarError('unauthenticated', 'Der Anmeldelink ist ungültig, abgelaufen oder wurde schon verwendet. Bitte melden Sie sich mit Aktenzeichen und Zugangscode an.');
      const s = await openSession(db, { municipalityId: link.municipalityId, citizenId: link.citizenId });
      setCookie(reply, s.token, s.expiresAt);
      return { token: s.token, csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() };
    },
  );

  app.post('/api/auth/logout', { config: { access: 'authenticated' }, schema: { tags: ['Anmeldung'], summary: 'Abmelden' } }, async (req, reply) => {
    const token = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7).trim() : req.cookies[SESSION_COOKIE];
    if (token) await deleteSession(db, sha256Hex(token));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { status: 'abgemeldet' };
  });

  app.get('/api/auth/me', { config: { access: 'authenticated' }, schema: { tags: ['Anmeldung'], summary: 'Wer bin ich? (mit CSRF-Token für den Browser)' } }, async (req) => {
    const a = actorOf(req);
    const teamId = a.kind === 'user' ? a.teamId : null;
    // the team's name for people; its id is a key
    const [team] = teamId ? await db.query<{ name: string }>('SELECT name FROM teams WHERE municipality_id = $1 AND id = $2', [a.municipalityId, teamId]) : [];
    return { id: a.id, name: a.name, role: a.role, roleLabel: a.role === 'system' ? 'System' : ROLE_LABELS[a.role], municipalityId: a.municipalityId, teamId, teamName: team?.name ?? null, csrfToken: req.csrfToken };
  });

  const oidc = ctx.oidc;
  app.get('/api/auth/oidc/start', { config: { answers: [302], access: 'public', ...loginLimit }, schema: { tags: ['Anmeldung'], summary: 'Anmeldung für Beschäftigte über OpenID Connect starten' } }, async (_req, reply) => {
    if (!oidc) throw new AmtsklarError('not_found', 'Anmeldung über OpenID Connect ist nicht eingerichtet.');
    const { url, flow } = await oidc.start();
    reply.setCookie(OIDC_COOKIE, Buffer.from(JSON.stringify(flow)).toString('base64url'), { path: '/api/auth/oidc', httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: 600, signed: true });
    return reply.redirect(url, 302);
  });

  app.get(
    '/api/auth/oidc/callback',
    { config: { answers: [200, 401], access: 'public', ...loginLimit, documentedResponses: { 200: STAFF_SESSION } }, schema: { tags: ['Anmeldung'], summary: 'Rückkehr vom OpenID-Connect-Anbieter', querystring: { type: 'object', additionalProperties: true, properties: {} } } },
    async (req, reply) => {
      if (!oidc) throw new AmtsklarError('not_found', 'Anmeldung über OpenID Connect ist nicht eingerichtet.');
      const raw = req.cookies[OIDC_COOKIE];
      const unsigned = raw ? req.unsignCookie(raw) : null;
      if (!unsigned?.valid || !unsigned.value) throw new AmtsklarError('unauthenticated', 'Die Anmeldung ist abgelaufen. Bitte erneut starten.');
      const flow = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as OidcFlow;
      reply.clearCookie(OIDC_COOKIE, { path: '/api/auth/oidc' });
      let identity: { subject: string; username: string | null };
      try {
        identity = await oidc.finish(new URL(req.url, config.publicUrl), flow);
      } catch {
        throw new AmtsklarError('unauthenticated', 'Die Anmeldung beim Identitätsanbieter ist fehlgeschlagen.');
      }
      const user = await linkOidcUser(db, config.defaultMunicipality, oidc.issuer, identity);
      if (!user) throw new AmtsklarError('forbidden', 'Für diese Person gibt es kein Benutzerkonto in Amtsklar. Bitte wenden Sie sich an die Administration.');
      const s = await openSession(db, { municipalityId: user.municipalityId, userId: user.id });
      setCookie(reply, s.token, s.expiresAt);
      return { token: s.token, csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString(), user: { id: user.id, name: user.displayName, role: user.role } };
    },
  );
}

/** Known by (issuer, subject); on the first login a pre-created user with the same name is bound to it. */
async function linkOidcUser(db: Sql, municipalityId: string, issuer: string, id: { subject: string; username: string | null }) {
  const known = await findUserByOidc(db, issuer, id.subject);
  if (known) return known.active ? known : null;
  if (!id.username) return null;
  const u = await findUserByName(db, municipalityId, id.username);
  if (!u || !u.active || u.oidcSubject) return null;
  u.oidcIssuer = issuer;
  u.oidcSubject = id.subject;
  await updateUser(db, u);
  return u;
}
