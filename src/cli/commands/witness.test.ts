import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendLeaves,
  consistencyProof,
  cosignatureVerifier,
  generateKey,
  MemoryLedgerStorage,
  noteSigner,
  noteVerifier,
  openCheckpoint,
  openWitnessReport,
  rootAt,
  SIG_COSIGNATURE_V1,
  signCheckpoint,
  toBase64,
} from '../../ledger/index.ts';

const ROOT = join(import.meta.dirname, '../../..');
const ORIGIN = 'musterstadt.example/amtsklar-ledger';
const logKey = generateKey(ORIGIN);
const witnessKey = generateKey('rpa.musterstadt.example/zeuge', SIG_COSIGNATURE_V1);
const bytes = (s: string) => new TextEncoder().encode(s);

/** What the test server serves: a log and the size of the checkpoint it shows. */
let serving: { log: MemoryLedgerStorage; size: number };
const reports: string[] = [];
let server: Server;
let base: string;
let dir: string;

async function makeLog(prefix: string, n: number, tail: string[] = []) {
  const s = new MemoryLedgerStorage();
  await appendLeaves(s, Array.from({ length: n }, (_, i) => bytes(`${prefix}${i}`)));
  if (tail.length) await appendLeaves(s, tail.map(bytes));
  return s;
}

function runWitness(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/amtsklar.js', 'witness', '--log', base, '--log-key', logKey.verifierKey, '--key', witnessKey.signerKey, '--state', join(dir, 'state.json'), '--once', '--report'],
      { cwd: ROOT, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 99) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'amtsklar-witness-'));
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/ledger/checkpoint') {
      const { log, size } = serving;
      res.setHeader('content-type', 'text/plain');
      res.end(signCheckpoint({ origin: ORIGIN, size, root: await rootAt(log, size), extensions: [] }, noteSigner(logKey.signerKey)));
    } else if (url.pathname === '/api/ledger/proof/consistency') {
      const proof = await consistencyProof(serving.log, Number(url.searchParams.get('from')), Number(url.searchParams.get('to')));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ proof: proof.map(toBase64) }));
    } else if (url.pathname === '/api/ledger/witness-reports' && req.method === 'POST') {
      let body = '';
      for await (const c of req) body += String(c);
      reports.push(body);
      res.statusCode = 201;
      res.end('{}');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/ledger`;
}, 300_000);

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('amtsklar witness (a separate process against a local log server)', () => {
  it('cosigns append-only growth, then detects a forked log and a rollback, exiting non-zero', async () => {
    const honest = await makeLog('e', 10);
    const forked = await makeLog('e', 9, ['gefälschter Eintrag']);

    serving = { log: honest, size: 6 };
    const first = await runWitness();
    expect(first.code, first.stderr).toBe(0);
    const cosigned = openCheckpoint(first.stdout, noteVerifier(logKey.verifierKey), [cosignatureVerifier(witnessKey.verifierKey)]);
    expect(cosigned.note.verifiedBy.map((v) => v.name)).toEqual([ORIGIN, 'rpa.musterstadt.example/zeuge']);

    serving = { log: honest, size: 10 };
    const grown = await runWitness();
    expect(grown.code, grown.stderr).toBe(0);
    expect(grown.stderr).toMatch(/Konsistent fortgesetzt: 6 → 10 Einträge/);

    // The fork: a checkpoint of the same size 10 with a different root.
    serving = { log: forked, size: 10 };
    const fork = await runWitness();
    expect(fork.code).toBe(1);
    expect(fork.stderr).toMatch(/ALARM: Geteilte Sicht \(Fork\) im Protokoll musterstadt\.example\/amtsklar-ledger: zwei signierte Prüfpunkte mit 10 Einträgen/);
    expect(fork.stdout).toBe('');

    // (A fork that grows with its own proof is covered by the state machine's unit test.)
    serving = { log: honest, size: 8 };
    const back = await runWitness();
    expect(back.code).toBe(1);
    expect(back.stderr).toMatch(/ALARM: Rücksprung/);

    // The state still holds the last good checkpoint.
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'))).toMatchObject({ origin: ORIGIN, size: 10, root: toBase64(await rootAt(honest, 10)) });
    // Every look was reported, signed by the witness.
    expect(reports.map((r) => openWitnessReport(r, [witnessKey.verifierKey]).status)).toEqual(['ok', 'ok', 'split_view', 'rollback']);
  }, 180_000);
});
