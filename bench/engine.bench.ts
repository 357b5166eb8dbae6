/**
 * Engine throughput, side by side with peers on one common model, in one process:
 *  - the full Wohngeld pack on generated households: decisions/s per core, with and without trace;
 *  - a simplified Wohngeld formula with two decision tables (bench/models/wohngeld-einfach),
 *    built the same way for @gorules/zen-engine (JDM graph) and feelin (one FEEL context);
 *  - `amtsklar simulate` over 1,000,000 generated households (all cores).
 * Set BENCH_QUICK=1 for a short smoke run (one round, small inputs).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ZenEngine } from '@gorules/zen-engine';
import { evaluate as feelinEvaluate } from 'feelin';
import { contentHash } from '../src/common/index.ts';
import { decide, Decimal, resultHash } from '../src/engine/index.ts';
import { generatePopulation } from '../src/fairness/index.ts';
import { loadPackFromDir } from '../src/pack-files/index.ts';
import { machineSpeed, machineSpeedText } from './machine.ts';
import type { BenchReport } from './run.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const versionOf = (pkg: string) => (JSON.parse(readFileSync(join(new URL('.', import.meta.url).pathname, '..', 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
const ZEN_VERSION = versionOf('@gorules/zen-engine');
const FEELIN_VERSION = versionOf('feelin');
const here = new URL('.', import.meta.url).pathname;
const repo = join(here, '..');

/** Runs `fn` repeatedly for about `ms` milliseconds of CPU time; returns operations per CPU second. */
function perCpuSecond(fn: (i: number) => void, ms: number): number {
  for (let i = 0; i < 200; i++) fn(i);
  const start = process.cpuUsage();
  let n = 0;
  let used = 0;
  while (used < ms) {
    for (let k = 0; k < 100; k++) fn(n++);
    const u = process.cpuUsage(start);
    used = (u.user + u.system) / 1000;
  }
  return (n / used) * 1000;
}

async function perCpuSecondAsync(fn: (i: number) => Promise<unknown>, ms: number, batch: number): Promise<number> {
  for (let i = 0; i < 50; i++) await fn(i);
  const start = process.cpuUsage();
  const wall = performance.now();
  let n = 0;
  let used = 0;
  while (used < ms) {
    await Promise.all(Array.from({ length: batch }, () => fn(n++)));
    const u = process.cpuUsage(start);
    used = (u.user + u.system) / 1000;
  }
  // zen evaluates on native threads: count wall time when it is longer than our thread's CPU time.
  return (n / Math.max(used, performance.now() - wall)) * 1000;
}

const fmt = (x: number) => Math.round(x).toLocaleString('de-DE');

/**
 * The median of `rounds` measurements. This machine is a shared VM whose CPU speed varies by up
 * to 2× within minutes; one measurement can land in a slow or a fast phase.
 */
function median(rounds: number, measure: () => number): { value: number; all: number[] } {
  const all = Array.from({ length: rounds }, measure);
  const sorted = [...all].sort((a, b) => a - b);
  return { value: sorted[Math.floor(sorted.length / 2)]!, all };
}


// ---- the common model ---------------------------------------------------------------------------
const H = [[361, 437, 521, 608, 694], [408, 493, 587, 686, 782], [456, 551, 657, 766, 875], [511, 619, 737, 858, 982], [562, 680, 809, 946, 1080], [615, 745, 887, 1035, 1183], [677, 820, 975, 1139, 1302]];
const A = ['0.04', '0.03', '0.02', '0.01', '0'];
const B = ['0.0004797', '0.0003571', '0.0002917', '0.0002163', '0.0001907'];
const C = ['0.0000408', '0.0000304', '0.0000245', '0.0000176', '0.0000172'];
const HZ = ['110.40', '142.60', '170.20', '197.80', '225.40'];

const zenModel = {
  contentType: 'application/vnd.gorules.decision',
  nodes: [
    { id: 'in', type: 'inputNode', name: 'Antrag', position: { x: 0, y: 0 } },
    {
      id: 'hb', type: 'decisionTableNode', name: 'Höchstbetrag', position: { x: 200, y: 0 },
      content: {
        hitPolicy: 'first',
        inputs: [{ id: 'n', name: 'n', field: 'n' }, { id: 's', name: 'Stufe', field: 'stufe' }],
        outputs: [{ id: 'h', name: 'Höchstbetrag', field: 'h' }],
        rules: H.flatMap((row, s) => row.map((v, n) => ({ _id: `r${s}${n}`, n: `${n + 1}`, s: `${s + 1}`, h: `${v}` }))),
      },
    },
    {
      id: 'abc', type: 'decisionTableNode', name: 'Werte', position: { x: 200, y: 100 },
      content: {
        hitPolicy: 'first',
        inputs: [{ id: 'n', name: 'n', field: 'n' }],
        outputs: [{ id: 'a', name: 'a', field: 'a' }, { id: 'b', name: 'b', field: 'b' }, { id: 'c', name: 'c', field: 'c' }, { id: 'heiz', name: 'heiz', field: 'heiz' }],
        rules: A.map((_, n) => ({ _id: `n${n}`, n: `${n + 1}`, a: A[n], b: B[n], c: C[n], heiz: HZ[n] })),
      },
    },
    {
      id: 'f', type: 'expressionNode', name: 'Formel', position: { x: 400, y: 0 },
      content: {
        expressions: [
          { id: 'w', key: 'wohngeld', value: 'max([0, round(1.15 * ((min([miete, h]) + heiz) - (a + b * (min([miete, h]) + heiz) + c * y) * y))])' },
        ],
      },
    },
    { id: 'out', type: 'outputNode', name: 'Ergebnis', position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: 'e1', sourceId: 'in', targetId: 'hb', type: 'edge' },
    { id: 'e2', sourceId: 'in', targetId: 'abc', type: 'edge' },
    { id: 'e3', sourceId: 'in', targetId: 'f', type: 'edge' },
    { id: 'e4', sourceId: 'hb', targetId: 'f', type: 'edge' },
    { id: 'e5', sourceId: 'abc', targetId: 'f', type: 'edge' },
    { id: 'e6', sourceId: 'f', targetId: 'out', type: 'edge' },
  ],
};

const feelModel = `{
  h: [${H.map((r) => `[${r.join(', ')}]`).join(', ')}][stufe][n],
  a: [${A.join(', ')}][n], b: [${B.join(', ')}][n], c: [${C.join(', ')}][n], heiz: [${HZ.join(', ')}][n],
  M: min(miete, h) + heiz,
  wohngeld: max(0, round half up(1.15 * (M - (a + b * M + c * y) * y), 0))
}.wohngeld`;

interface Case {
  n: number;
  stufe: number;
  miete: number;
  y: number;
}

function commonCases(count: number): Case[] {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: count }, () => ({ n: 1 + Math.floor(rnd() * 5), stufe: 1 + Math.floor(rnd() * 7), miete: Math.round(200 + rnd() * 900), y: Math.round(300 + rnd() * 2500) }));
}

export default async function engineBench(): Promise<BenchReport> {
  const ms = QUICK ? 300 : 3000;
  const lines: string[] = [];

  // ---- full Wohngeld pack
  const wohngeld = loadPackFromDir(join(repo, 'packs', 'wohngeld'));
  const households = [...generatePopulation({ seed: 'bench', count: QUICK ? 200 : 5000, personalien: false })].map((h) => h.wohngeld);
  const rounds = QUICK ? 1 : 3;
  const speedBefore = machineSpeed();
  const noTraceRuns = median(rounds, () => perCpuSecond((i) => decide(wohngeld, households[i % households.length], { trace: false, embedRequest: false }), ms));
  const withTraceRuns = median(rounds, () => perCpuSecond((i) => decide(wohngeld, households[i % households.length], { trace: true, embedRequest: false }), ms));
  const noTrace = noTraceRuns.value;
  const withTrace = withTraceRuns.value;

  // ---- common model, three engines
  const ours = loadPackFromDir(join(here, 'models', 'wohngeld-einfach'));
  const cases = commonCases(1000);
  const zen = new ZenEngine().createDecision(zenModel);
  let mismatches = 0;
  for (const c of cases.slice(0, 300)) {
    const a = decide(ours, { stichtag: '2025-01-01', ...c }, { trace: false, embedRequest: false }).values.wohngeld;
    const z = (await zen.evaluate(c)).result.wohngeld as number;
    const f = Number(feelinEvaluate(feelModel, { ...c }).value);
    if (Number(a) !== Number(z) || Number(a) !== f) mismatches++;
  }
  const oursRate = median(rounds, () => perCpuSecond((i) => decide(ours, { stichtag: '2025-01-01', ...cases[i % cases.length]! }, { trace: false, embedRequest: false }), ms)).value;
  const oursTraced = perCpuSecond((i) => decide(ours, { stichtag: '2025-01-01', ...cases[i % cases.length]! }, { trace: true, embedRequest: false }), ms);
  const zenSeq = await perCpuSecondAsync((i) => zen.evaluate(cases[i % cases.length]), ms, 1);
  // the peer's best mode gets the same median of rounds as ours
  const zenBatchRuns: number[] = [];
  for (let r = 0; r < rounds; r++) zenBatchRuns.push(await perCpuSecondAsync((i) => zen.evaluate(cases[i % cases.length]), ms, 256));
  const zenBatch = [...zenBatchRuns].sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
  const zenBest = Math.max(zenSeq, zenBatch);
  const feelinRate = perCpuSecond((i) => feelinEvaluate(feelModel, { ...cases[i % cases.length]! }), ms);
  // The receipt every decision carries by contract (input hash and result hash, each over
  // canonical JSON), on its own: the bound it sets for the ratio, however fast evaluation gets.
  const sealed = cases.map((c) => ({ input: { stichtag: '2025-01-01', ...c }, decision: decide(ours, { stichtag: '2025-01-01', ...c }, { trace: false, embedRequest: false }) }));
  const receiptRate = perCpuSecond((i) => {
    const s = sealed[i % sealed.length]!;
    return contentHash(s.input) + resultHash(s.decision);
  }, ms);

  lines.push(
    `${machineSpeedText(speedBefore, machineSpeed())} Every number below moves with it.`,
    '',
    `### Full Wohngeld pack (one thread, generated households; median of ${rounds} rounds)`,
    '',
    '| mode | decisions/s per core | µs per decision | all rounds | target |',
    '|---|---:|---:|---|---|',
    `| without trace | ${fmt(noTrace)} | ${(1e6 / noTrace).toFixed(1)} | ${noTraceRuns.all.map(fmt).join(' / ')} | ≥ 30.000/s |`,
    `| with full trace | ${fmt(withTrace)} | ${(1e6 / withTrace).toFixed(1)} | ${withTraceRuns.all.map(fmt).join(' / ')} | ≥ 5.000/s |`,
    '',
    '### Common model: simplified Wohngeld formula with two decision tables',
    '',
    `Results identical on 300 cases: ${mismatches === 0 ? 'yes' : `no – ${mismatches} differ (feelin computes in binary floating point)`}.`,
    '',
    '| engine | decisions/s per core | ratio Amtsklar : peer |',
    '|---|---:|---:|',
    `| Amtsklar, without trace | ${fmt(oursRate)} | 1 |`,
    `| Amtsklar, with trace | ${fmt(oursTraced)} | – |`,
    `| @gorules/zen-engine ${ZEN_VERSION} (sequential await) | ${fmt(zenSeq)} | ${(oursRate / zenSeq).toFixed(1)} |`,
    `| @gorules/zen-engine ${ZEN_VERSION} (256 concurrent) | ${fmt(zenBatch)} | ${(oursRate / zenBatch).toFixed(1)} |`,
    `| feelin ${FEELIN_VERSION} (parse + evaluate) | ${fmt(feelinRate)} | ${(oursRate / feelinRate).toFixed(1)} |`,
    '',
    `Amtsklar vs. zen-engine (best mode): **${(oursRate / zenBest).toFixed(1)} ×** (target ≥ 10 ×).`,
    '',
    `The receipt alone (input hash and result hash over canonical JSON, which every decision carries by contract): ${fmt(receiptRate)}/s, ${(receiptRate / zenBest).toFixed(1)} × zen-engine's best mode – the ratio a decision could reach if evaluating and validating took no time at all.`,
  );

  // ---- simulate 1,000,000 households on all cores
  const count = QUICK ? 2000 : 1_000_000;
  const dir = join(repo, 'var', 'bench');
  mkdirSync(dir, { recursive: true });
  const input = join(dir, `households-${count}.jsonl`);
  if (!existsSync(input) || statSync(input).size === 0) {
    const out = createWriteStream(input);
    for (const h of generatePopulation({ seed: 'simulate', count, personalien: false })) {
      if (!out.write(`${JSON.stringify(h.wohngeld)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(r));
  }
  const started = performance.now();
  const r = spawnSync(process.execPath, [join(repo, 'bin', 'amtsklar.js'), 'simulate', 'wohngeld', '--input', input, '--output', join(dir, 'decisions.jsonl'), '--quiet'], { encoding: 'utf8', cwd: repo });
  const seconds = (performance.now() - started) / 1000;
  const speedAfterSimulate = machineSpeed();
  if (r.status !== 0) throw new Error(`simulate failed: ${r.stderr}`);
  lines.push(
    '',
    `### simulate: ${count.toLocaleString('de-DE')} generated households, ${cpus().length} threads`,
    '',
    `${new Decimal(seconds).toFixed(1).replace('.', ',')} s in total including process start and pack compilation (target for 1.000.000: < 60 s). ${r.stderr.trim()}`,
    '',
    `Machine speed right after simulate: ${speedAfterSimulate.toFixed(0)} (see the top of this report).`,
  );
  return { title: 'Regelwerk-Engine', lines };
}
