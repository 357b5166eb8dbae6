import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AmtsklarError } from '../../common/index.ts';
import {
  cosigner,
  formatCheckpoint,
  hashFromBase64,
  noteVerifier,
  openCheckpoint,
  addCosignature,
  signWitnessReport,
  witnessStep,
  type Hash,
  type WitnessOutcome,
  type WitnessState,
} from '../../ledger/index.ts';
import { ExitStatus } from '../run.ts';

interface Options {
  log: string;
  logKey: string;
  key?: string;
  keyFile?: string;
  state: string;
  interval?: string;
  once?: boolean;
  report?: boolean;
}

function readState(file: string): WitnessState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as WitnessState;
    if (typeof s.origin !== 'string' || !Number.isSafeInteger(s.size) || typeof s.root !== 'string' || typeof s.checkpoint !== 'string') throw new Error('Felder fehlen');
    return s;
  } catch (e) {
    throw new AmtsklarError('invalid_input', `Zustandsdatei ${file} ist beschädigt: ${(e as Error).message}`, [{ path: file, message: 'beschädigt' }]);
  }
}

/** Written next to the old state and renamed over it: a crash never leaves half a state. */
function writeState(file: string, s: WitnessState): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

async function get(url: string): Promise<Response> {
  const r = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  if (!r.ok) throw new AmtsklarError('invalid_input', `${url} antwortet mit HTTP ${r.status}`, [{ path: url, message: `HTTP ${r.status}` }]);
  return r;
}

/** One look at the log: fetch, check against the last state, cosign or alarm. */
export async function witnessOnce(o: Options, skey: string): Promise<{ outcome: WitnessOutcome; cosigned?: string }> {
  const base = o.log.replace(/\/+$/, '');
  const verifier = noteVerifier(o.logKey);
  const last = readState(o.state);
  const checkpoint = await (await get(`${base}/checkpoint`)).text();
  let proof: Hash[] = [];
  try {
    const size = openCheckpoint(checkpoint, verifier).checkpoint.size;
    if (last && last.size > 0 && size > last.size) {
      const body = (await (await get(`${base}/proof/consistency?from=${last.size}&to=${size}`)).json()) as { proof?: unknown };
      if (!Array.isArray(body.proof)) throw new Error('Konsistenzbeweis fehlt');
      proof = body.proof.map((p) => hashFromBase64(String(p)) ?? new Uint8Array());
    }
  } catch {
    // An unreadable checkpoint or proof is judged (and reported) by the state machine below.
  }
  const outcome = witnessStep(last, { checkpoint, proof }, verifier);
  let cosigned: string | undefined;
  const w = cosigner(skey);
  const now = Math.floor(Date.now() / 1000);
  if (outcome.kind === 'ok') {
    writeState(o.state, outcome.state);
    const cp = openCheckpoint(outcome.state.checkpoint, verifier).checkpoint;
    cosigned = addCosignature(outcome.state.checkpoint, w.cosign(formatCheckpoint(cp), now));
  }
  if (o.report) {
    const report = signWitnessReport(
      {
        origin: outcome.kind === 'ok' ? outcome.state.origin : verifier.name,
        size: outcome.kind === 'ok' ? outcome.state.size : (last?.size ?? 0),
        status: outcome.kind,
        time: now,
        message: outcome.message,
      },
      skey,
    );
    const r = await fetch(`${base}/witness-reports`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: report, signal: AbortSignal.timeout(15_000) }).catch(
      (e: Error) => ({ ok: false, status: e.message }) as const,
    );
    if (!r.ok) process.stderr.write(`Warnung: Bericht an ${base} nicht zugestellt (${r.status})\n`);
  }
  return { outcome, ...(cosigned ? { cosigned } : {}) };
}

export function register(program: Command): void {
  program
    .command('witness')
    .description('Zeuge: holt Prüfpunkte eines Protokolls, prüft die Konsistenz mit dem zuletzt gesehenen, signiert mit oder schlägt Alarm')
    .requiredOption('--log <url>', 'Basis-URL des Protokolls, z. B. https://amtsklar.musterstadt.de/api/ledger')
    .requiredOption('--log-key <vkey>', 'Prüfschlüssel des Protokolls (C2SP-vkey)')
    .option('--key <skey>', 'eigener Zeugenschlüssel (PRIVATE+KEY+…, Typ 0x04); sonst --key-file oder AMTSKLAR_WITNESS_KEY')
    .option('--key-file <file>', 'Datei mit dem eigenen Zeugenschlüssel')
    .requiredOption('--state <file>', 'Zustandsdatei: der zuletzt angenommene Prüfpunkt')
    .option('--interval <seconds>', 'wiederholt prüfen, alle N Sekunden (Standard: einmal)')
    .option('--once', 'nur einmal prüfen (Standard)')
    .option('--report', 'Bericht signiert an das Protokoll senden (für die Prüfansicht)')
    .action(async (o: Options) => {
      const skey = (o.key ?? (o.keyFile ? readFileSync(o.keyFile, 'utf8') : process.env.AMTSKLAR_WITNESS_KEY) ?? '').trim();
      if (!skey) throw new AmtsklarError('invalid_input', 'Kein Zeugenschlüssel: --key, --key-file oder AMTSKLAR_WITNESS_KEY angeben', [{ path: '--key', message: 'fehlt' }]);
      const interval = o.interval ? Number(o.interval) : 0;
      if (o.interval && (!Number.isFinite(interval) || interval < 1)) throw new AmtsklarError('invalid_input', '--interval muss eine Zahl von Sekunden ≥ 1 sein', [{ path: '--interval', message: 'ungültig' }]);
      for (;;) {
        const { outcome, cosigned } = await witnessOnce(o, skey);
        if (outcome.kind !== 'ok') {
          process.stderr.write(`${outcome.message}\n`);
          throw new ExitStatus(1);
        }
        process.stderr.write(`${outcome.message}\n`);
        if (cosigned) process.stdout.write(cosigned);
        if (!interval || o.once) return;
        await new Promise((r) => setTimeout(r, interval * 1000));
      }
    });
}
