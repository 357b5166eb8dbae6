import { describe, expect, it } from 'vitest';
import type { FeelValue } from '../feel/values.ts';
import type { EntityDef } from '../pack/model.ts';
import { duplicateItems, itemLabel } from './entity-items.ts';

const member: EntityDef = { id: 'mitglied', list: 'haushaltsmitglieder', collection: 'mitglieder', label: 'Haushaltsmitglied {id}' };
const item = (fields: Record<string, FeelValue>) => new Map(Object.entries(fields));
const inputs = (...items: FeelValue[]) => new Map<string, FeelValue>([['haushaltsmitglieder', items]]);

describe('items of an entity are told apart by their label', () => {
  it('labels an item from its fields', () => {
    expect(itemLabel(member.label, item({ id: 'p2' }))).toBe('Haushaltsmitglied p2');
    expect(itemLabel('Kind {vorname} ({id})', item({ vorname: 'Lina', id: 'k1' }))).toBe('Kind Lina (k1)');
    expect(itemLabel(member.label, item({}))).toBe('Haushaltsmitglied ?');
  });

  it('names every later item whose label an earlier one has, with the first one', () => {
    const problems = duplicateItems([member], inputs(item({ id: 'p1' }), item({ id: 'p2' }), item({ id: 'p1' }), item({ id: 'p2' })));
    expect(problems.map((p) => p.path)).toEqual(['$.haushaltsmitglieder[2].id', '$.haushaltsmitglieder[3].id']);
    expect(problems[0]!.message).toContain('„p1“ hat schon der 1. Eintrag der Liste');
  });

  it('leaves distinct items, a single item and items without their naming field alone', () => {
    expect(duplicateItems([member], inputs(item({ id: 'p1' }), item({ id: 'P1' }), item({ id: 'p1 ' })))).toEqual([]);
    expect(duplicateItems([member], inputs(item({ id: 'p1' })))).toEqual([]);
    // a missing id is reported by the input check as missing, not twice as a duplicate
    expect(duplicateItems([member], inputs(item({}), item({})))).toEqual([]);
    expect(duplicateItems([member], new Map())).toEqual([]);
  });
});
