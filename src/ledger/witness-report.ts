import { sign, verify } from 'node:crypto';
import { fromBase64, toBase64 } from './hash.ts';
import { ed25519PublicKey, NoteError, openNote, parseSignerKey, parseVerifierKey, SIG_COSIGNATURE_V1, signNote, type Verifier } from './note.ts';

/**
 * What a witness tells the log's operators (and the auditor) after each look: a signed note
 *   amtsklar-witness-report/v1
 *   <origin> / <size> / <status> / time <POSIX seconds> / <base64 UTF-8 message>
 * signed with the witness's cosigner key. The header line separates it from cosignature
 * messages (which begin "cosignature/v1"), so one key can serve both without confusion.
 */
export const REPORT_HEADER = 'amtsklar-witness-report/v1';
export type ReportStatus = 'ok' | 'rollback' | 'split_view' | 'invalid';
const STATUSES: readonly ReportStatus[] = ['ok', 'rollback', 'split_view', 'invalid'];

export interface WitnessReportBody {
  origin: string;
  size: number;
  status: ReportStatus;
  time: number;
  message: string;
}

export function signWitnessReport(r: WitnessReportBody, witnessSignerKey: string): string {
  const k = parseSignerKey(witnessSignerKey);
  if (k.type !== SIG_COSIGNATURE_V1) throw new NoteError('Der Zeugenschlüssel ist nicht vom Typ cosignature/v1 (0x04)');
  const text = `${REPORT_HEADER}\n${r.origin}\n${r.size}\n${r.status}\ntime ${r.time}\n${toBase64(new TextEncoder().encode(r.message))}\n`;
  return signNote(text, [{ name: k.name, keyId: k.keyId, sign: (t) => new Uint8Array(sign(null, Buffer.from(t, 'utf8'), k.privateKey)) }]);
}

/** Verifies a report against the configured witness keys; returns it and who signed it. */
export function openWitnessReport(note: string, witnessVerifierKeys: readonly string[]): WitnessReportBody & { witness: string } {
  const verifiers: Verifier[] = witnessVerifierKeys.map((vkey) => {
    const k = parseVerifierKey(vkey);
    const pub = ed25519PublicKey(k.key);
    return { name: k.name, keyId: k.keyId, verify: (text, sig) => sig.length === 64 && text.startsWith(`${REPORT_HEADER}\n`) && verify(null, Buffer.from(text, 'utf8'), pub, sig) };
  });
  const opened = openNote(note, verifiers);
  const lines = opened.text.slice(0, -1).split('\n');
  const [header, origin, size, status, time, message] = lines;
  const msg = message !== undefined ? fromBase64(message) : undefined;
  if (
    lines.length !== 6 ||
    header !== REPORT_HEADER ||
    !origin ||
    !/^(0|[1-9]\d*)$/.test(size ?? '') ||
    !STATUSES.includes(status as ReportStatus) ||
    !/^time (0|[1-9]\d*)$/.test(time ?? '') ||
    !msg
  ) {
    throw new NoteError('Der Zeugenbericht ist nicht im Format amtsklar-witness-report/v1');
  }
  return {
    witness: opened.verifiedBy[0]!.name,
    origin,
    size: Number(size),
    status: status as ReportStatus,
    time: Number(time!.slice(5)),
    message: new TextDecoder().decode(msg),
  };
}
