import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { signCheckpoint } from './checkpoint.ts';
import { commit, newSalt } from './commitment.ts';
import { encodeEntry, type LedgerEntry } from './entries.ts';
import { fromBase64, toBase64 } from './hash.ts';
import { appendLeaves, inclusionProof, rootAt } from './log.ts';
import { MemoryLedgerStorage } from './memory-storage.ts';
import { generateKey, noteSigner } from './note.ts';
import { buildReceipt, receiptToText, verifyReceipt, verifyReceiptText, type Receipt } from './receipt.ts';

const ORIGIN = 'musterstadt.example/amtsklar-ledger';
const key = generateKey(ORIGIN);
const H = (c: string) => `sha256:${c.repeat(64)}`;

function decisionEntry(i: number): LedgerEntry {
  return {
    v: 1,
    type: 'decision',
    at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    municipality: 'musterstadt',
    case: commit(newSalt(), { caseId: `case-${i}` }),
    packId: 'wohngeld',
    packRelease: '2025.1',
    packHash: H('a'),
    inputHash: H('b'),
    resultHash: `sha256:${i.toString(16).padStart(64, '0')}`,
    outcome: 'granted',
  };
}

const entries = Array.from({ length: 37 }, (_, i) => decisionEntry(i));
const receipts: Receipt[] = [];

beforeAll(async () => {
  const store = new MemoryLedgerStorage();
  await appendLeaves(store, entries.slice(0, 20).map(encodeEntry));
  await appendLeaves(store, entries.slice(20).map(encodeEntry));
  const size = await store.treeSize();
  const note = signCheckpoint({ origin: ORIGIN, size, root: await rootAt(store, size), extensions: [] }, noteSigner(key.signerKey));
  for (let i = 0; i < size; i++) receipts.push(buildReceipt(entries[i]!, i, await inclusionProof(store, i, size), note, key.verifierKey));
});

function flip(b64: string, bit: number): string {
  const b = fromBase64(b64)!;
  b[Math.floor(bit / 8) % b.length]! ^= 1 << bit % 8;
  return toBase64(b);
}

describe('decision receipts', () => {
  it('every receipt verifies offline, with the decision it belongs to', () => {
    for (const [i, r] of receipts.entries()) {
      const v = verifyReceipt(JSON.parse(JSON.stringify(r)), [key.verifierKey], { decision: { resultHash: entries[i]!.type === 'decision' ? entries[i]!.resultHash : '', packHash: H('a') } });
      expect(v.ok, JSON.stringify(v.checks)).toBe(true);
      expect(v.treeSize).toBe(37);
    }
  });

  it('fails for another decision, an untrusted key, or a key named in the receipt only', () => {
    const r = receipts[5]!;
    const other = verifyReceipt(r, [key.verifierKey], { decision: { resultHash: H('f'), packHash: H('a') } });
    expect(other.ok).toBe(false);
    expect(other.checks.find((c) => !c.ok)!.detail).toMatch(/Entscheidung nennt/);
    const stranger = generateKey(ORIGIN);
    expect(verifyReceipt(r, [stranger.verifierKey]).ok).toBe(false);
    expect(verifyReceipt({ ...r, verifierKey: stranger.verifierKey }, [stranger.verifierKey]).ok).toBe(false);
    expect(verifyReceipt({ ...r, format: 'x' }, [key.verifierKey]).checks[0]!.detail).toMatch(/format/);
  });

  it('any single-bit change in entry, proof, index, tree size or root fails (fast-check)', () => {
    fc.assert(
      fc.property(fc.nat(36), fc.nat(255), fc.constantFrom('entry', 'proof', 'index', 'size', 'root'), (i, bit, what) => {
        const r: Receipt = JSON.parse(JSON.stringify(receipts[i]!));
        if (what === 'entry') {
          const e = r.entry as { resultHash: string };
          const c = parseInt(e.resultHash.slice(-1), 16) ^ (1 << bit % 4);
          e.resultHash = e.resultHash.slice(0, -1) + c.toString(16);
        } else if (what === 'proof') {
          if (r.inclusionProof.length === 0) return;
          const k = bit % r.inclusionProof.length;
          r.inclusionProof[k] = flip(r.inclusionProof[k]!, bit);
        } else if (what === 'index') {
          r.leafIndex ^= 1 << bit % 8;
        } else {
          const lines = r.checkpoint.split('\n');
          if (what === 'size') lines[1] = String(Number(lines[1]) ^ (1 << bit % 8));
          else lines[2] = flip(lines[2]!, bit);
          r.checkpoint = lines.join('\n');
        }
        expect(verifyReceipt(r, [key.verifierKey]).ok).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('has a short text form for the Bescheid that verifies alone and with the entry', () => {
    const r = receipts[17]!;
    const text = receiptToText(r);
    expect(text).toMatch(/^AKQ1\.[A-Za-z0-9_-]+$/);
    expect(text.length).toBeLessThan(1200);
    expect(verifyReceiptText(text, [key.verifierKey]).ok).toBe(true);
    expect(verifyReceiptText(text, [key.verifierKey], { entry: r.entry, decision: { resultHash: entries[17]!.type === 'decision' ? entries[17]!.resultHash : '', packHash: H('a') } }).ok).toBe(true);
    expect(verifyReceiptText(text, [key.verifierKey], { entry: entries[16] }).ok).toBe(false);
    const chars = [...text];
    const pos = 20 + (text.length - 25) / 2;
    chars[pos] = chars[pos] === 'A' ? 'B' : 'A';
    expect(verifyReceiptText(chars.join(''), [key.verifierKey]).ok).toBe(false);
    expect(verifyReceiptText('AKQ1.kaputt', [key.verifierKey]).ok).toBe(false);
  });
});
