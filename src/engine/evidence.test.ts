import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPack, needsEvidence, requiredEvidence } from './index.ts';

const here = new URL('.', import.meta.url).pathname;

function filesOf(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(dir, full), readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

const base = filesOf(join(here, 'testdata', 'gebuehr'));
const withChecklist = (items: string) => buildPack(new Map([...base, ['pack.yaml', `${base.get('pack.yaml')!}\nchecklist:\n${items}`]]));

const applications: unknown[] = [
  { datum: '2024-05-01', zone: 1, stunden: 2 },
  { datum: '2024-05-01', zone: 3, stunden: 5, ermaessigung_beantragt: true },
  { datum: '2024-05-01', zone: 2, stunden: 1, schwerbehindert: true },
  { datum: '2024-05-01', zone: 2, ermaessigung_beantragt: true }, // a fact the condition needs is missing: asked for
  { datum: '2024-05-01', zone: 'neun' }, // malformed: every item is asked for
];

describe('needsEvidence', () => {
  it('answers exactly whether requiredEvidence names anything, for conditional items only', () => {
    const pack = withChecklist(
      [
        '  - { id: ausweis, label: "Schwerbehindertenausweis", norm: "§ 4 Parkgebührenordnung", when: "schwerbehindert" }',
        '  - { id: antrag, label: "Antrag auf Ermäßigung", norm: "§ 5 Parkgebührenordnung", when: "ermaessigung_beantragt and stunden > 3" }',
      ].join('\n'),
    );
    const answers = applications.map((a) => needsEvidence(pack, a));
    expect(answers).toEqual(applications.map((a) => requiredEvidence(pack, a).length > 0));
    // the cases that make the shortcut matter: neither item applies to the first application
    expect(answers).toEqual([false, true, true, true, true]);
  });

  it('needs evidence from every application once one item applies unconditionally', () => {
    const pack = withChecklist('  - { id: formular, label: "Unterschriebenes Formular", norm: "§ 1 Parkgebührenordnung" }');
    for (const a of applications) {
      expect(needsEvidence(pack, a)).toBe(true);
      expect(requiredEvidence(pack, a).map((c) => c.id)).toEqual(['formular']);
    }
  });

  it('needs nothing from a pack without a checklist', () => {
    const pack = buildPack(base);
    expect(applications.map((a) => needsEvidence(pack, a))).toEqual([false, false, false, false, false]);
  });
});
