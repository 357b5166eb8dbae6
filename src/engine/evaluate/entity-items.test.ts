import { describe, expect, it } from 'vitest';
import type { FeelValue } from '../feel/values.ts';
import type { EntityDef } from '../pack/model.ts';
import { disambiguateItems, itemLabel } from './entity-items.ts';

const member: EntityDef = { id: 'mitglied', list: 'haushaltsmitglieder', collection: 'mitglieder', label: 'Haushaltsmitglied {id}' };
const item = (fields: Record<string, FeelValue>) => new Map(Object.entries(fields));
const inputs = (...items: FeelValue[]) => new Map<string, FeelValue>([['haushaltsmitglieder', items]]);

describe('items of an entity are told apart by their label', () => {
  it('labels an item from its fields', () => {
    expect(itemLabel(member.label, item({ id: 'p2' }))).toBe('Haushaltsmitglied p2');
    expect(itemLabel('Kind {vorname} ({id})', item({ vorname: 'Lina', id: 'k1' }))).toBe('Kind Lina (k1)');
    expect(itemLabel(member.label, item({}))).toBe('Haushaltsmitglied ?');
  });

  it('names every later item whose label an earlier one has by its place as well', () => {
    const items = [item({ id: 'p1' }), item({ id: 'p2' }), item({ id: 'p1' }), item({ id: 'p2' }), item({ id: 'p1' })];
    expect(disambiguateItems([member], inputs(...items))).toBe(3);
    expect(items.map((i) => itemLabel(member.label, i))).toEqual([
      'Haushaltsmitglied p1',
      'Haushaltsmitglied p2',
      'Haushaltsmitglied p1 (3. Eintrag)',
      'Haushaltsmitglied p2 (4. Eintrag)',
      'Haushaltsmitglied p1 (5. Eintrag)',
    ]);
  });

  it('leaves distinct items, a single item and items without their naming field alone', () => {
    const distinct = [item({ id: 'p1' }), item({ id: 'P1' }), item({ id: 'p1 ' })];
    expect(disambiguateItems([member], inputs(...distinct))).toBe(0);
    expect(distinct.map((i) => itemLabel(member.label, i))).toEqual(['Haushaltsmitglied p1', 'Haushaltsmitglied P1', 'Haushaltsmitglied p1 ']);
    expect(disambiguateItems([member], inputs(item({ id: 'p1' })))).toBe(0);
    // a missing id is reported by the input check as missing
    expect(disambiguateItems([member], inputs(item({}), item({})))).toBe(0);
    expect(disambiguateItems([member], new Map())).toBe(0);
  });
});
