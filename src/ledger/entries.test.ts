import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, isAmtsklarError } from '../common/index.ts';
import { commit, newSalt, opensTo } from './commitment.ts';
import { checkEntryText, decodeEntry, decodeEntryText, encodeEntry, validateEntry, type LedgerEntry } from './entries.ts';

const H = `sha256:${'ab'.repeat(32)}`;
const salt = newSalt();
const decision: LedgerEntry = {
  v: 1,
  type: 'decision',
  at: '2025-03-01T10:00:00.000Z',
  municipality: 'musterstadt',
  case: commit(salt, { caseId: '0b6f3c1e-7d2a-4c59-9d0e-2f4c1a7b8e90' }),
  packId: 'wohngeld',
  packRelease: '2025.1',
  packHash: H,
  inputHash: H,
  resultHash: H,
  outcome: 'granted',
};

function problems(v: unknown): string[] {
  try {
    validateEntry(v);
    return [];
  } catch (e) {
    if (!isAmtsklarError(e)) throw e;
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe('ledger entries', () => {
  it('accepts a well-formed entry and round-trips it canonically', () => {
    expect(validateEntry(decision)).toBe(decision);
    const bytes = encodeEntry(decision);
    expect(new TextDecoder().decode(bytes).startsWith('{"at":"2025-03-01T10:00:00.000Z","case":"commit:')).toBe(true);
    expect(decodeEntry(bytes)).toEqual(decision);
  });

  it('rejects free text, personal data and unknown fields, naming each field', () => {
    expect(problems({ ...decision, outcome: 'Antrag abgelehnt wegen Einkommen' })).toEqual([
      '$.outcome: muss ein Code-Wert (Kleinbuchstaben, Ziffern, _ . -) sein; Freitext gehört nicht ins Protokoll',
    ]);
    expect(problems({ ...decision, name: 'Erika' })[0]).toMatch(/^\$\.name: ist kein Feld/);
    expect(problems({ ...decision, case: 'Erika Mustermann' })[0]).toMatch(/^\$\.case: muss ein gesalzenes Commitment/);
    expect(problems({ ...decision, packRelease: 'Erika Mustermann, geb. 1.1.1970' })[0]).toMatch(/Freitext/);
    expect(problems({ ...decision, resultHash: 'sha256:zz' })[0]).toMatch(/^\$\.resultHash: muss ein Hash/);
    expect(problems({ ...decision, at: 'gestern' })[0]).toMatch(/^\$\.at:/);
    const { resultHash: _, ...without } = decision;
    expect(problems(without)).toEqual(['$.resultHash: fehlt']);
    expect(problems({ ...decision, type: 'notiz' })).toEqual([expect.stringMatching(/^\$\.type: muss einer von/)]);
    expect(problems({ ...decision, type: 'toString' })).toEqual([expect.stringMatching(/^\$\.type: muss einer von/)]);
    expect(problems({ v: 1, type: 'objection', at: decision.at, municipality: 'm', case: decision.case, objectionId: 'o1', textCommitment: 'Ich widerspreche, weil …' })).toEqual([
      '$.textCommitment: muss ein gesalzenes Commitment (commit:<64 Hex>) sein',
    ]);
  });

  it('encodes exactly as the general RFC 8785 implementation', () => {
    const approval = { v: 1, type: 'approval', at: decision.at, municipality: 'm', case: decision.case, actorRole: 'team_lead', actor: 'u-1', step: 2, resultHash: H, recordCommitment: decision.case };
    for (const e of [decision, approval, { ...decision, packRelease: 'Z.9_a-b:c@d' }]) {
      expect(new TextDecoder().decode(encodeEntry(e as LedgerEntry))).toBe(canonicalJson(e));
    }
  });

  it('records a fairness report by its hash, system and period, and nothing else', () => {
    const report = { v: 1, type: 'fairness_report', at: decision.at, municipality: 'musterstadt', actorRole: 'system', actor: 'system', reportId: '0f3a9c51d2e84b7a9c0d1e2f3a4b5c6d', systemId: 'kita-beitrag', periodFrom: '2026-01', periodTo: '2026-03', reportHash: H };
    expect(decodeEntry(encodeEntry(report as LedgerEntry))).toEqual(report);
    expect(problems({ ...report, systemId: 'Kita Beitrag' })[0]).toMatch(/^\$\.systemId: .*Freitext/);
    expect(problems({ ...report, groups: 'weiblich: 10' })[0]).toMatch(/^\$\.groups: ist kein Feld/);
    const { reportHash: _, ...without } = report;
    expect(problems(without)).toEqual(['$.reportHash: fehlt']);
  });

  it('refuses non-canonical leaf bytes', () => {
    const pretty = new TextEncoder().encode(JSON.stringify(decision, null, 1));
    expect(() => decodeEntry(pretty)).toThrow(/kanonisch/);
  });

  it('commitments bind salt and value and reveal nothing without the salt', () => {
    const c = commit(salt, 'Erika Mustermann');
    expect(c).toMatch(/^commit:[0-9a-f]{64}$/);
    expect(opensTo(c, salt, 'Erika Mustermann')).toBe(true);
    expect(opensTo(c, salt, 'Erika Musterfrau')).toBe(false);
    expect(opensTo(c, newSalt(), 'Erika Mustermann')).toBe(false);
    expect(commit(newSalt(), 'Erika Mustermann')).not.toBe(c);
  });

  it('reads a leaf text through its type pattern exactly as through parse, check and re-serialisation (fast-check)', () => {
    const C = decision.case;
    const valid = [
      decision,
      { v: 1, type: 'approval', at: '2025-03-01T10:00:00Z', municipality: 'm', case: C, actorRole: 'team_lead', actor: 'u-1', step: 12, resultHash: H, recordCommitment: C },
      { v: 1, type: 'approval', at: '2025-03-01T10:00:00.5Z', municipality: 'm', case: C, actorRole: 'team_lead', actor: 'u-1', step: 0, resultHash: H, textHash: H, recordCommitment: C },
      { v: 1, type: 'draft', at: decision.at, municipality: 'm', case: C, draftId: 'd-1', kind: 'bescheid', textHash: H },
      { v: 1, type: 'draft', at: decision.at, municipality: 'm', case: C, draftId: 'd-1', kind: 'bescheid', textHash: H, resultHash: H, model: 'qwen2.5:7b', promptHash: H },
      { v: 1, type: 'data_access', at: decision.at, municipality: 'm', actorRole: 'caseworker', actor: 'u-2', purposeHash: H, whatHash: H },
      { v: 1, type: 'erasure', at: decision.at, municipality: 'm', case: C, actorRole: 'dpo', actor: 'u-3', legalBasis: 'dsgvo-art17', method: 'crypto-shredding', keyFingerprint: H },
    ];
    const texts = valid.map((e) => new TextDecoder().decode(encodeEntry(e as LedgerEntry)));
    texts.forEach((t, i) => expect(decodeEntryText(t)).toEqual(valid[i]));
    // What the slow path accepts, independently of both paths: RFC 8785 of a valid entry is the text.
    const accepted = (t: string): boolean => {
      try {
        return canonicalJson(validateEntry(JSON.parse(t))) === t;
      } catch {
        return false;
      }
    };
    const outcome = (f: () => unknown): string => {
      try {
        return JSON.stringify(f()) ?? 'ok';
      } catch (e) {
        return isAmtsklarError(e) ? `error: ${e.message}` : 'crash';
      }
    };
    const chars = fc.constantFrom('"', '\\', ' ', ',', ':', '{', '}', '0', '1', '9', '-', 'a', 'A', 'z', 'T', 'Z', '.', '_', 'ä', '\u2028', '\n', 'sha256:', '"v":1', ',"x":"y"');
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.nat(600), fc.nat(3), chars, (k, pos, len, c) => {
        const t = texts[k]!;
        const at = pos % (t.length + 1);
        const changed = t.slice(0, at) + c + t.slice(at + len);
        const decoded = outcome(() => decodeEntryText(changed));
        expect(decoded.startsWith('error') ? false : true).toBe(accepted(changed));
        expect(decoded).toBe(outcome(() => decodeEntry(new TextEncoder().encode(changed))));
        expect(outcome(() => checkEntryText(changed)).startsWith('error')).toBe(decoded.startsWith('error'));
      }),
      { numRuns: 3000 },
    );
    // Numbers and times the patterns let through but the field check refuses.
    const approval = texts[1]!;
    expect(() => decodeEntryText(approval.replace('"step":12', '"step":90071992547409930'))).toThrow();
    expect(() => decodeEntryText(approval.replace('"step":12', '"step":9007199254740993'))).toThrow();
    expect(() => decodeEntryText(approval.replace('2025-03-01T10', '2025-13-01T10'))).toThrow();
    expect(decodeEntryText(approval.replace('"step":12', '"step":9007199254740991'))).toMatchObject({ step: 9007199254740991 });
  });
});
