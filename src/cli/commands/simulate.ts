/**
 * `amtsklar simulate PACK --input IN.jsonl --output OUT.jsonl`: one application per line in,
 * one decision (without trace) per line out, same order. Worker threads over all cores;
 * chunks travel as text, results are written back in sequence. Progress and a summary with
 * throughput go to standard error.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import type { Command } from 'commander';
import { AmtsklarError } from '../../common/index.ts';
import { resolvePack } from '../../pack-files/index.ts';
import type { ChunkResult, ChunkTask } from './simulate-worker.ts';

const CHUNK_LINES = 500;

export function register(program: Command): void {
  program
    .command('simulate')
    .description('Entscheidet viele Anträge (JSON Lines) parallel auf allen Kernen')
    .argument('<pack>', 'Regelwerk')
    .requiredOption('--input <file>', 'Anträge, einer je Zeile (JSON Lines; „-“ = Standardeingabe)')
    .requiredOption('--output <file>', 'Entscheidungen, eine je Zeile („-“ = Standardausgabe)')
    .option('--workers <n>', 'Anzahl Threads (Standard: alle Kerne)', String(os.availableParallelism()))
    .option('--quiet', 'keinen Fortschritt ausgeben')
    .action(async (packRef: string, opts: { input: string; output: string; workers: string; quiet?: boolean }) => {
      const summary = await simulate(packRef, opts.input, opts.output, Number(opts.workers), !opts.quiet);
      process.stderr.write(`${summary.text}\n`);
    });
}

export interface SimulationSummary {
  total: number;
  invalid: number;
  outcomes: Record<string, number>;
  seconds: number;
  perSecond: number;
  text: string;
}

export async function simulate(packRef: string, input: string, output: string, workerCount: number, progress: boolean): Promise<SimulationSummary> {
  const pack = resolvePack(packRef);
  if (!Number.isInteger(workerCount) || workerCount < 1) throw new AmtsklarError('invalid_input', '--workers muss eine positive ganze Zahl sein', [{ path: '--workers', message: 'ungültig' }]);
  const inputStream = input === '-' ? process.stdin : createReadStream(input);
  await new Promise<void>((resolveOpen, reject) => {
    if (input === '-') return resolveOpen();
    inputStream.once('open', () => resolveOpen());
    inputStream.once('error', (e: NodeJS.ErrnoException) =>
      reject(new AmtsklarError('invalid_input', `Eingabedatei ${input}: ${e.code === 'ENOENT' ? 'Datei nicht gefunden' : e.message}`, [{ path: input, message: 'nicht lesbar' }])),
    );
  });
  const out: NodeJS.WritableStream = output === '-' ? process.stdout : createWriteStream(output);
  const started = performance.now();
  const workers = Array.from({ length: workerCount }, () => new Worker(new URL('./simulate-worker-boot.mjs', import.meta.url), { workerData: { pack: pack.id, packRef } }));
  const outcomes: Record<string, number> = {};
  let total = 0;
  let invalid = 0;
  let nextToWrite = 0;
  const done = new Map<number, ChunkResult>();
  const inFlight = new Map<Worker, number>(workers.map((w) => [w, 0]));
  let resolveDrain: (() => void) | null = null;
  let failure: Error | null = null;

  const writeReady = async () => {
    while (done.has(nextToWrite)) {
      const r = done.get(nextToWrite)!;
      done.delete(nextToWrite);
      nextToWrite++;
      total += r.count;
      invalid += r.invalid;
      for (const [k, v] of Object.entries(r.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
      if (r.text.length > 0 && !out.write(r.text)) await new Promise<void>((res) => out.once('drain', () => res()));
    }
  };
  for (const w of workers) {
    w.on('message', (r: ChunkResult) => {
      inFlight.set(w, inFlight.get(w)! - 1);
      done.set(r.seq, r);
      resolveDrain?.();
    });
    w.on('error', (e) => {
      failure = e;
      resolveDrain?.();
    });
  }
  const waitForSlot = async () => {
    for (;;) {
      if (failure) throw failure;
      await writeReady();
      const free = [...inFlight].find(([, n]) => n < 2);
      if (free && done.size < workerCount * 4) return free[0];
      await new Promise<void>((res) => (resolveDrain = res));
      resolveDrain = null;
    }
  };

  let lastReport = started;
  const report = (final = false) => {
    const now = performance.now();
    if (!progress || (!final && now - lastReport < 1000)) return;
    lastReport = now;
    const rate = total / ((now - started) / 1000);
    process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}simuliert: ${total.toLocaleString('de-DE')} Anträge (${Math.round(rate).toLocaleString('de-DE')}/s)${process.stderr.isTTY && !final ? '' : '\n'}`);
  };

  let seq = 0;
  let lineNo = 0;
  let lines: string[] = [];
  let firstLine = 1;
  const send = async () => {
    if (lines.length === 0) return;
    const w = await waitForSlot();
    const task: ChunkTask = { seq: seq++, firstLine, lines };
    inFlight.set(w, inFlight.get(w)! + 1);
    w.postMessage(task);
    lines = [];
    report();
  };
  const rl = createInterface({ input: inputStream, crlfDelay: Infinity });
  for await (const line of rl) {
    lineNo++;
    if (lines.length === 0) firstLine = lineNo;
    lines.push(line);
    if (lines.length >= CHUNK_LINES) await send();
  }
  await send();
  while (nextToWrite < seq) {
    if (failure) throw failure;
    await writeReady();
    if (nextToWrite < seq) {
      await new Promise<void>((res) => (resolveDrain = res));
      resolveDrain = null;
    }
  }
  await Promise.all(workers.map((w) => w.terminate()));
  if (out !== process.stdout) await new Promise<void>((res) => out.end(() => res()));
  const seconds = (performance.now() - started) / 1000;
  const perSecond = total / seconds;
  report(true);
  const parts = Object.entries(outcomes).map(([k, v]) => `${v.toLocaleString('de-DE')} ${k}`);
  const text = `Fertig: ${total.toLocaleString('de-DE')} Anträge in ${seconds.toFixed(1).replace('.', ',')} s (${Math.round(perSecond).toLocaleString('de-DE')}/s mit ${workerCount} Threads) – ${[...parts, `${invalid.toLocaleString('de-DE')} ungültig`].join(', ')}`;
  return { total, invalid, outcomes, seconds, perSecond, text };
}
