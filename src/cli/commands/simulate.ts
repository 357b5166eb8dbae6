/**
 * `amtsklar simulate PACK --input IN.jsonl --output OUT.jsonl`: one application per line in,
 * one decision (without trace) per line out, same order. Worker threads over all cores.
 * The main thread only cuts the input into chunks of whole lines (bytes, handed over without
 * copying), counts lines and writes the workers' results back in sequence: on a machine with
 * as many workers as cores, every cycle it spends is a cycle the workers lack. Progress and a
 * summary with throughput go to standard error.
 */
import { createReadStream, createWriteStream, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type Command, Option } from 'commander';
import { AmtsklarError } from '../../common/index.ts';
import { resolvePack } from '../../pack-files/index.ts';
import type { ChunkResult, ChunkTask } from './simulate-worker.ts';

/** About a thousand applications per chunk: large enough that messaging costs nothing, small enough to keep both workers busy. */
const CHUNK_BYTES = 512 * 1024;

export function register(program: Command): void {
  program
    .command('simulate')
    .description('Entscheidet viele Anträge (JSON Lines) parallel auf allen Kernen')
    .argument('<pack>', 'Regelwerk')
    .requiredOption('--input <file>', 'Anträge, einer je Zeile (JSON Lines; „-“ = Standardeingabe)')
    .requiredOption('--output <file>', 'Entscheidungen, eine je Zeile („-“ = Standardausgabe)')
    .option('--workers <n>', 'Anzahl Threads (Standard: alle Kerne)', String(os.availableParallelism()))
    .option('--quiet', 'keinen Fortschritt ausgeben')
    // for tests: small chunks exercise the cutting at line ends with small inputs
    .addOption(new Option('--chunk-bytes <n>').default(String(CHUNK_BYTES)).hideHelp())
    .action(async (packRef: string, opts: { input: string; output: string; workers: string; quiet?: boolean; chunkBytes: string }) => {
      const summary = await simulate(packRef, opts.input, opts.output, Number(opts.workers), !opts.quiet, Number(opts.chunkBytes));
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

export async function simulate(packRef: string, input: string, output: string, workerCount: number, progress: boolean, chunkBytes = CHUNK_BYTES): Promise<SimulationSummary> {
  const pack = resolvePack(packRef);
  // each worker compiles the pack once: thousands of them exhaust the memory before the first line
  if (!Number.isInteger(workerCount) || workerCount < 1 || workerCount > MAX_WORKERS) {
    throw new AmtsklarError('invalid_input', `--workers muss eine ganze Zahl von 1 bis ${MAX_WORKERS} sein`, [{ path: '--workers', message: 'ungültig' }]);
  }
  if (input !== '-') {
    const st = statOrNull(input);
    if (st?.isDirectory()) throw new AmtsklarError('invalid_input', `Eingabedatei ${input}: ist ein Verzeichnis, keine Datei`, [{ path: '--input', message: 'Verzeichnis' }]);
    if (output !== '-' && st && sameFile(input, output)) {
      throw new AmtsklarError('invalid_input', `--output ${output} ist die Eingabedatei: sie würde beim Schreiben überschrieben, bevor sie gelesen ist`, [{ path: '--output', message: 'gleich --input' }]);
    }
  }
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new AmtsklarError('invalid_input', '--chunk-bytes muss eine positive ganze Zahl sein', [{ path: '--chunk-bytes', message: 'ungültig' }]);
  const inputStream = input === '-' ? process.stdin : createReadStream(input, { highWaterMark: chunkBytes });
  await new Promise<void>((resolveOpen, reject) => {
    if (input === '-') return resolveOpen();
    inputStream.once('open', () => resolveOpen());
    inputStream.once('error', (e: NodeJS.ErrnoException) =>
      reject(new AmtsklarError('invalid_input', `Eingabedatei ${input}: ${e.code === 'ENOENT' ? 'Datei nicht gefunden' : e.message}`, [{ path: input, message: 'nicht lesbar' }])),
    );
  });
  const out: NodeJS.WritableStream = output === '-' ? process.stdout : createWriteStream(output);
  if (output !== '-') {
    await new Promise<void>((resolveOpen, reject) => {
      out.once('open', () => resolveOpen());
      out.once('error', (e: NodeJS.ErrnoException) =>
        reject(new AmtsklarError('invalid_input', `Ausgabedatei ${output}: ${e.code === 'ENOENT' ? 'Verzeichnis nicht gefunden' : e.code === 'EISDIR' ? 'ist ein Verzeichnis' : e.code === 'EACCES' ? 'keine Schreibberechtigung' : e.message}`, [{ path: '--output', message: 'nicht schreibbar' }])),
      );
    });
  }
  const started = performance.now();
  const workers = Array.from({ length: workerCount }, () => new Worker(new URL('./simulate-worker-boot.mjs', import.meta.url), { workerData: { pack: pack.id, packRef } }));
  try {
    return await run();
  } finally {
    // whatever ends the run (an error reading or writing, a worker that failed), no thread stays behind to keep the process alive
    await Promise.all(workers.map((w) => w.terminate()));
  }

  async function run(): Promise<SimulationSummary> {
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
        if (r.bytes.length > 0 && !out.write(r.bytes)) await new Promise<void>((res) => out.once('drain', () => res()));
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

    out.on('error', (e: Error) => {
      failure = new AmtsklarError('invalid_input', `Ausgabedatei ${output}: ${e.message}`, [{ path: '--output', message: 'Schreibfehler' }]);
      resolveDrain?.();
    });
    let seq = 0;
    const chunks = lineChunks(inputStream, chunkBytes);
    for await (const chunk of readable(chunks, input)) {
      const w = await waitForSlot();
      const task: ChunkTask = { seq: seq++, firstLine: chunk.firstLine, bytes: chunk.bytes };
      inFlight.set(w, inFlight.get(w)! + 1);
      w.postMessage(task, [chunk.bytes.buffer]);
      report();
    }
    while (nextToWrite < seq) {
      if (failure) throw failure;
      await writeReady();
      if (nextToWrite < seq) {
        await new Promise<void>((res) => (resolveDrain = res));
        resolveDrain = null;
      }
    }
    if (out !== process.stdout) await new Promise<void>((res) => out.end(() => res()));
    const seconds = (performance.now() - started) / 1000;
    const perSecond = total / seconds;
    report(true);
    const parts = Object.entries(outcomes).map(([k, v]) => `${v.toLocaleString('de-DE')} ${k}`);
    const text = `Fertig: ${total.toLocaleString('de-DE')} Anträge in ${seconds.toFixed(1).replace('.', ',')} s (${Math.round(perSecond).toLocaleString('de-DE')}/s mit ${workerCount} ${workerCount === 1 ? 'Thread' : 'Threads'}) – ${[...parts, `${invalid.toLocaleString('de-DE')} ungültig`].join(', ')}`;
    return { total, invalid, outcomes, seconds, perSecond, text };
  }
}

const MAX_WORKERS = Math.max(64, os.availableParallelism() * 4);

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/** The input's chunks; a read error (a directory, a device gone) becomes a German error naming the file. */
async function* readable<T>(chunks: AsyncIterable<T>, input: string): AsyncGenerator<T> {
  try {
    yield* chunks;
  } catch (e) {
    throw new AmtsklarError('invalid_input', `Eingabedatei ${input}: nicht lesbar (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, [{ path: '--input', message: 'nicht lesbar' }]);
  }
}

/**
 * Cuts a byte stream into chunks of whole lines of at least `size` bytes (the last may be shorter
 * and need not end with a line break). Each chunk owns its memory, so it can be transferred to a
 * worker; `firstLine` is the 1-based number of its first line. A multi-byte UTF-8 character is
 * never split: chunks end after a newline byte, which is never part of one.
 */
export async function* lineChunks(stream: AsyncIterable<Buffer | string>, size: number): AsyncGenerator<{ firstLine: number; bytes: Uint8Array<ArrayBuffer> }> {
  let parts: Buffer[] = [];
  let length = 0;
  let line = 1;
  /** All parts but the last whole, of the last the first `cut` bytes; its rest starts the next chunk. */
  const take = (cut: number): { firstLine: number; bytes: Uint8Array<ArrayBuffer> } => {
    const last = parts[parts.length - 1]!;
    // one copy into memory of our own: stream buffers may be slices of a shared pool
    const bytes = new Uint8Array(new ArrayBuffer(length - last.length + cut));
    let at = 0;
    for (let i = 0; i < parts.length - 1; i++) {
      bytes.set(parts[i]!, at);
      at += parts[i]!.length;
    }
    bytes.set(last.subarray(0, cut), at);
    const rest = last.subarray(cut);
    parts = rest.length ? [Buffer.from(rest)] : [];
    length = rest.length;
    const firstLine = line;
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) line++;
    return { firstLine, bytes };
  };
  for await (const raw of stream) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    if (chunk.length === 0) continue;
    parts.push(chunk);
    length += chunk.length;
    if (length < size) continue;
    const lastNewline = chunk.lastIndexOf(10);
    if (lastNewline !== -1) yield take(lastNewline + 1);
  }
  if (length > 0) yield take(parts[parts.length - 1]!.length);
}
