/**
 * Ledger: batched appends on PostgreSQL (peer: inserting the same leaf bytes into a plain
 * table, no tree), proof generation at 10^6 entries (from PostgreSQL and from memory), and
 * the full re-check of a 10^6-entry log (peer: only reading the leaves back).
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import type { BenchReport } from './run.ts';
import { appendLeaves, commit, consistencyProof, encodeEntry, inclusionProof, MemoryLedgerStorage, newSalt, generateKey, type LedgerEntry } from '../src/ledger/index.ts';
import { Ledger, migrate, openPostgres, type Db } from '../src/store/index.ts';

const SERVER = process.env.AMTSKLAR_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const N = Number(process.env.AMTSKLAR_BENCH_LEDGER_N ?? 1_000_000);
const BATCH = 2000;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }).replace(/,/g, ' ');

const salt = newSalt();
function entry(i: number): LedgerEntry {
  return {
    v: 1,
    type: 'decision',
    at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    municipality: 'musterstadt',
    case: commit(salt, { caseId: i }),
    packId: 'wohngeld',
    packRelease: '2025.1',
    packHash: `sha256:${'a'.repeat(64)}`,
    inputHash: `sha256:${i.toString(16).padStart(64, '0')}`,
    resultHash: `sha256:${(i * 7).toString(16).padStart(64, '0')}`,
    outcome: 'decided',
  };
}

async function database(): Promise<{ db: Db; drop(): Promise<void> }> {
  const name = `amtsklar_bench_${randomBytes(5).toString('hex')}`;
  const admin = await openPostgres(SERVER, 1);
  await admin.exec(`CREATE DATABASE ${name}`);
  const db = await openPostgres(SERVER.replace(/\/postgres$/, `/${name}`), 4);
  return {
    db,
    async drop() {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

function stats(samples: number[]): { mean: number; p50: number; p99: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { mean: s.reduce((a, b) => a + b, 0) / s.length, p50: s[Math.floor(s.length * 0.5)]!, p99: s[Math.floor(s.length * 0.99)]! };
}

async function timeProofs(reader: Parameters<typeof inclusionProof>[0], size: number, n: number) {
  const inc: number[] = [];
  const con: number[] = [];
  for (let k = 0; k < n; k++) {
    const index = Math.floor(Math.random() * size);
    let t = performance.now();
    await inclusionProof(reader, index, size);
    inc.push(performance.now() - t);
    const m = 1 + Math.floor(Math.random() * (size - 1));
    t = performance.now();
    await consistencyProof(reader, m, size);
    con.push(performance.now() - t);
  }
  return { inc: stats(inc), con: stats(con) };
}

export default async function bench(): Promise<BenchReport> {
  const lines: string[] = [];
  const loadBefore = loadavg()[0]!;
  const { db, drop } = await database();
  try {
    await migrate(db);
    await db.exec('CREATE TABLE bench_plain (idx bigint PRIMARY KEY, data bytea NOT NULL)');
    const ledger = new Ledger(db, { signerKey: generateKey('bench.example/ledger').signerKey });

    // Appends: the first 100 000 entries, timed against the plain insert of the same bytes.
    const timed = Math.min(N, 100_000);
    let ledgerMs = 0;
    let plainMs = 0;
    for (let start = 0; start < N; start += BATCH) {
      const items = Array.from({ length: Math.min(BATCH, N - start) }, (_, k) => ({ entry: entry(start + k), meta: { entryType: 'decision', caseId: null, covers: null } }));
      let t = performance.now();
      await ledger.append(items);
      if (start < timed) ledgerMs += performance.now() - t;
      if (start < timed) {
        const bytes = items.map((x) => Buffer.from(encodeEntry(x.entry)).toString('hex'));
        t = performance.now();
        await db.query(`INSERT INTO bench_plain (idx, data) SELECT i, decode(d, 'hex') FROM unnest($1::bigint[], $2::text[]) AS u(i, d)`, [items.map((_, k) => start + k), bytes]);
        plainMs += performance.now() - t;
      }
    }
    const perSec = (timed / ledgerMs) * 1000;
    const plainPerSec = (timed / plainMs) * 1000;
    lines.push(
      `### Appends on PostgreSQL (batches of ${fmt(BATCH)}, ${fmt(timed)} entries timed)`,
      '',
      '| | entries/s | ratio |',
      '|---|---:|---:|',
      `| ledger append (validate, canonical JSON, leaf + subtree hashes, one transaction per batch) | ${fmt(perSec)} | ${fmt(plainPerSec / perSec, 2)}× slower |`,
      `| peer: plain INSERT of the same bytes, no tree | ${fmt(plainPerSec)} | 1 |`,
      '',
      `Target ≥ 20 000/s: ${perSec >= 20_000 ? 'met' : 'NOT met'}.`,
      '',
    );

    await ledger.publishCheckpoint();
    const size = await ledger.storage.treeSize();
    const pg = await timeProofs(ledger.storage, size, 1000);
    // The in-memory log (a gigabyte at 10^6) is dropped before the re-check is timed: its heap
    // would be marked by every garbage collection of the re-check.
    const inMem = await (async () => {
      const mem = new MemoryLedgerStorage();
      for (let start = 0; start < size; start += 50_000) {
        await appendLeaves(mem, Array.from({ length: Math.min(50_000, size - start) }, (_, k) => encodeEntry(entry(start + k))));
      }
      return timeProofs(mem, size, 5000);
    })();
    lines.push(
      `### Proof generation at ${fmt(size)} entries (1 000 / 5 000 random proofs)`,
      '',
      '| | inclusion mean | p50 | p99 | consistency mean | p50 | p99 |',
      '|---|---:|---:|---:|---:|---:|---:|',
      `| PostgreSQL (one indexed read of the subtree hashes) | ${fmt(pg.inc.mean, 3)} ms | ${fmt(pg.inc.p50, 3)} ms | ${fmt(pg.inc.p99, 3)} ms | ${fmt(pg.con.mean, 3)} ms | ${fmt(pg.con.p50, 3)} ms | ${fmt(pg.con.p99, 3)} ms |`,
      `| in memory (same algorithm, same port) | ${fmt(inMem.inc.mean, 3)} ms | ${fmt(inMem.inc.p50, 3)} ms | ${fmt(inMem.inc.p99, 3)} ms | ${fmt(inMem.con.mean, 3)} ms | ${fmt(inMem.con.p50, 3)} ms | ${fmt(inMem.con.p99, 3)} ms |`,
      '',
      `Target < 1 ms: ${pg.inc.mean < 1 && pg.con.mean < 1 ? 'met on PostgreSQL' : 'NOT met on PostgreSQL'}; ${inMem.inc.mean < 1 && inMem.con.mean < 1 ? 'met' : 'NOT met'} in memory.`,
      '',
    );

    // A log at rest has been vacuumed (autovacuum would otherwise start on the fresh million
    // rows during the timing); verify and peer read the same settled tables.
    await db.exec('VACUUM ANALYZE ledger_leaves, ledger_nodes');
    let t = performance.now();
    const findings = await ledger.verify();
    const verifyMs = performance.now() - t;
    t = performance.now();
    for (let start = 0; start < size; start += 20_000) await ledger.storage.readLeaves(start, Math.min(size, start + 20_000));
    const readMs = performance.now() - t;
    lines.push(
      `### Full re-check of ${fmt(size)} entries on PostgreSQL`,
      '',
      '| | time | ratio |',
      '|---|---:|---:|',
      `| \`ledger verify\` (every leaf decoded and rehashed, every subtree compared, checkpoint roots, coverage) | ${fmt(verifyMs / 1000, 2)} s | ${fmt(verifyMs / readMs, 2)}× |`,
      `| peer: only reading the leaves back | ${fmt(readMs / 1000, 2)} s | 1 |`,
      '',
      `Findings: ${findings.length}. Target < 10 s: ${verifyMs < 10_000 ? 'met' : 'NOT met'}.`,
      '',
      // Absolute numbers depend on what else the machine runs; the ratios to the peers less so.
      `Load average (1 min) at start ${fmt(loadBefore, 1)}, at end ${fmt(loadavg()[0]!, 1)}, on ${fmt(2)} cores.`,
    );
  } finally {
    await drop();
  }
  return { title: 'Ledger (RFC 9162 log on PostgreSQL)', lines };
}
