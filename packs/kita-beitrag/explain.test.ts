import { describe, expect, it } from 'vitest';
import { decide, explainText } from '../../src/engine/index.ts';
import { loadPackFromDir } from '../../src/pack-files/index.ts';

const pack = loadPackFromDir(new URL('.', import.meta.url).pathname);
const citizen = (input: unknown) => explainText(pack, decide(pack, input), 'citizen');

describe('the citizen explanation of the Kita fee', () => {
  it('without income proof: no sentence about an unknown income, the table value before the surcharge, no sibling line', () => {
    const text = citizen({ stichtag: '2025-09-01', kind: { geburtsdatum: '2023-03-01', betreuungsstunden_woche: 45 } });
    expect(text).not.toContain('fehlt');
    expect(text).toContain('Laut Tabelle beträgt der Beitrag 510 Euro im Monat.');
    expect(text).toContain('Zuschlag von 30 % hinzu; das sind 663 Euro');
    expect(text).not.toContain('Geschwister');
    expect(text.indexOf('Einkommensstufe 7')).toBeLessThan(text.indexOf('Laut Tabelle'));
  });

  it('tells the steps in the order of the statute and names a discount only when there is one', () => {
    const text = citizen({
      stichtag: '2025-09-01',
      kind: { geburtsdatum: '2021-06-01', betreuungsstunden_woche: 25 },
      einkuenfte_eltern_vorjahr: 80000,
      // the sibling in care is a further child of the household: 6.000 Euro less (§ 2 Abs. 2)
      geschwister_in_betreuung: [{ geburtsdatum: '2019-01-01' }],
    });
    expect(text).not.toContain('Zuschlag');
    const steps = ['Jahreseinkommen von 74.000 Euro', 'Einkommensstufe', 'Laut Tabelle', 'Nach der Geschwisterermäßigung'].map((s) => text.indexOf(s));
    expect(steps.every((i) => i >= 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
  });
});
