import { canonicalJson } from '../common/index.ts';
import { openCheckpoint } from './checkpoint.ts';
import { decodeEntry, validateEntry, type LedgerEntry } from './entries.ts';
import { fromBase64, hashFromBase64, hashLeaf, sameHash, toBase64, toHex, type Hash } from './hash.ts';
import { noteVerifier, parseNote, parseVerifierKey, signatureLine, type Verifier } from './note.ts';
import { verifyInclusion } from './verify.ts';

/**
 * A decision receipt: the entry, where it sits in the log, the proof, and the log's signed
 * checkpoint. Anyone holding the log's public key can check it offline.
 */
export const RECEIPT_FORMAT = 'amtsklar-receipt/v1';

export interface Receipt {
  format: typeof RECEIPT_FORMAT;
  entry: LedgerEntry;
  leafIndex: number;
  /** Base64 hashes, bottom-up (RFC 9162 PATH). */
  inclusionProof: string[];
  /** The C2SP signed checkpoint the proof leads to. */
  checkpoint: string;
  /** The log's verifier key as the issuer states it; trust comes from the caller's keys. */
  verifierKey: string;
}

export function buildReceipt(entry: LedgerEntry, leafIndex: number, proof: readonly Hash[], checkpoint: string, verifierKey: string): Receipt {
  return { format: RECEIPT_FORMAT, entry, leafIndex, inclusionProof: proof.map(toBase64), checkpoint, verifierKey };
}

export interface ReceiptCheck {
  /** What was checked, in German. */
  check: string;
  ok: boolean;
  detail: string;
}

export interface ReceiptVerdict {
  ok: boolean;
  checks: ReceiptCheck[];
  treeSize?: number;
  root?: string;
}

/** What a citizen may hold beside the receipt: the decision as issued. */
export interface DecisionClaim {
  resultHash?: unknown;
  packHash?: unknown;
}

interface Core {
  leafHash: Hash;
  leafIndex: number;
  proof: Hash[];
  checkpoint: string;
  entry?: LedgerEntry;
}

function trustedVerifier(checkpoint: string, trustedKeys: readonly string[]): Verifier | string {
  let origin: string;
  try {
    origin = parseNote(checkpoint).text.split('\n')[0]!;
  } catch (e) {
    return `Prüfpunkt unlesbar: ${(e as Error).message}`;
  }
  const keys = trustedKeys.flatMap((k) => {
    try {
      return parseVerifierKey(k).name === origin ? [noteVerifier(k)] : [];
    } catch {
      return [];
    }
  });
  const signers = new Set(parseNote(checkpoint).signatures.map((s) => `${s.name}/${s.keyId}`));
  return keys.find((v) => signers.has(`${v.name}/${v.keyId}`)) ?? `Kein vertrauenswürdiger Schlüssel für das Protokoll ${JSON.stringify(origin)}`;
}

function verifyCore(core: Core, trustedKeys: readonly string[], decision?: DecisionClaim): ReceiptVerdict {
  const checks: ReceiptCheck[] = [];
  const verdict: ReceiptVerdict = { ok: false, checks };
  const v = trustedVerifier(core.checkpoint, trustedKeys);
  if (typeof v === 'string') {
    checks.push({ check: 'Signatur des Prüfpunkts', ok: false, detail: v });
    return verdict;
  }
  let size: number;
  let root: Hash;
  try {
    const { checkpoint } = openCheckpoint(core.checkpoint, v);
    size = checkpoint.size;
    root = checkpoint.root;
    verdict.treeSize = size;
    verdict.root = toBase64(root);
    checks.push({ check: 'Signatur des Prüfpunkts', ok: true, detail: `signiert von ${v.name}, ${size} Einträge` });
  } catch (e) {
    checks.push({ check: 'Signatur des Prüfpunkts', ok: false, detail: (e as Error).message });
    return verdict;
  }
  const inc = verifyInclusion(core.leafIndex, size, core.leafHash, core.proof, root);
  checks.push({
    check: 'Eintrag im Protokoll',
    ok: inc.ok,
    detail: inc.ok ? `Eintrag ${core.leafIndex} (Blatt ${toHex(core.leafHash).slice(0, 16)}…) ist im signierten Baum enthalten` : inc.reason,
  });
  if (decision !== undefined) {
    const e = core.entry;
    if (!e || e.type !== 'decision') {
      checks.push({ check: 'Bescheid passt zum Eintrag', ok: false, detail: 'Die Quittung belegt keine Entscheidung' });
    } else {
      for (const field of ['resultHash', 'packHash'] as const) {
        const claimed = decision[field];
        const ok = typeof claimed === 'string' && claimed === e[field];
        checks.push({
          check: `${field} der Entscheidung`,
          ok,
          detail: ok ? `${claimed} stimmt überein` : `Entscheidung nennt ${JSON.stringify(claimed ?? null)}, das Protokoll ${e[field]}`,
        });
      }
    }
  }
  verdict.ok = checks.every((c) => c.ok);
  return verdict;
}

/** Checks a JSON receipt offline against the trusted log keys (and the decision, when given). */
export function verifyReceipt(receipt: unknown, trustedKeys: readonly string[], opts: { decision?: DecisionClaim } = {}): ReceiptVerdict {
  const r = receipt as Partial<Receipt> | null;
  const bad = (detail: string): ReceiptVerdict => ({ ok: false, checks: [{ check: 'Aufbau der Quittung', ok: false, detail }] });
  if (!r || typeof r !== 'object' || r.format !== RECEIPT_FORMAT) return bad(`$.format muss ${RECEIPT_FORMAT} sein`);
  if (!Number.isSafeInteger(r.leafIndex) || r.leafIndex! < 0) return bad('$.leafIndex muss eine nicht-negative ganze Zahl sein');
  if (typeof r.checkpoint !== 'string') return bad('$.checkpoint fehlt');
  if (!Array.isArray(r.inclusionProof)) return bad('$.inclusionProof muss eine Liste sein');
  const proof: Hash[] = [];
  for (const [i, p] of r.inclusionProof.entries()) {
    const h = typeof p === 'string' ? hashFromBase64(p) : undefined;
    if (!h) return bad(`$.inclusionProof[${i}] ist kein Base64-kodierter 32-Byte-Hash`);
    proof.push(h);
  }
  let entry: LedgerEntry;
  try {
    entry = validateEntry(r.entry);
  } catch (e) {
    return bad(`$.entry: ${(e as Error).message}`);
  }
  const leafHash = hashLeaf(canonicalJson(entry));
  const out = verifyCore({ leafHash, leafIndex: r.leafIndex!, proof, checkpoint: r.checkpoint, entry }, trustedKeys, opts.decision);
  out.checks.unshift({ check: 'Aufbau der Quittung', ok: true, detail: `Eintrag vom Typ ${entry.type}` });
  return out;
}

/**
 * The short form for a QR code or a printed code: `AKQ1.` + base64url of
 *   u8 signature count (1) ‖ u32 leaf index ‖ u64 tree size ‖ 32-byte root ‖ 32-byte leaf hash
 *   ‖ u8 proof length ‖ proof hashes ‖ u32 key ID ‖ 64-byte signature ‖ origin (UTF-8)
 * The checkpoint is rebuilt from it byte for byte, so the log's signature still verifies.
 * The entry itself is not inside; given the entry JSON, its leaf hash is compared too.
 */
export const TEXT_PREFIX = 'AKQ1.';

export function receiptToText(receipt: Receipt): string {
  const { text, signatures } = parseNote(receipt.checkpoint);
  const [origin, sizeText, rootText] = text.split('\n') as [string, string, string];
  if (text !== `${origin}\n${sizeText}\n${rootText}\n`) throw new Error('Prüfpunkte mit Erweiterungszeilen haben keine Kurzform');
  const sig = signatures.find((s) => s.name === origin && s.signature.length === 64);
  if (!sig) throw new Error('Der Prüfpunkt trägt keine Ed25519-Signatur des Protokolls');
  const leaf = hashLeaf(canonicalJson(receipt.entry));
  const proof = receipt.inclusionProof.map((p) => fromBase64(p)!);
  const originBytes = new TextEncoder().encode(origin);
  const buf = new Uint8Array(1 + 4 + 8 + 32 + 32 + 1 + proof.length * 32 + 4 + 64 + originBytes.length);
  const dv = new DataView(buf.buffer);
  let at = 0;
  buf[at++] = 1;
  dv.setUint32(at, receipt.leafIndex);
  at += 4;
  dv.setBigUint64(at, BigInt(sizeText));
  at += 8;
  buf.set(fromBase64(rootText)!, at);
  at += 32;
  buf.set(leaf, at);
  at += 32;
  buf[at++] = proof.length;
  for (const p of proof) {
    buf.set(p, at);
    at += 32;
  }
  dv.setUint32(at, sig.keyId);
  at += 4;
  buf.set(sig.signature, at);
  at += 64;
  buf.set(originBytes, at);
  return TEXT_PREFIX + Buffer.from(buf).toString('base64url');
}

function parseText(text: string): Core | string {
  if (!text.startsWith(TEXT_PREFIX)) return `Der Code muss mit ${TEXT_PREFIX} beginnen`;
  const body = text.slice(TEXT_PREFIX.length).trim();
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return 'Der Code enthält unzulässige Zeichen';
  const buf = new Uint8Array(Buffer.from(body, 'base64url'));
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const fixed = 1 + 4 + 8 + 32 + 32 + 1;
  if (buf.length < fixed + 68 + 1 || buf[0] !== 1) return 'Der Code ist unvollständig oder hat eine unbekannte Version';
  const leafIndex = dv.getUint32(1);
  const size = dv.getBigUint64(5);
  const root = buf.slice(13, 45);
  const leafHash = buf.slice(45, 77);
  const n = buf[77]!;
  if (buf.length < fixed + n * 32 + 68 + 1) return 'Der Code ist unvollständig';
  const proof = Array.from({ length: n }, (_, i) => buf.slice(fixed + i * 32, fixed + (i + 1) * 32));
  let at = fixed + n * 32;
  const keyId = dv.getUint32(at);
  at += 4;
  const signature = buf.slice(at, at + 64);
  let origin: string;
  try {
    origin = new TextDecoder('utf-8', { fatal: true }).decode(buf.slice(at + 64));
  } catch {
    return 'Der Ursprung im Code ist kein UTF-8';
  }
  const checkpoint = `${origin}\n${size}\n${toBase64(root)}\n\n${signatureLine(origin, keyId, signature)}`;
  return { leafHash, leafIndex, proof, checkpoint };
}

/** Checks the short form; with the entry (leaf bytes as canonical JSON or object) its leaf hash must match too. */
export function verifyReceiptText(
  text: string,
  trustedKeys: readonly string[],
  opts: { entry?: unknown; decision?: DecisionClaim } = {},
): ReceiptVerdict {
  const core = parseText(text);
  if (typeof core === 'string') return { ok: false, checks: [{ check: 'Aufbau des Codes', ok: false, detail: core }] };
  if (opts.entry !== undefined) {
    let entry: LedgerEntry;
    try {
      entry = typeof opts.entry === 'string' ? decodeEntry(new TextEncoder().encode(opts.entry)) : validateEntry(opts.entry);
    } catch (e) {
      return { ok: false, checks: [{ check: 'Eintrag', ok: false, detail: (e as Error).message }] };
    }
    if (!sameHash(hashLeaf(canonicalJson(entry)), core.leafHash)) {
      return { ok: false, checks: [{ check: 'Eintrag', ok: false, detail: 'Der Eintrag passt nicht zum Blatt-Hash im Code' }] };
    }
    core.entry = entry;
  }
  return verifyCore(core, trustedKeys, opts.decision);
}
