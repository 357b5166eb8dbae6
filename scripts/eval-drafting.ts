/**
 * `npm run eval:drafting -- --base-url URL --model M [--api-key-env VAR] [--out DIR] [--limit N]`
 *
 * Evaluates a model server for drafting: every real engine case (11 official Wohngeld
 * examples, a refusal, Nachforderungen, Kita cases) gets a plain-language explanation and a
 * reply to a synthetic citizen e-mail from the privacy corpus. Reported per model:
 *  - gate: share of drafts whose facts all match the decision, findings by kind;
 *  - PII: planted valid identifiers of the e-mails found in what was actually sent
 *    (the client's fetch is wrapped and records every request body);
 *  - readability (Flesch-Amstad, 1. Wiener Sachtextformel) of the model's explanations,
 *    next to the standard text drafted without a model;
 *  - fallbacks (model failures, privacy blocks) and latency.
 * Without --base-url it starts the local test model server (a well-behaved writer), so the
 * command runs on any machine. Writes report.md and report.json to --out.
 * The AI-register gate is treated as open: this is an evaluation, not a case.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { sha256Hex } from '../src/common/index.ts';
import { buildErlaeuterung, MUSTERSTADT_SETTINGS, prepareDraft, readability, type DraftingDeps, type PreparedDraft } from '../src/drafting/index.ts';
import { engineCases } from '../src/drafting/testing/fixtures.ts';
import { modelEndpointConfig, OpenAiCompatibleClient, startTestModelServer, type TestModelServer } from '../src/model-client/index.ts';
import { plainLanguageWriter } from '../src/model-client/test-server/behaviours.ts';
import { resolvePack } from '../src/pack-files/index.ts';
import { generateCorpus } from '../src/privacy/index.ts';

const { values: args } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    model: { type: 'string' },
    'api-key-env': { type: 'string' },
    out: { type: 'string', default: 'var/eval-drafting' },
    limit: { type: 'string' },
    'timeout-ms': { type: 'string', default: '120000' },
  },
});

function fail(message: string): never {
  process.stderr.write(`Fehler: ${message}\n`);
  process.exit(2);
}

if (args['base-url'] && !args.model) fail('--model fehlt (Name des Modells auf dem Server).');
let testServer: TestModelServer | null = null;
let baseUrl = args['base-url'];
let modelName = args.model ?? 'amtsklar-test';
if (!baseUrl) {
  testServer = await startTestModelServer({ models: [modelName], behaviour: plainLanguageWriter() });
  baseUrl = testServer.baseUrl;
  process.stderr.write(`Kein --base-url: lokaler Testmodellserver unter ${baseUrl}\n`);
}

const sent: string[] = [];
const recordingFetch: typeof fetch = async (input, init) => {
  if (init?.body && typeof init.body === 'string') sent.push(init.body);
  return fetch(input, init);
};

let client: OpenAiCompatibleClient;
try {
  client = new OpenAiCompatibleClient(
    modelEndpointConfig({ id: 'eval', baseUrl, model: modelName, apiKeyEnv: args['api-key-env'], timeoutMs: Number(args['timeout-ms']), maxRetries: 1 }, '--base-url/--model'),
    process.env,
    recordingFetch,
  );
  const available = await client.models();
  if (!available.includes(modelName)) process.stderr.write(`Hinweis: Der Server nennt das Modell ${modelName} nicht (${available.join(', ')}).\n`);
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
modelName = client.modelName;

const deps: DraftingDeps = {
  settings: MUSTERSTADT_SETTINGS,
  model: client,
  governance: { checkDrafting: async () => ({ allowed: true, message: 'Evaluation', entryIds: [] }) },
};
const cases = engineCases({ wohngeld: resolvePack('wohngeld'), kita: resolvePack('kita-beitrag') }).slice(0, args.limit ? Number(args.limit) : undefined);
const corpus = generateCorpus({ seed: 'eval-drafting', size: cases.length * 3 });

interface Row {
  case: string;
  kind: string;
  reason: string;
  gatePassed: boolean;
  findings: { kind: string; message: string }[];
  latencyMs: number;
  readability: ReturnType<typeof readability> | null;
  leaked: string[];
}
const rows: Row[] = [];

function modelText(d: PreparedDraft): string {
  const s = d.letter.sections.find((x) => x.origin === 'model');
  return s ? s.blocks.map((b) => (b.type === 'p' ? b.text : '')).join(' ') : '';
}

let i = 0;
for (const [name, input] of cases) {
  for (const kind of ['erlaeuterung', 'antwort'] as const) {
    const email = corpus[i++ % corpus.length]!;
    const before = sent.length;
    const t0 = performance.now();
    const d = await prepareDraft({ kind, input: { ...input, ...(kind === 'antwort' ? { enquiry: email.text } : {}) }, known: kind === 'antwort' ? email.known : [] }, deps);
    const latencyMs = Math.round(performance.now() - t0);
    const outbound = sent.slice(before).join('\n');
    const leaked = kind === 'antwort' ? email.planted.filter((p) => p.role === 'valid' && outbound.includes(JSON.stringify(p.text).slice(1, -1))).map((p) => `${p.kind}`) : [];
    rows.push({
      case: name,
      kind,
      reason: d.modelUse.reason,
      gatePassed: d.gate.passed,
      findings: d.gate.findings.map((f) => ({ kind: f.kind, message: `${f.section} ${f.sentenceNo}: ${f.message}` })),
      latencyMs,
      readability: d.modelUse.used && kind === 'erlaeuterung' ? readability(modelText(d)) : null,
      leaked,
    });
    process.stderr.write(`${name} ${kind}: ${d.modelUse.reason}, Prüfung ${d.gate.passed ? 'bestanden' : `${d.gate.findings.length} Befunde`}, ${latencyMs} ms\n`);
  }
}

const standard = cases.map(([, input]) => {
  const l = buildErlaeuterung(input, MUSTERSTADT_SETTINGS);
  return readability(l.sections.find((s) => s.id === 'erlaeuterung')!.blocks.map((b) => (b.type === 'p' ? b.text : '')).join(' '));
});
const used = rows.filter((r) => r.reason === 'model_used');
const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : NaN);
const p = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};
const findingKinds = new Map<string, number>();
for (const r of used) for (const f of r.findings) findingKinds.set(f.kind, (findingKinds.get(f.kind) ?? 0) + 1);
const modelRead = used.map((r) => r.readability).filter((r): r is NonNullable<typeof r> => r !== null);
const summary = {
  model: modelName,
  baseUrlHash: `sha256:${sha256Hex(baseUrl).slice(0, 16)}`,
  testServer: testServer !== null,
  at: new Date().toISOString(),
  drafts: rows.length,
  modelUsed: used.length,
  fallbacks: Object.fromEntries([...new Set(rows.map((r) => r.reason))].map((k) => [k, rows.filter((r) => r.reason === k).length])),
  gatePassRate: used.length ? Math.round((1000 * used.filter((r) => r.gatePassed).length) / used.length) / 10 : null,
  findingsByKind: Object.fromEntries(findingKinds),
  piiLeaks: rows.reduce((n, r) => n + r.leaked.length, 0),
  latencyMs: { p50: p(rows.map((r) => r.latencyMs), 0.5), p95: p(rows.map((r) => r.latencyMs), 0.95) },
  readability: {
    model: { fleschAmstad: mean(modelRead.map((r) => r.fleschAmstad)), wienerSachtextformel: mean(modelRead.map((r) => r.wienerSachtextformel)), wordsPerSentence: mean(modelRead.map((r) => r.wordsPerSentence)) },
    standard: { fleschAmstad: mean(standard.map((r) => r.fleschAmstad)), wienerSachtextformel: mean(standard.map((r) => r.wienerSachtextformel)), wordsPerSentence: mean(standard.map((r) => r.wordsPerSentence)) },
  },
};

const out = resolve(args.out!);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'report.json'), `${JSON.stringify({ summary, rows }, null, 2)}\n`);
const md = [
  `# Entwurfs-Evaluation: ${modelName}`,
  '',
  `Zeitpunkt ${summary.at}; ${summary.testServer ? 'lokaler Testmodellserver (kein echtes Modell)' : `Server ${summary.baseUrlHash}`}.`,
  '',
  '| Kennzahl | Wert |',
  '|---|---:|',
  `| Entwürfe | ${summary.drafts} |`,
  `| davon mit Modell | ${summary.modelUsed} |`,
  `| Rückfälle auf Standardtext | ${Object.entries(summary.fallbacks).filter(([k]) => k !== 'model_used').map(([k, v]) => `${k}: ${v}`).join(', ') || '–'} |`,
  `| Prüfung gegen die Entscheidung bestanden | ${summary.gatePassRate ?? '–'} % |`,
  `| gültige Kennungen an den Server gesendet | ${summary.piiLeaks} |`,
  `| Latenz p50 / p95 | ${summary.latencyMs.p50} / ${summary.latencyMs.p95} ms |`,
  `| Flesch-Amstad (Modell / Standardtext) | ${summary.readability.model.fleschAmstad} / ${summary.readability.standard.fleschAmstad} |`,
  `| 1. Wiener Sachtextformel (Modell / Standardtext) | ${summary.readability.model.wienerSachtextformel} / ${summary.readability.standard.wienerSachtextformel} |`,
  `| Wörter je Satz (Modell / Standardtext) | ${summary.readability.model.wordsPerSentence} / ${summary.readability.standard.wordsPerSentence} |`,
  '',
  '## Befunde der Prüfung nach Art',
  '',
  ...(findingKinds.size ? [...findingKinds].map(([k, v]) => `- ${k}: ${v}`) : ['- keine']),
  '',
  '## Einzelne Entwürfe mit Befunden',
  '',
  ...rows.filter((r) => !r.gatePassed).flatMap((r) => [`- ${r.case} (${r.kind}):`, ...r.findings.slice(0, 5).map((f) => `  - ${f.message}`)]),
  '',
].join('\n');
writeFileSync(join(out, 'report.md'), md);
process.stdout.write(`${md}\nBericht: ${join(out, 'report.md')}\n`);
await testServer?.close();
if (summary.piiLeaks > 0) process.exitCode = 1;
