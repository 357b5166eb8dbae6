/**
 * Child process of `npm run tck`: runs the cases of one folder at a time and reports each case,
 * so that the parent can stop a hanging case and carry on with the next one.
 */
import { countCases, listCases, loadFolder, runCase } from './run.ts';

export type ChildRequest = { dir: string; skip: string[] };
export type ChildMessage =
  | { type: 'loaded'; ids: string[]; error?: string }
  | { type: 'start'; id: string }
  | { type: 'case'; id: string; passed: boolean; reason?: string; approximate?: boolean }
  | { type: 'done' };

function send(m: ChildMessage): void {
  process.send!(m);
}

process.on('message', (req: ChildRequest) => {
  const loaded = loadFolder(req.dir);
  const cases = listCases(loaded);
  const ids = loaded.error ? countCases(req.dir) : cases.map((c) => `${c.file}#${c.tc.id}`);
  send({ type: 'loaded', ids, ...(loaded.error ? { error: loaded.error } : {}) });
  if (!loaded.error) {
    const skip = new Set(req.skip);
    for (const c of cases) {
      const id = `${c.file}#${c.tc.id}`;
      if (skip.has(id)) continue;
      send({ type: 'start', id });
      const r = runCase(loaded, c.file, c.data, c.tc);
      send({ type: 'case', id, passed: r.passed, ...(r.reason ? { reason: r.reason } : {}), ...(r.approximate ? { approximate: true } : {}) });
    }
  }
  send({ type: 'done' });
});
