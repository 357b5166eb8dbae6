import { describe, expect, it } from 'vitest';
import { codeInCell, PACKED_TO_CELL } from './cells.ts';
import { buildColumns, indexSurveys, parseCents, SurveyIndex } from './columns.ts';
import { Rng } from './random.ts';

describe('survey index and columns', () => {
  it('finds every pseudonym after growing from a small table, and nothing else', () => {
    const index = new SurveyIndex();
    const rng = new Rng('index');
    const keys = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? `p-${i}` : rng.hex128()));
    keys.forEach((k, i) => expect(index.add(k, i % 1000)).toBe(true));
    expect(index.size).toBe(5000);
    keys.forEach((k, i) => expect(index.get(`${k}`)).toBe(i % 1000));
    expect(index.get('missing')).toBeUndefined();
    expect(index.add(keys[17]!, 1)).toBe(false);
    expect(index.get(keys[17]!)).toBe(17);
  });

  it('packs consented answers and ignores answers without consent', () => {
    function* responses() {
      yield { pseudonym: 'a', consent: true, answers: { gender: 'divers', migrationBackground: 'ja' } };
      yield { pseudonym: 'b', consent: false, answers: { gender: 'weiblich' } };
    }
    const index = indexSurveys(responses());
    const decision = { system: 's', period: '2026-01', claim: true, amount: '1.5', routedToHuman: false, nachforderung: false, processingDays: 3, objectionFiled: false, changedOnObjection: false };
    const columns = buildColumns([{ ...decision, pseudonym: 'a' }, { ...decision, pseudonym: 'b' }, { ...decision, pseudonym: 'c' }], index, { system: 's', from: '2026-01', to: '2026-01' });
    expect([...columns.cells].map((c) => codeInCell(c, 'gender'))).toEqual([3, 0, 0]);
    expect([...columns.cells].map((c) => codeInCell(c, 'migrationBackground'))).toEqual([1, 0, 0]);
    expect([...columns.cells].map((c) => codeInCell(c, 'ageGroup'))).toEqual([0, 0, 0]);
    expect(PACKED_TO_CELL[0]).toBe(0);
    expect(columns.withSurvey).toBe(1);
    expect([...columns.amountCents]).toEqual([150, 150, 150]);
  });

  it('reads decimal amounts exactly and refuses anything else', () => {
    expect(parseCents('0', '$')).toBe(0);
    expect(parseCents('297', '$')).toBe(29_700);
    expect(parseCents('297.5', '$')).toBe(29_750);
    expect(parseCents('297.05', '$')).toBe(29_705);
    for (const bad of ['', '.5', '1.', '1.234', '-1', '1,5', '1e3', ' 1']) expect(() => parseCents(bad, '$.betrag')).toThrow(/\$\.betrag/);
    expect(() => parseCents('99999999999999999', '$.betrag')).toThrow(/zu groß/);
  });
});
