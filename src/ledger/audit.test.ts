import { describe, expect, it } from 'vitest';
import { auditLog } from './audit.ts';
import { CompactRange } from './compact.ts';
import { hashLeaf } from './hash.ts';
import { appendLeaves, rootAt } from './log.ts';
import { MemoryLedgerStorage } from './memory-storage.ts';
import type { LeafRecord, LedgerStorage } from './storage.ts';
import { completedNodes } from './tree.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

async function fixture() {
  const s = new MemoryLedgerStorage();
  await appendLeaves(s, Array.from({ length: 50 }, (_, i) => bytes(`e${i}`)));
  const cps = [{ size: 20, root: await rootAt(s, 20) }, { size: 50, root: await rootAt(s, 50) }];
  return { s, cps };
}

/** The same storage with one read answer changed: what a tampered database returns. */
function tampered(s: LedgerStorage, change: (l: LeafRecord[]) => LeafRecord[]): LedgerStorage {
  return { ...s, treeSize: () => s.treeSize(), readNodes: (ids) => s.readNodes(ids), append: (fn) => s.append(fn), readLeaves: async (a, b) => change(await s.readLeaves(a, b)) };
}

describe('full log audit', () => {
  it('finds nothing in an intact log, in any chunk size', async () => {
    const { s, cps } = await fixture();
    for (const chunk of [1, 7, 16, 1000]) expect(await auditLog(s, cps, { chunk })).toEqual([]);
  });

  it('names a changed entry, a forged leaf hash, a missing entry and a checkpoint beyond the data', async () => {
    const { s, cps } = await fixture();
    const changed = tampered(s, (ls) => ls.map((l) => (l.index === 33 ? { ...l, data: bytes('e33!') } : l)));
    const f1 = await auditLog(changed, cps, { chunk: 8 });
    // The changed entry, the stored subtrees above it that no longer fit, and the signed root.
    expect(f1.map((f) => f.where)).toEqual(['Eintrag 33', 'Teilbaum 1/16', 'Teilbaum 2/8', 'Teilbaum 3/4', 'Teilbaum 4/2', 'Prüfpunkt bei 50 Einträgen']);
    const forged = tampered(s, (ls) => ls.map((l) => (l.index === 3 ? { ...l, data: bytes('x'), hash: hashLeaf('x') } : l)));
    expect((await auditLog(forged, cps, { chunk: 8 })).map((f) => f.where)).toEqual(expect.arrayContaining(['Prüfpunkt bei 20 Einträgen', 'Teilbaum 1/1']));
    const gap = tampered(s, (ls) => ls.filter((l) => l.index !== 10));
    expect((await auditLog(gap, cps, { chunk: 8 }))[0]).toEqual({ where: 'Eintrag 10', message: 'fehlt; als Nächstes steht Eintrag 11 im Protokoll' });
    const more = await auditLog(s, [...cps, { size: 60, root: cps[0]!.root }]);
    expect(more.map((f) => f.where)).toEqual(['Prüfpunkt bei 60 Einträgen']);
  });

  it('knows which stored subtrees a chunk completes before hashing it (the ids it reads ahead)', () => {
    const range = new CompactRange();
    for (const [start, end] of [[0, 1], [1, 8], [8, 9], [9, 100], [100, 1000], [1000, 1025]] as const) {
      const done = [];
      for (let i = start; i < end; i++) done.push(...range.push(hashLeaf(`e${i}`)).slice(1).map((n) => n.id));
      expect(completedNodes(start, end)).toEqual(done);
    }
  });
});
