import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { sha256Hex } from '../common/index.ts';
import { serverSecret } from '../store/index.ts';
import { registerAccess } from './access.ts';
import { documentedAnswers, documentedOperation } from './openapi-operation.ts';
import type { ServerContext } from './context.ts';
import { body, pathTooLong, registerErrorHandling } from './errors.ts';
import { lowerCaseUuidParams, refuseUnstorableText } from './text-hygiene.ts';
import { registerMetrics } from './metrics.ts';
import { adminPlugin } from './plugins/admin.ts';
import { assistantPlugin } from './plugins/assistant.ts';
import { governanceStore } from './plugins/governance-context.ts';
import { applicationsPlugin } from './plugins/applications.ts';
import { authPlugin } from './plugins/auth.ts';
import { casesPlugin } from './plugins/cases.ts';
import { draftingPlugin } from './plugins/drafting.ts';
import { ledgerPlugin } from './plugins/ledger.ts';
import { citizenPlugin } from './plugins/citizen.ts';
import { governancePlugin } from './plugins/governance.ts';
import { governanceLiteracyPlugin } from './plugins/governance-literacy.ts';
import { transparencyPlugin } from './plugins/transparency.ts';
import { opsPlugin } from './plugins/ops.ts';
import { recalcPlugin } from './plugins/recalc.ts';
import { participationPlugin } from './plugins/participation.ts';
import { publicPacksPlugin } from './plugins/public-packs.ts';
import { decisionViewsPlugin } from './plugins/decision-views.ts';
import { webPlugin } from './plugins/web.ts';
import { securityHeaders } from './security-headers.ts';

/** Log redaction: no personal data, tokens or passwords in any log line. */
export const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.accessCode',
  '*.token',
  '*.applicant',
  '*.antrag',
  '*.application',
  // a database error carries the statement's parameters: password hashes, access-code hashes, texts
  'err.params',
  '*.params',
  'err.parameters',
];

export interface BuildOptions {
  /** pino logger options; false for none (tests). */
  logger?: boolean | object;
}

export async function buildServer(ctx: ServerContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: ctx.config.logLevel,
            redact: { paths: REDACT, censor: '[entfernt]' },
            serializers: {
              // Login links carry a token in the path.
              req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: req.url.replace(/\/api\/auth\/link\/[^/?]+/, '/api/auth/link/[entfernt]'), remoteAddress: req.ip }),
            },
            ...(typeof opts.logger === 'object' ? opts.logger : {}),
          },
    bodyLimit: ctx.config.bodyLimit,
    trustProxy: false,
    // errors of the router itself (a path parameter over 100 characters, a malformed URL) get
    // the same German error body as every other error
    frameworkErrors: (err, _req, res) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const reply = res as unknown as FastifyReply;
      void reply
        .status(tooLong ? 414 : 400)
        .send(tooLong ? pathTooLong() : body('invalid_input', 'Die Adresse ist ungültig kodiert.', [{ path: 'Pfadparameter', message: 'ungültig kodiert' }]));
    },
  });
  // Bodies are JSON and must have the right types ("5" is not a number); query, path and
  // header values are always text and are converted to the declared type.
  const bodyAjv = makeAjv(false);
  const textAjv = makeAjv('array');
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(boundIntegers(schema)));
  registerErrorHandling(app);
  app.addHook('preValidation', async (req) => {
    lowerCaseUuidParams(req.params);
    refuseUnstorableText(req);
  });
  // API answers carry case data and personal data: no browser or proxy keeps a copy (a shared office
  // computer's back button, a caching proxy); a route that may be cached says so itself
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  const cookieSecret = await serverSecret(ctx.db, 'cookie', () => randomBytes(32).toString('base64url'));
  await app.register(cookie, { secret: cookieSecret });
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'style-src': ["'self'", "'unsafe-inline'"],
        'script-src': ["'self'"],
        // Only behind HTTPS: on plain http://localhost an upgrade would break every request.
        'upgrade-insecure-requests': ctx.config.secureCookies ? [] : null,
      },
    },
    hsts: ctx.config.secureCookies,
  });
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(rateLimit, {
    global: true,
    max: ctx.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (req) => {
      const auth = req.headers.authorization;
      return auth?.startsWith('Bearer ') ? `t:${sha256Hex(auth.slice(7))}` : `ip:${req.ip}`;
    },
    errorResponseBuilder: (_req, ctxLimit) => ({
      statusCode: 429,
      error: { code: 'rate_limited', message: `Zu viele Anfragen. Bitte warten Sie ${Math.ceil(ctxLimit.ttl / 1000)} Sekunden und versuchen Sie es dann erneut.`, problems: [] },
    }),
  });
  await app.register(multipart, { limits: { fileSize: ctx.config.maxDocumentBytes, files: 1, fields: 5, parts: 6 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Amtsklar',
        version: '0.1.0',
        description:
          'Programmierschnittstelle von Amtsklar: Anträge, Fallbearbeitung mit menschlicher Aufsicht, Neuberechnung, Verwaltung, Datenschutz und Prüfung. Fehler antworten auf Deutsch mit `error.code`, `error.message` und `error.problems[]` (JSON-Pfad und Meldung).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Token aus /api/auth/login oder /api/auth/citizen' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'amtsklar_sid', description: 'Sitzungscookie; ändernde Anfragen brauchen zusätzlich den Kopf X-CSRF-Token' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    // Each operation says who may call it (the rule the server enforces) and which answers it gives.
    transform: ({ schema, url, route }) => ({ schema: documentedOperation(schema, route.config) ?? schema, url }),
    transformObject: (doc) => documentedAnswers(('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject) as Parameters<typeof documentedAnswers>[0]) as never,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list' } });
  registerAccess(app, ctx.db);
  const registry = registerMetrics(app, ctx.db);
  await app.register(opsPlugin, { ctx, registry });
  await app.register(authPlugin, { ctx });
  await app.register(applicationsPlugin, { ctx });
  await app.register(citizenPlugin, { ctx });
  await app.register(casesPlugin, { ctx });
  await app.register(draftingPlugin, { ctx });
  await app.register(ledgerPlugin, { ctx, ledger: ctx.ledger });
  await app.register(recalcPlugin, { ctx });
  await app.register(adminPlugin, { ctx });
  await app.register(governancePlugin, { ctx });
  await app.register(governanceLiteracyPlugin, { ctx });
  await app.register(transparencyPlugin, { ctx });
  await app.register((await import('./plugins/fairness.ts')).fairnessPlugin, { ctx });
  await app.register(assistantPlugin, { ctx, gate: (m) => governanceStore(ctx).gate(m, { feature: 'chatbot' }) });
  await app.register(publicPacksPlugin, { ctx });
  await app.register(decisionViewsPlugin, { ctx });
  await app.register(webPlugin, { ctx });
  await app.register(participationPlugin, { ctx });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  return app;
}

/** PostgreSQL's `integer` ends at 2^31 − 1. */
const INT4_MAX = 2_147_483_647;

/**
 * Every integer of a request without an upper bound gets PostgreSQL's: a page number of 1e20
 * or a version of 1e308 is a valid JSON integer, and reached the database as text it cannot
 * read. Changed in place, so the OpenAPI document shows the bound too.
 */
function boundIntegers<T>(schema: T, seen = new Set<object>()): T {
  if (schema === null || typeof schema !== 'object' || seen.has(schema)) return schema;
  seen.add(schema);
  const s = schema as Record<string, unknown>;
  if (s.type === 'integer' && s.maximum === undefined && s.exclusiveMaximum === undefined) s.maximum = INT4_MAX;
  for (const v of Object.values(s)) boundIntegers(v, seen);
  return schema;
}

function makeAjv(coerceTypes: false | 'array'): Ajv {
  const ajv = new Ajv({ removeAdditional: false, allErrors: true, coerceTypes, useDefaults: true, strict: false });
  addFormats(ajv);
  // A well-formed date may still be one PostgreSQL refuses (year 0000: a 500) or no office
  // means (year 0099): every date the API takes lies in 1900–2199.
  ajv.addFormat('date', { type: 'string', validate: plausibleDate });
  return ajv;
}

/** An ISO calendar date (JJJJ-MM-TT) that exists, in the years 1900–2199. */
export function plausibleDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2199 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}
