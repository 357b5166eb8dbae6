import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { REDACT } from './app.ts';

/** The server's log redaction: no personal data, tokens, passwords or their hashes in a log line. */
describe('log redaction', () => {
  it('removes credentials, applications and the parameters of a failed database statement', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = Fastify({ logger: { level: 'info', redact: { paths: REDACT, censor: '[entfernt]' }, stream } });
    const secrets = ['scrypt$16384$8$1$geheimerhash', 'Erika Mustermann', 'Hauptstr. 1', 'AB12-CD34-EF56', 'Bearer tok123'];
    // what pg attaches to an error, and what a handler might log by mistake
    app.log.error({ err: { message: 'duplicate key', params: [secrets[0], 'WG-2026-000001'], parameters: [secrets[3]] } }, 'unhandled error');
    app.log.info({ req: { headers: { authorization: secrets[4], cookie: 'amtsklar_sid=x' } }, body: { applicant: { name: secrets[1], anschrift: secrets[2] }, accessCode: secrets[3] } }, 'request');
    app.log.warn({ query: { params: { password: secrets[0] } } }, 'nested');
    await app.close();
    const text = lines.join('');
    expect(lines.length).toBe(3);
    for (const s of secrets) expect(text).not.toContain(s);
    expect(text).toContain('[entfernt]');
  });
});
