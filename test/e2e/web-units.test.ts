import { describe, expect, it } from 'vitest';
import { compareDecimal, formatDate, formatEuro, parseAmount, parseGermanDate, parseInteger } from '../../web/shared/format.ts';
import { withAnswerLabels } from '../../web/citizen/packform/labels.ts';
import { convert, fieldId, freeItemNumber, getAt, initialData, newItem, removeItem, setAt } from '../../web/citizen/packform/model.ts';
import { question } from '../../web/citizen/packform/PackFields.tsx';
import type { FormInput } from '../../web/shared/api-views.ts';

const money: FormInput = { name: 'miete_monat', type: 'money', question: 'Miete?', norm: '§ 9 WoGG', required: true, minimum: '0' };

describe('web helpers (no binary floats, German formats)', () => {
  it('reads amounts as people type them and formats exact decimals', () => {
    expect(parseAmount('1.234,50')).toBe('1234.50');
    expect(parseAmount('600')).toBe('600');
    expect(parseAmount('600,5')).toBe('600.5');
    expect(parseAmount('12,345,6')).toBeNull();
    expect(parseAmount('sechshundert')).toBeNull();
    expect(formatEuro('1234.5')).toBe('1.234,50 €');
    expect(formatEuro(110)).toBe('110 €');
    expect(formatEuro('0.1')).toBe('0,10 €');
    expect(formatEuro('1234.5', 'en')).toBe('1,234.50 €');
    // 0.1 + 0.2 must not become 0.30000000000000004 anywhere: decimals stay text.
    expect(compareDecimal('0.30', '0.3')).toBe(0);
    expect(compareDecimal('10', '9.99')).toBeGreaterThan(0);
    expect(compareDecimal('-1', '0')).toBeLessThan(0);
    expect(parseInteger('12')).toBe(12);
    expect(parseInteger('1,5')).toBeNull();
  });

  it('reads German dates and refuses impossible ones', () => {
    expect(parseGermanDate('01.03.2025')).toBe('2025-03-01');
    expect(parseGermanDate('1.3.2025')).toBe('2025-03-01');
    expect(parseGermanDate('31.02.2025')).toBeNull();
    expect(parseGermanDate('2025-03-01')).toBe('2025-03-01');
    expect(formatDate('2025-03-01')).toBe('01.03.2025');
  });

  it('checks typed values against the pack’s type and bounds', () => {
    expect(convert(money, '450,00')).toEqual({ value: '450.00', error: null });
    expect(convert(money, 'abc').error).toEqual({ kind: 'money' });
    expect(convert({ ...money, type: 'integer', minimum: '1', maximum: '7' }, '9').error).toEqual({ kind: 'max', bound: '7' });
    expect(convert({ ...money, type: 'date' }, '31.02.2025').error).toEqual({ kind: 'date' });
    expect(convert({ ...money, type: 'string', pattern: '^[0-9]{8}$' }, '123').error).toEqual({ kind: 'pattern' });
  });

  it('edits the application by JSON path, the way the server names fields', () => {
    let d = setAt({}, '$.haushaltsmitglieder[0].einkuenfte[1].brutto_monat', '300');
    expect(getAt(d, '$.haushaltsmitglieder[0].einkuenfte[1].brutto_monat')).toBe('300');
    d = setAt(d, '$.haushaltsmitglieder[1].id', 'Person 2');
    const state = removeItem({ data: d, raw: { '$.haushaltsmitglieder[1].geburtsdatum': '1.1.2000', '$.miete_monat': '600' } }, '$.haushaltsmitglieder', 0);
    expect(getAt(state.data, '$.haushaltsmitglieder[0].id')).toBe('Person 2');
    expect(state.raw).toEqual({ '$.haushaltsmitglieder[0].geburtsdatum': '1.1.2000', '$.miete_monat': '600' });
    expect(fieldId('$.haushaltsmitglieder[0].einkuenfte[1].art')).toBe('feld-haushaltsmitglieder-0-einkuenfte-1-art');
  });

  it('names a member added after a removal so that no two members share an id', () => {
    const name = (n: number) => `Person ${n}`;
    expect(freeItemNumber([{ id: 'Person 1' }], name)).toBe(2);
    // Person 1 was removed: the list has one item, and „Person 2“ is still taken
    expect(freeItemNumber([{ id: 'Person 2' }], name)).toBe(3);
    expect(freeItemNumber([{ id: 'Person 2' }, { id: 'Person 3' }, { id: 'Person 4' }], name)).toBe(5);
    expect(freeItemNumber([{ id: 'Anna' }, null], name)).toBe(3);
  });

  it('starts the first household member as the applicant and asks the role of everyone added later', () => {
    const member = household([{ name: 'rolle', type: 'string', question: 'Beziehung?', norm: '', required: true, enum: ['antragsteller', 'partner', 'kind', 'sonstige'], default: 'sonstige' }]);
    const data = initialData([member], (_l, n) => `Person ${n}`);
    expect(data.haushaltsmitglieder).toEqual([{ id: 'Person 1', rolle: 'antragsteller' }]);
    expect(newItem(member.items!, 1, (n) => `Person ${n}`)).toEqual({ id: 'Person 2' });
  });

  it('pre-answers nothing that changes the amount: no „Nein“, no choice set in advance (GOV.UK: no preselected radios)', () => {
    const inputs: FormInput[] = [
      { name: 'art', type: 'string', question: 'Wohnen Sie zur Miete?', norm: '§ 1 WoGG', required: false, enum: ['mietzuschuss', 'lastenzuschuss'], default: 'mietzuschuss' },
      { name: 'schwerbehindert', type: 'boolean', question: 'Schwerbehinderung?', norm: '§ 17 WoGG', required: false, default: false },
      household([
        { name: 'rolle', type: 'string', question: 'Beziehung?', norm: '', required: true, enum: ['antragsteller', 'sonstige'], default: 'sonstige' },
        { name: 'steuern', type: 'boolean', question: 'Zahlt Steuern?', norm: '§ 16 WoGG', required: false, default: false },
        { name: 'ausschluss', type: 'string', question: 'Leistungen?', norm: '§ 7 WoGG', required: false, enum: [null, 'sgb2', 'sgb12'], default: null },
      ]),
    ];
    expect(initialData(inputs, (_l, n) => `Person ${n}`)).toEqual({ haushaltsmitglieder: [{ id: 'Person 1', rolle: 'antragsteller' }] });
    expect(newItem(inputs[2]!.items!, 1, (n) => `Person ${n}`)).toEqual({ id: 'Person 2' });
  });

  it('fills question placeholders from the item and its owner, and leaves no code where a value is not given yet', () => {
    const owner = { index: 0, item: { id: 'Person 1' } };
    const q = 'Wie hoch ist das monatliche Bruttoeinkommen („{art}“, Einkunft Nr. {#}) von Haushaltsmitglied {id}?';
    expect(question(q, [owner, { index: 0, item: {} }], 'de')).toBe('Wie hoch ist das monatliche Bruttoeinkommen (Einkunft Nr. 1) von Haushaltsmitglied Person 1?');
    expect(question(q, [owner, { index: 1, item: { art: 'minijob' } }], 'de')).toBe('Wie hoch ist das monatliche Bruttoeinkommen („Minijob“, Einkunft Nr. 2) von Haushaltsmitglied Person 1?');
    expect(question('Einkunft {#} von {id}', [owner, { index: 0, item: { art: 'rente' } }], 'de')).toBe('Einkunft 1 von Person 1');
    expect(withAnswerLabels('Wie hoch ist das Bruttoeinkommen („minijob“, Einkunft Nr. 1) von Haushaltsmitglied p2?')).toBe('Wie hoch ist das Bruttoeinkommen („Minijob“, Einkunft Nr. 1) von Haushaltsmitglied p2?');
    expect(withAnswerLabels('„Person 1“ und „xyz“')).toBe('„Person 1“ und „xyz“');
  });
});

/** A household list as the pack API describes it: members named by `id`, with these fields besides. */
function household(fields: FormInput[]): FormInput {
  return {
    name: 'haushaltsmitglieder',
    type: 'list',
    question: 'Wer gehört zum Haushalt?',
    norm: '§ 5 WoGG',
    required: true,
    minItems: 1,
    items: { name: 'mitglied', type: 'context', question: '', norm: '', required: true, label: 'Haushaltsmitglied {id}', fields: [{ name: 'id', type: 'string', question: 'Name?', norm: '', required: true }, ...fields] },
  };
}
