import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AmtsklarError } from '../../common/index.ts';
import { TEXT_PREFIX, verifyReceipt, verifyReceiptText, type DecisionClaim, type ReceiptVerdict } from '../../ledger/index.ts';
import { resultHash, type Decision } from '../../engine/index.ts';
import { readJson, readText } from '../io.ts';
import { ExitStatus } from '../run.ts';

/** Trusted log keys: --key (repeatable), --key-file, or AMTSKLAR_TRUSTED_LEDGER_KEYS (comma-separated). */
export function trustedKeys(opts: { key?: string[]; keyFile?: string }, env = process.env): string[] {
  const keys = [...(opts.key ?? [])];
  if (opts.keyFile) keys.push(...readFileSync(opts.keyFile, 'utf8').split(/\s+/).filter(Boolean));
  if (keys.length === 0 && env.AMTSKLAR_TRUSTED_LEDGER_KEYS) keys.push(...env.AMTSKLAR_TRUSTED_LEDGER_KEYS.split(/[,\s]+/).filter(Boolean));
  if (keys.length === 0) {
    throw new AmtsklarError('invalid_input', 'Kein vertrauenswürdiger Prüfschlüssel: --key <vkey>, --key-file <Datei> oder AMTSKLAR_TRUSTED_LEDGER_KEYS angeben', [
      { path: '--key', message: 'fehlt' },
    ]);
  }
  return keys;
}

function decisionClaim(file: string | undefined): DecisionClaim | undefined {
  if (!file) return undefined;
  const d = readJson(file) as Record<string, unknown> | null;
  const obj = (d && typeof d === 'object' && 'decision' in d ? d.decision : d) as { packHash?: unknown; receipt?: { resultHash?: unknown; packHash?: unknown }; resultHash?: unknown } | null;
  if (!obj || typeof obj !== 'object') throw new AmtsklarError('invalid_input', `${file}: keine Entscheidung (JSON-Objekt erwartet)`, [{ path: '$', message: 'kein Objekt' }]);
  const stated = obj.receipt?.resultHash ?? obj.resultHash;
  const content = obj as { outcome?: unknown; values?: unknown };
  if (content.outcome !== undefined && content.values !== undefined) {
    // A decision with its content: what it says counts, not the hash it names — an edited amount
    // keeps its old receipt.resultHash, and the receipt would otherwise confirm it
    const recomputed = resultHash(obj as unknown as Decision);
    if (recomputed !== stated) process.stderr.write(`Achtung: Die Entscheidung in ${file} wurde verändert – ihr Inhalt ergibt resultHash ${recomputed}, sie nennt ${String(stated)}.\n`);
    return { resultHash: recomputed, packHash: obj.packHash ?? obj.receipt?.packHash };
  }
  return { resultHash: stated, packHash: obj.packHash ?? obj.receipt?.packHash };
}

function print(v: ReceiptVerdict, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
    return;
  }
  for (const c of v.checks) process.stdout.write(`${c.ok ? '✓' : '✗'} ${c.check}: ${c.detail}\n`);
  process.stdout.write(v.ok ? 'Die Quittung ist gültig.\n' : 'Die Quittung ist NICHT gültig.\n');
}

export function register(program: Command): void {
  const receipt = program.command('receipt').description('Quittungen von Entscheidungen');
  receipt
    .command('verify')
    .description('Prüft eine Quittung offline: Eintrag, Inklusionsbeweis, Signatur des Prüfpunkts, optional die Entscheidung')
    .argument('<file>', `Quittung als JSON oder Kurzform (${TEXT_PREFIX}…); - liest die Standardeingabe`)
    .option('--key <vkey...>', 'vertrauenswürdiger Prüfschlüssel des Protokolls (C2SP-vkey)')
    .option('--key-file <file>', 'Datei mit vertrauenswürdigen Prüfschlüsseln')
    .option('--decision <file>', 'Entscheidung (JSON); resultHash und packHash müssen zum Eintrag passen')
    .option('--entry <file>', 'zur Kurzform: der Protokolleintrag (JSON)')
    .option('--json', 'Ergebnis als JSON')
    .action((file: string, opts: { key?: string[]; keyFile?: string; decision?: string; entry?: string; json?: boolean }) => {
      const keys = trustedKeys(opts);
      const text = readText(file).trim();
      const decision = decisionClaim(opts.decision);
      let verdict: ReceiptVerdict;
      if (text.startsWith(TEXT_PREFIX)) {
        verdict = verifyReceiptText(text, keys, { ...(opts.entry ? { entry: readJson(opts.entry) } : {}), ...(decision ? { decision } : {}) });
      } else {
        verdict = verifyReceipt(readJson(file === '-' ? '-' : file), keys, decision ? { decision } : {});
      }
      print(verdict, !!opts.json);
      if (!verdict.ok) throw new ExitStatus(1);
    });
}
