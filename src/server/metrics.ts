import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from '../store/index.ts';

/** Prometheus metrics: request latency per route, submissions, and cases by state. */
export function registerMetrics(app: FastifyInstance, db: Db): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'amtsklar_http_request_duration_seconds',
    help: 'Dauer der HTTP-Anfragen',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'amtsklar_cases',
    help: 'Fälle je Status und Regelwerk',
    labelNames: ['state', 'pack'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db.query<{ state: string; pack_id: string; n: number }>('SELECT state, pack_id, count(*)::int AS n FROM cases GROUP BY state, pack_id');
      for (const r of rows) this.set({ state: r.state, pack: r.pack_id }, Number(r.n));
    },
  });
  const submissions = new Counter({ name: 'amtsklar_submissions_total', help: 'Eingegangene Anträge', labelNames: ['pack'], registers: [registry] });
  app.decorate('submissions', submissions);
  app.addHook('onResponse', async (req, reply) => {
    duration.observe({ method: req.method, route: req.routeOptions.url ?? 'unbekannt', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  return registry;
}

declare module 'fastify' {
  interface FastifyInstance {
    submissions: Counter<'pack'>;
  }
}
