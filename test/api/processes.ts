import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const BIN = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'bin', 'amtsklar.js');

export interface Proc {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `amtsklar <args>` as its own process (the real CLI, as an operator would). */
export function amtsklar(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', AMTSKLAR_RATE_LIMIT: '10000000', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function waitFor(url: string, timeoutMs = 120_000, proc?: Proc): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    if (proc && proc.child.exitCode !== null) throw new Error(`process exited:\n${proc.output()}`);
    if (Date.now() - start > timeoutMs) throw new Error(`timeout waiting for ${url}\n${proc?.output() ?? ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function stop(p: Proc): Promise<void> {
  if (p.child.exitCode !== null) return;
  p.child.kill('SIGTERM');
  const t = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
  await p.exited;
  clearTimeout(t);
}

let nextPort = 41_000 + Math.floor(Math.random() * 2000);
export function freePort(): number {
  return nextPort++;
}
