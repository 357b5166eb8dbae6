import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { startPage } from '../start-page.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** Where `npm run build:web` writes the web app. */
export const WEB_DIST = resolve(here, '..', '..', '..', 'web', 'dist');

/**
 * The pages' own policy: everything from this server, nothing from anywhere else — no CDN,
 * no external fonts, no inline scripts, no framing. Inline styles stay allowed because the
 * web components (KoliBri, Stencil) set their hydration styles at run time.
 */
export function webContentSecurityPolicy(secure: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self'",
    "manifest-src 'self'",
    ...(secure ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

function listFiles(root: string): Set<string> {
  const out = new Set<string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.add(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  return out;
}

/**
 * The web app (citizen portal, workbench, administration) from the same server as the API:
 * built files from web/dist, hashed assets cached for a year, every other path that is not
 * an API or operations route answered with index.html (the app routes in the browser).
 * Without a build, `/` shows a plain start page and says how to build the app.
 */
export async function webPlugin(app: FastifyInstance, opts: { ctx: ServerContext; root?: string }): Promise<void> {
  const { ctx } = opts;
  // AMTSKLAR_WEB_DIST serves a copy elsewhere (the browser tests serve a snapshot, so a rebuild of web/dist meanwhile cannot break them).
  const root = opts.root ?? process.env.AMTSKLAR_WEB_DIST ?? WEB_DIST;
  const csp = webContentSecurityPolicy(ctx.config.secureCookies);
  const built = existsSync(join(root, 'index.html'));

  if (!built) {
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
      reply.header('content-type', 'text/html; charset=utf-8');
      return startPage(ctx.cases.engine.packs().map((p) => ({ id: p.id, title: p.title, release: p.release })));
    });
    return;
  }

  const files = listFiles(root);
  const index = readFileSync(join(root, 'index.html'));
  await app.register(fastifyStatic, { root, serve: false });

  const sendIndex = (reply: FastifyReply) =>
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').header('content-security-policy', csp).header('x-frame-options', 'DENY').send(index);

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = (req.url.split('?')[0] ?? '/').replace(/\/+$/, '') || '/';
    let rel: string;
    try {
      rel = decodeURIComponent(path).replace(/^\/+/, '');
    } catch {
      return reply.callNotFound();
    }
    if (rel === 'api' || rel.startsWith('api/')) return reply.callNotFound();
    if (rel !== '' && rel !== 'index.html' && files.has(rel)) {
      // Vite names built assets by content hash: they never change under the same name.
      const immutable = rel.startsWith('assets/');
      return reply.header('content-security-policy', csp).sendFile(rel, { maxAge: immutable ? 365 * 24 * 3600 * 1000 : 3600 * 1000, immutable });
    }
    // A missing file is a 404, not the app: only page routes (no file extension) get index.html.
    if (/\.[A-Za-z0-9]{1,8}$/.test(rel)) return reply.callNotFound();
    return sendIndex(reply);
  };

  // Static files are not rate limited: one page load fetches many of them.
  app.get('/', { config: { access: 'public', rateLimit: false }, schema: { hide: true } }, handler);
  app.get('/*', { config: { access: 'public', rateLimit: false }, schema: { hide: true } }, handler);
}
