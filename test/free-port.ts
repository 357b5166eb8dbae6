import { createServer } from 'node:net';

/**
 * A port nobody listens on, below Linux's ephemeral range (32768–60999): a port from that
 * range can be taken by any outgoing connection (to PostgreSQL, or a browser's connection to
 * another test file's server) between this check and the server binding it — the cause of an
 * EADDRINUSE in CI, first in the API tests, later in the browser tests.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
