import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { ServerContext } from '../context.ts';

/** Health (the process lives), readiness (database and queue answer), metrics. The start page is the web app (web.ts). */
export async function opsPlugin(app: FastifyInstance, opts: { ctx: ServerContext; registry: Registry }): Promise<void> {
  const { ctx, registry } = opts;
  app.get('/health', { config: { access: 'public' }, schema: { tags: ['Betrieb'], summary: 'Lebenszeichen des Prozesses' } }, async () => ({ status: 'ok' }));
  app.get('/ready', { config: { answers: [200, 503], access: 'public' }, schema: { tags: ['Betrieb'], summary: 'Bereit: Datenbank und Warteschlange erreichbar' } }, async (_req, reply) => {
    const checks: Record<string, string> = {};
    try {
      await ctx.db.query('SELECT 1 FROM schema_migrations LIMIT 1');
      checks.datenbank = 'ok';
    } catch {
      checks.datenbank = 'nicht erreichbar';
    }
    if (ctx.queue) {
      try {
        await ctx.queue.boss.getQueue('drafting');
        checks.warteschlange = 'ok';
      } catch {
        checks.warteschlange = 'nicht erreichbar';
      }
    }
    const ok = Object.values(checks).every((v) => v === 'ok');
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'bereit' : 'nicht bereit', checks });
  });
  app.get('/metrics', { config: { access: 'public' }, schema: { tags: ['Betrieb'], summary: 'Prometheus-Metriken', hide: false } }, async (_req, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
