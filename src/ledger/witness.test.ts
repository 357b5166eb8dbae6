import { describe, expect, it } from 'vitest';
import { signCheckpoint } from './checkpoint.ts';
import { hashLeaf } from './hash.ts';
import { appendLeaves, consistencyProof, rootAt } from './log.ts';
import { MemoryLedgerStorage } from './memory-storage.ts';
import { generateKey, noteSigner, noteVerifier } from './note.ts';
import { witnessStep, type WitnessState } from './witness.ts';

const ORIGIN = 'musterstadt.example/ledger';
const key = generateKey(ORIGIN);
const signer = noteSigner(key.signerKey);
const verifier = noteVerifier(key.verifierKey);
const bytes = (s: string) => new TextEncoder().encode(s);

async function log(prefix: string, n: number) {
  const s = new MemoryLedgerStorage();
  await appendLeaves(s, Array.from({ length: n }, (_, i) => bytes(`${prefix}${i}`)));
  return s;
}
async function cp(s: MemoryLedgerStorage, size: number) {
  return signCheckpoint({ origin: ORIGIN, size, root: await rootAt(s, size), extensions: [] }, signer);
}

describe('witness state machine', () => {
  it('accepts first sight, then append-only growth with a valid proof', async () => {
    const s = await log('e', 30);
    const first = witnessStep(undefined, { checkpoint: await cp(s, 10), proof: [] }, verifier);
    expect(first.kind).toBe('ok');
    const state = (first as { state: WitnessState }).state;
    const next = witnessStep(state, { checkpoint: await cp(s, 30), proof: await consistencyProof(s, 10, 30) }, verifier);
    expect(next).toMatchObject({ kind: 'ok', grew: true, state: { size: 30 } });
    expect(witnessStep(state, { checkpoint: await cp(s, 10), proof: [] }, verifier)).toMatchObject({ kind: 'ok', grew: false });
  });

  it('raises a split-view alarm for two checkpoints of one size with different roots', async () => {
    const a = await log('e', 12);
    const b = await log('e', 11);
    await appendLeaves(b, [bytes('gefälscht')]);
    const seen = witnessStep(undefined, { checkpoint: await cp(a, 12), proof: [] }, verifier);
    const out = witnessStep((seen as { state: WitnessState }).state, { checkpoint: await cp(b, 12), proof: [] }, verifier);
    expect(out.kind).toBe('split_view');
    expect(out.message).toMatch(/^ALARM: Geteilte Sicht \(Fork\).*12 Einträgen und verschiedenen Wurzeln/);
  });

  it('raises a split-view alarm when the larger checkpoint does not extend the one seen', async () => {
    const a = await log('e', 8);
    const b = await log('x', 20);
    const seen = (witnessStep(undefined, { checkpoint: await cp(a, 8), proof: [] }, verifier) as { state: WitnessState }).state;
    // The forked log offers its own (internally valid) proof: it cannot connect to what was seen.
    const out = witnessStep(seen, { checkpoint: await cp(b, 20), proof: await consistencyProof(b, 8, 20) }, verifier);
    expect(out.kind).toBe('split_view');
    expect(out.message).toMatch(/setzt den zuletzt gesehenen mit 8 Einträgen nicht fort/);
  });

  it('raises a rollback alarm for a smaller checkpoint and refuses bad signatures', async () => {
    const a = await log('e', 9);
    const seen = (witnessStep(undefined, { checkpoint: await cp(a, 9), proof: [] }, verifier) as { state: WitnessState }).state;
    expect(witnessStep(seen, { checkpoint: await cp(a, 5), proof: [] }, verifier).kind).toBe('rollback');
    const other = generateKey(ORIGIN);
    const forged = signCheckpoint({ origin: ORIGIN, size: 9, root: hashLeaf('x'), extensions: [] }, noteSigner(other.signerKey));
    expect(witnessStep(seen, { checkpoint: forged, proof: [] }, verifier).kind).toBe('invalid');
  });
});
