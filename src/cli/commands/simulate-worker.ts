/** Worker thread of `simulate`: decides chunks of JSON lines with a pack compiled once. */
import { parentPort, workerData } from 'node:worker_threads';
import { isAmtsklarError } from '../../common/index.ts';
import { decide } from '../../engine/index.ts';
import { resolvePack } from '../../pack-files/index.ts';

export interface ChunkTask {
  seq: number;
  firstLine: number;
  lines: string[];
}

export interface ChunkResult {
  seq: number;
  text: string;
  count: number;
  invalid: number;
  outcomes: Record<string, number>;
}

if (parentPort) {
  const data = workerData as { pack: string; packRef: string };
  const pack = resolvePack(data.packRef);
  const port = parentPort;
  port.on('message', (task: ChunkTask) => {
    const out: string[] = [];
    const outcomes: Record<string, number> = {};
    let invalid = 0;
    let count = 0;
    task.lines.forEach((line, i) => {
      const lineNo = task.firstLine + i;
      if (line.trim() === '') return;
      count++;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        invalid++;
        out.push(JSON.stringify({ line: lineNo, error: { path: '$', message: 'kein gültiges JSON' } }));
        return;
      }
      try {
        const d = decide(pack, parsed, { trace: false, embedRequest: false });
        outcomes[d.outcome] = (outcomes[d.outcome] ?? 0) + 1;
        out.push(JSON.stringify(d));
      } catch (e) {
        if (!isAmtsklarError(e)) throw e;
        invalid++;
        const p = e.problems[0];
        out.push(JSON.stringify({ line: lineNo, error: { path: p?.path ?? '$', message: p?.message ?? e.message } }));
      }
    });
    const result: ChunkResult = { seq: task.seq, text: out.length ? `${out.join('\n')}\n` : '', count, invalid, outcomes };
    port.postMessage(result);
  });
}
