import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The security headers helmet sets for `options`, computed once at start. @fastify/helmet builds
 * helmet's middleware anew on every request (parsing each CSP directive again): about 20 µs of
 * every answer, for headers that never change while the server runs.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    finished = true;
  });
  // helmet's middleware is synchronous; if a later version were not, the headers would be incomplete
  if (!finished) throw new Error('helmet hat die Sicherheits-Kopfzeilen nicht sofort gesetzt');
  return headers;
}
