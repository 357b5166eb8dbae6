import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AmtsklarError } from '../common/index.ts';
import type { Actor, Role } from '../cases/index.ts';
import { resolveSession, SESSION_COOKIE } from '../auth/index.ts';
import type { Db } from '../store/index.ts';

/**
 * Every route declares who may call it (`config.access`). `public` needs no login;
 * otherwise the caller's role must be listed. The access matrix test reads these
 * declarations from the route table, so no route can be forgotten.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface RouteEntry {
  method: string;
  url: string;
  access: Access;
  schema: { body?: unknown; querystring?: unknown; params?: unknown } | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every API route with its access rule (read by the access-matrix test and docs). */
    routeTable: RouteEntry[];
  }
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
    viaCookie: boolean;
    csrfToken: string | null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerAccess(app: FastifyInstance, db: Db): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('viaCookie', false);
  app.decorateRequest('csrfToken', null);
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (url.startsWith('/api/docs')) return;
    if (!route.config?.access && url.startsWith('/api/')) {
      throw new Error(`Route ${route.method} ${url} hat keine Zugriffsregel (config.access)`);
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      table.push({ method, url, access: route.config?.access ?? 'public', schema: route.schema as RouteEntry['schema'] });
    }
  });
  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    const access = req.routeOptions.config?.access ?? 'public';
    const header = req.headers.authorization;
    let token: string | undefined;
    if (header?.startsWith('Bearer ')) token = header.slice(7).trim();
    else if (req.cookies?.[SESSION_COOKIE]) {
      token = req.cookies[SESSION_COOKIE];
      req.viaCookie = true;
    }
    if (token && access !== 'public') {
      const s = await resolveSession(db, token);
      if (s) {
        req.actor = s.actor;
        req.csrfToken = s.csrfToken;
      }
    }
    if (access === 'public') return;
    if (!req.actor) throw new AmtsklarError('unauthenticated', 'Bitte melden Sie sich an.');
    // A cookie is sent by the browser on its own; a state change must also carry the token
    // only our own pages can read (synchroniser token against cross-site request forgery).
    if (req.viaCookie && UNSAFE.has(req.method) && req.headers['x-csrf-token'] !== req.csrfToken) {
      throw new AmtsklarError('forbidden', 'Sicherheitsprüfung fehlgeschlagen (CSRF-Token fehlt oder ist falsch). Bitte laden Sie die Seite neu.');
    }
    if (access === 'authenticated') return;
    if (!access.includes(req.actor.role as Role)) throw new AmtsklarError('forbidden', 'Ihre Rolle hat keinen Zugriff auf diese Funktion.');
  });
}

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AmtsklarError('unauthenticated', 'Bitte melden Sie sich an.');
  return req.actor;
}

