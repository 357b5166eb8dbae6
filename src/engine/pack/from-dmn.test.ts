import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AmtsklarError } from '../../common/index.ts';
import { buildPack, checkPack, decide, dmnToPackFiles, evaluateDecision, parseDmn } from '../index.ts';
import { feelToJson, jsonToFeel } from '../feel/index.ts';

const tck = new URL('../../../../shared/conformance/dmn-tck/TestCases/', import.meta.url).pathname;
const model = (folder: string) => {
  const file = join(tck, folder, `${folder.replace(/^compliance-level-\d\//, '')}.dmn`);
  return parseDmn(readFileSync(file, 'utf8'), file);
};

describe('DMN model → rule pack', () => {
  it('turns a decision table model into a pack that decides like the DMN evaluator', () => {
    const m = model('compliance-level-2/0004-simpletable-U');
    const files = dmnToPackFiles(m, { id: 'kredit', validFrom: '2025-01-01' });
    const report = checkPack(files);
    // a draft: everything holds except the legal references the experts still have to write
    expect(report.findings.filter((f) => f.severity === 'error' && f.check !== 'norm')).toEqual([]);
    expect(report.findings.some((f) => f.check === 'norm' && f.severity === 'error' && f.message.includes('Platzhalter'))).toBe(true);
    expect(report.ok).toBe(false);
    const pack = buildPack(files);
    for (const input of [
      { Age: 18, RiskCategory: 'Medium', isAffordable: true },
      { Age: 17, RiskCategory: 'Medium', isAffordable: true },
      { Age: 30, RiskCategory: 'High', isAffordable: false },
    ]) {
      const expected = feelToJson(evaluateDecision(m, 'Approval Status', jsonToFeel(input) as never));
      expect(decide(pack, { stichtag: '2025-06-01', ...input }).values['Approval Status']).toBe(expected);
    }
  });

  it('keeps structured inputs from item definitions and literal expressions exact', () => {
    const m = model('compliance-level-2/0008-LX-arithmetic');
    const pack = buildPack(dmnToPackFiles(m, { id: 'kredit', validFrom: '2025-01-01' }));
    const loan = { principal: 600000, rate: 0.0375, termMonths: 360 };
    const expected = feelToJson(evaluateDecision(m, 'payment', jsonToFeel({ loan }) as never));
    const d = decide(pack, { stichtag: '2025-06-01', loan });
    expect(String(d.values.payment)).toBe(String(expected));
    expect(String(d.values.payment)).toMatch(/^2778\.6935494327667/);
  });

  it('names what a pack cannot hold instead of dropping it', () => {
    const m = model('compliance-level-3/0009-append-flatten');
    const withContext = { ...m, decisions: m.decisions.map((d, i) => (i === 0 ? { ...d, expression: { kind: 'context' as const, entries: [] } } : d)) };
    let err: unknown;
    try {
      dmnToPackFiles(withContext, { id: 'x', validFrom: '2025-01-01' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AmtsklarError);
    expect((err as AmtsklarError).message).toContain('(context)');
  });
});
