/**
 * `npm run tck`: runs every test folder of DMN TCK compliance levels 2 and 3 from
 * ../shared/conformance/dmn-tck (never copied into the repo), writes docs/tck-report.md and
 * docs/tck-report.json and ends with `TCK level 2: P/N passed, level 3: P/N passed`.
 *
 * Cases run in a child process with a time limit per case: a case that hangs is stopped,
 * counted as failed, and the run continues with the next case.
 *
 * Options: `--level 2|3` (only one level), `--folder <name>` (only matching folders),
 * `--no-write` (print, do not write the reports).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ChildRequest } from './tck/child.ts';
import { json, markdown } from './tck/report.ts';
import { folders, levelDir, levelSummary, summarize, type FolderSummary, type LevelSummary } from './tck/suite.ts';
import type { CaseResult } from './tck/run.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const TCK = resolve(repo, '../shared/conformance/dmn-tck');
const CASE_TIMEOUT_MS = 15_000;
const LOAD_TIMEOUT_MS = 120_000;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

class Runner {
  private child: ChildProcess | null = null;

  private spawn(): ChildProcess {
    const c = fork(join(here, 'tck', 'child.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child = c;
    return c;
  }

  stop(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }

  /** Runs one folder; restarts the child after a timeout and continues behind the stuck case. */
  async folder(dir: string): Promise<CaseResult[]> {
    const results = new Map<string, CaseResult>();
    let ids: string[] | null = null;
    for (;;) {
      const outcome = await this.attempt(dir, [...results.keys()], (m) => {
        if (m.type === 'loaded') {
          ids = m.ids;
          if (m.error) for (const id of m.ids) results.set(id, { id, passed: false, reason: m.error });
        } else if (m.type === 'case') {
          results.set(m.id, { id: m.id, passed: m.passed, ...(m.reason ? { reason: m.reason } : {}), ...(m.approximate ? { approximate: true } : {}) });
        }
      });
      if (outcome.kind === 'done') break;
      this.stop();
      if (outcome.current === null) {
        for (const id of ids ?? [`${dir}#laden`]) if (!results.has(id)) results.set(id, { id, passed: false, reason: 'Zeitlimit beim Laden überschritten' });
        break;
      }
      results.set(outcome.current, { id: outcome.current, passed: false, reason: `Zeitlimit ${CASE_TIMEOUT_MS / 1000} s überschritten` });
    }
    const order = ids ?? [...results.keys()];
    return order.map((id) => results.get(id) ?? { id, passed: false, reason: 'nicht ausgeführt' });
  }

  private attempt(dir: string, skip: string[], onMessage: (m: ChildMessage) => void): Promise<{ kind: 'done' } | { kind: 'timeout'; current: string | null }> {
    const child = this.child ?? this.spawn();
    return new Promise((done) => {
      let current: string | null = null;
      let timer = setTimeout(() => finish({ kind: 'timeout', current: null }), LOAD_TIMEOUT_MS);
      const arm = (ms: number): void => {
        clearTimeout(timer);
        timer = setTimeout(() => finish({ kind: 'timeout', current }), ms);
      };
      const listener = (m: ChildMessage): void => {
        onMessage(m);
        if (m.type === 'start') {
          current = m.id;
          arm(CASE_TIMEOUT_MS);
        } else if (m.type === 'case') {
          current = null;
          arm(LOAD_TIMEOUT_MS);
        } else if (m.type === 'done') finish({ kind: 'done' });
      };
      const onExit = (): void => finish({ kind: 'timeout', current });
      function finish(r: { kind: 'done' } | { kind: 'timeout'; current: string | null }): void {
        clearTimeout(timer);
        child.off('message', listener);
        child.off('exit', onExit);
        done(r);
      }
      child.on('message', listener);
      child.on('exit', onExit);
      const req: ChildRequest = { dir, skip };
      child.send(req);
    });
  }
}

async function main(): Promise<void> {
  if (!existsSync(TCK)) {
    console.error(`DMN TCK nicht gefunden unter ${TCK}`);
    process.exit(2);
  }
  const only = arg('--level');
  const folderFilter = arg('--folder');
  const levels = only ? [Number(only)] : [2, 3];
  const runner = new Runner();
  const summaries: LevelSummary[] = [];
  try {
    for (const level of levels) {
      const dir = levelDir(TCK, level);
      const results: FolderSummary[] = [];
      for (const f of folders(dir)) {
        if (folderFilter && !f.includes(folderFilter)) continue;
        const cases = await runner.folder(join(dir, f));
        const s = summarize(f, cases);
        results.push(s);
        console.log(`  L${level} ${f}: ${s.passed}/${s.total}`);
      }
      summaries.push(levelSummary(level, results));
    }
  } finally {
    runner.stop();
  }
  if (!process.argv.includes('--no-write') && !folderFilter && !only) {
    writeFileSync(join(repo, 'docs/tck-report.md'), markdown(summaries, 'npm run tck'));
    writeFileSync(join(repo, 'docs/tck-report.json'), json(summaries));
  } else {
    for (const l of summaries) for (const f of l.folders) for (const x of f.failures) console.log(`    ${x.id}: ${x.reason}`);
  }
  const line = (n: number): string => {
    const l = summaries.find((s) => s.level === n);
    return l ? `${l.passed}/${l.total}` : '0/0';
  };
  console.log(`TCK level 2: ${line(2)} passed, level 3: ${line(3)} passed`);
}

await main();
