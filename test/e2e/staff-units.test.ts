import { describe, expect, it } from 'vitest';
import type { StaffCase } from '../../web/shared/api-views.ts';
import { overrideValue, pointLabel, ruleLabel } from '../../web/workbench/case/DiscretionSection.tsx';
import { sectionName } from '../../web/workbench/case/DraftSection.tsx';
import { showValue } from '../../web/workbench/case/ResultSection.tsx';
import { eventKey, wb } from '../../web/workbench/messages.ts';

/** The workbench names things as people know them (UI audit S1), not by their stored codes. */
describe('workbench labels and inputs', () => {
  it('names every history step in German', () => {
    for (const type of ['received', 'checked', 'document_added', 'discretion_decided', 'prepare_draft', 'submit_review', 'approve', 'issue', 'file_objection']) {
      const key = eventKey(type);
      expect(key, type).not.toBeNull();
      expect(wb.de[key!]).not.toContain('_');
    }
    expect(eventKey('something_new')).toBeNull();
  });

  it('names every section of a letter draft in German, its own heading first', () => {
    for (const id of ['kopf', 'einleitung', 'tenor', 'zahlung', 'berechnung', 'begruendung', 'hinweise', 'rechtsbehelfsbelehrung', 'unterlagen', 'frist', 'folgen', 'erlaeuterung', 'antwort', 'kontakt']) {
      expect(sectionName(id, null), id).not.toBe(id);
    }
    expect(sectionName('tenor', null)).toBe('Entscheidung (Tenor)');
    expect(sectionName('begruendung', 'Gründe')).toBe('Gründe');
  });

  it('shows dates of the result the German way', () => {
    expect(showValue('2026-11-01')).toBe('01.11.2026');
    expect(showValue('570.5')).toBe('570,5');
  });

  it('names a discretion point by its rule’s label from the Rechenweg', () => {
    const c = { decision: { discretion: [], trace: [{ rule: 'plausibel', label: 'Lebensunterhalt plausibel', discretion: { point: 'lebensunterhalt_plausibel', norm: '§ 21 WoGG', option: 'ja', provisional: true } }] } } as unknown as StaffCase;
    expect(pointLabel(c, 'lebensunterhalt_plausibel')).toBe('Lebensunterhalt plausibel');
    expect(pointLabel(c, 'unbekannt')).toBe('unbekannt');
  });

  it('offers values to override by their label, the technical name beside it', () => {
    const c = { decision: { trace: [{ rule: 'wohngeld_monat', label: 'Monatliches Wohngeld' }, { rule: 'Y', label: 'Einkommen', entity: { id: 'mitglied', item: 'p1' } }] } } as unknown as StaffCase;
    expect(ruleLabel(c, 'wohngeld_monat')).toBe('Monatliches Wohngeld (wohngeld_monat)');
    expect(ruleLabel(c, 'Y')).toBe('Y');
  });

  it('takes an override as typed elsewhere: decimal comma, ja/nein', () => {
    expect(overrideValue('120,50')).toBe('120.50');
    expect(overrideValue('1.234,50')).toBe('1234.50');
    expect(overrideValue('-5,5')).toBe('-5.5');
    expect(overrideValue('120')).toBe(120);
    expect(overrideValue('ja')).toBe(true);
    expect(overrideValue('Nein')).toBe(false);
    expect(overrideValue('anspruch')).toBe('anspruch');
  });
});
