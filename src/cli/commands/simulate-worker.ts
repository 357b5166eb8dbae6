/**
 * Worker thread of `simulate`: decides chunks of JSON lines with a pack compiled once.
 * Chunks arrive as UTF-8 bytes cut at line ends and leave as UTF-8 bytes; both are
 * transferred, not copied, so the main thread only reads, counts lines and writes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isAmtsklarError } from '../../common/index.ts';
import { decide } from '../../engine/index.ts';
import { resolvePack } from '../../pack-files/index.ts';
import { jsonSyntaxWhere } from '../io.ts';

export interface ChunkTask {
  seq: number;
  /** Line number (1-based) of the first line in `bytes`. */
  firstLine: number;
  /** Whole lines, UTF-8. */
  bytes: Uint8Array;
}

export interface ChunkResult {
  seq: number;
  /** One JSON line per input line (a blank one is reported as invalid), UTF-8. */
  bytes: Uint8Array<ArrayBuffer>;
  count: number;
  invalid: number;
  outcomes: Record<string, number>;
}

const decoder = new TextDecoder('utf-8');

/**
 * The chunk's output, written line by line as UTF-8 into one reused buffer. Concatenating the
 * lines first and encoding the whole string cost 40 times as much: a chunk's text mixes
 * one-byte lines with lines holding „–“, so V8 flattened it into a two-byte string of several
 * megabytes before encoding it.
 */
class LineWriter {
  private buf = Buffer.allocUnsafe(4 << 20);
  private at = 0;

  line(json: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    const need = this.at + json.length * 3 + 1;
    if (need > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, this.at);
      this.buf = bigger;
    }
    this.at += this.buf.write(json, this.at);
    this.buf[this.at++] = 0x0a;
  }

  /** The bytes written since the last take, in a buffer of their own (to be transferred). */
  take(): Uint8Array<ArrayBuffer> {
    // allocUnsafeSlow: not zero-filled and not from the shared pool, so its memory can be transferred.
    const out = Buffer.allocUnsafeSlow(this.at);
    this.buf.copy(out, 0, 0, this.at);
    this.at = 0;
    return new Uint8Array(out.buffer, 0, out.length) as Uint8Array<ArrayBuffer>;
  }
}

if (parentPort) {
  const data = workerData as { pack: string; packRef: string };
  const pack = resolvePack(data.packRef);
  const port = parentPort;
  const out = new LineWriter();
  port.on('message', (task: ChunkTask) => {
    const lines = decoder.decode(task.bytes).split('\n');
    const outcomes: Record<string, number> = {};
    let invalid = 0;
    let count = 0;
    const emit = (json: string) => out.line(json);
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i]!;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      // the text after the chunk's last line break is no line; every other line gets an output line,
      // so that output line k answers input line k
      if (i === lines.length - 1 && line === '') continue;
      const lineNo = task.firstLine + i;
      count++;
      if (line.trim() === '') {
        invalid++;
        emit(JSON.stringify({ line: lineNo, error: { path: '$', message: 'leere Zeile – kein Antrag' } }));
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (e) {
        invalid++;
        emit(JSON.stringify({ line: lineNo, error: { path: '$', message: `kein gültiges JSON${jsonSyntaxWhere(e, line).replace(/Zeile 1, /, '')}` } }));
        continue;
      }
      try {
        const d = decide(pack, parsed, { trace: false, embedRequest: false });
        outcomes[d.outcome] = (outcomes[d.outcome] ?? 0) + 1;
        emit(JSON.stringify(d));
      } catch (e) {
        if (!isAmtsklarError(e)) throw e;
        invalid++;
        const p = e.problems[0];
        emit(JSON.stringify({ line: lineNo, error: { path: p?.path ?? '$', message: p?.message ?? e.message } }));
      }
    }
    const bytes = out.take();
    const result: ChunkResult = { seq: task.seq, bytes, count, invalid, outcomes };
    port.postMessage(result, [bytes.buffer]);
  });
}
