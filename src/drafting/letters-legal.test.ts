import { describe, expect, it } from 'vitest';
import { isAmtsklarError } from '../common/index.ts';
import { decide, discretionOptionLabels, explain, type DecideOptions } from '../engine/index.ts';
import { resolvePack } from '../pack-files/index.ts';
import { letterText } from './gate/sentences.ts';
import { buildBescheid, buildNachforderung } from './letters.ts';
import type { DecisionRecord, LetterInput } from './model.ts';
import { MUSTERSTADT_SETTINGS as S } from './settings.ts';

/**
 * What a letter must say under §§ 33, 35 SGB X when a person decided something differently from
 * the application or the computation: found by an audit of letters from real decisions.
 */
const wohngeld = resolvePack('wohngeld');
const kita = resolvePack('kita-beitrag');
const P1 = { id: 'p1', rolle: 'antragsteller', einkuenfte: [{ art: 'rente', brutto_monat: '1300.00' }], abzuege_16: { kranken_pflege: true } };
const W01 = { stichtag: '2025-01-01', mietenstufe: 1, miete_monat: '335.00', haushaltsmitglieder: [P1] };

function input(pack: typeof wohngeld, application: Record<string, unknown>, options: DecideOptions = {}, over: Partial<LetterInput> = {}): LetterInput {
  const d = decide(pack, application, { trace: true, ...options });
  return {
    decision: d as unknown as DecisionRecord,
    aktenzeichen: 'WG-2025-000001',
    issuedOn: '2025-02-10',
    applicationDate: '2025-01-15',
    recipient: null,
    ...(options.discretion ? { discretionDecisions: options.discretion } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
    berechnung: explain(pack, d, 'caseworker'),
    discretionOptions: discretionOptionLabels(pack),
    ...over,
  };
}
const text = (i: LetterInput) => letterText(buildBescheid(i, S));
const section = (i: LetterInput, id: string) => letterText({ ...buildBescheid(i, S), sections: buildBescheid(i, S).sections.filter((s) => s.id === id) });

describe('letters after a person decided differently', () => {
  it('a refusal made by an override gives that override and its reason as the Begründung, in German words and euros', () => {
    const i = input(wohngeld, W01, { overrides: { wohngeld_monat: { value: '0', by: 'Herr Meier', reason: 'Der Antragsteller wohnt nicht mehr in der Wohnung.' } } });
    const begruendung = section(i, 'begruendung');
    expect(section(i, 'tenor')).toMatch(/wird abgelehnt/);
    expect(begruendung).toMatch(/abzulehnen/);
    expect(begruendung).toMatch(/Abweichend von der Berechnung wurde „[^“]*Wohngeld[^“]*“ auf 0,00 € festgesetzt\. Grund: Der Antragsteller wohnt nicht mehr in der Wohnung\./);
    expect(text(i)).not.toMatch(/„wohngeld_monat"/);
    // the reference amounts of § 24 Abs. 3 WoGG belong to a grant only
    expect(text(i)).not.toContain('Dieser Entscheidung liegen zugrunde');
  });

  it('a grant of less than applied for refuses the rest in the Tenor and does not say „entsprochen“', () => {
    const shorter = input(wohngeld, { ...W01, bewilligungszeitraum_beantragt_monate: 18 }, { discretion: { bewilligungszeitraum_festgelegt: { option: 'regel', by: 'Frau A.', reason: 'Die Einkünfte schwanken.' } } });
    expect(section(shorter, 'tenor')).toMatch(/bewilligt\. Im Übrigen wird der Antrag abgelehnt\./);
    expect(section(shorter, 'begruendung')).not.toContain('entsprochen');
    // the facts of the point as the pack words them, then the choice and the person's reasons
    expect(section(shorter, 'begruendung')).toMatch(/Beantragt ist ein Bewilligungszeitraum von 18 Monaten statt der regelmäßigen 12 Monate.*Entschieden wurde: 12 Monate \(Regelfall\)\. Erwägungen: Die Einkünfte schwanken\./s);
    // 12 months for 6 asked for gives more than asked: nothing refused
    const longer = input(wohngeld, { ...W01, bewilligungszeitraum_beantragt_monate: 6 }, { discretion: { bewilligungszeitraum_festgelegt: { option: 'regel', by: 'Frau A.', reason: 'Gleichbleibende Rente.' } } });
    expect(section(longer, 'tenor')).not.toContain('Im Übrigen');
    const less = input(wohngeld, W01, { overrides: { wohngeld_monat: { value: '95', by: 'Herr Meier', reason: 'Untermieteinnahmen angerechnet.' } } });
    expect(section(less, 'tenor')).toMatch(/95,00 € bewilligt\. Im Übrigen wird der Antrag abgelehnt\./);
    expect(section(less, 'begruendung')).toMatch(/auf 95,00 € festgesetzt\. Grund: Untermieteinnahmen angerechnet\./);
    // granted as applied for: short Begründung, nothing refused
    const full = input(wohngeld, W01);
    expect(section(full, 'begruendung')).toContain('Ihrem Antrag wird entsprochen');
    expect(section(full, 'tenor')).not.toContain('Im Übrigen');
  });

  it('names a bound decision on facts a person judged as such, not as Ermessen', () => {
    const rich = input(wohngeld, { ...W01, vermoegen: '90000.00' }, { discretion: { vermoegen_erheblich: { option: 'erheblich', by: 'Herr C.', reason: 'Sparguthaben frei verfügbar.' } } });
    const begruendung = section(rich, 'begruendung');
    expect(begruendung).toMatch(/Entscheidung nach Prüfung im Einzelfall \(§ 21 Nr\. 3 WoGG[^)]*\):.*Gründe: Sparguthaben frei verfügbar\./s);
    expect(begruendung).not.toContain('Ermessensentscheidung (§ 21');
  });

  it('decides an application for a hardship remission in the Tenor (Kita, § 6)', () => {
    const k = { stichtag: '2025-09-01', kind: { geburtsdatum: '2021-01-01', betreuungsstunden_woche: 45 }, einkuenfte_eltern_vorjahr: '70000.00', haertefallantrag: true };
    const refused = input(kita, k, { discretion: { haertefall_erlass: { option: 'kein_erlass', by: 'Frau B.', reason: 'Keine besondere Belastung dargelegt.' } } });
    expect(section(refused, 'tenor')).toMatch(/Antrag auf Erlass des Beitrags wegen besonderer Härte wird abgelehnt/);
    const half = input(kita, k, { discretion: { haertefall_erlass: { option: 'teilerlass', by: 'Frau B.', reason: 'Pflege eines Angehörigen.' } } });
    expect(section(half, 'tenor')).toMatch(/zur Hälfte erlassen; im Übrigen wird der Antrag auf Erlass abgelehnt/);
  });

  it('sets the Kita fee from the month asked for to the end of its Kita year, not from the Kita year\'s start', () => {
    const k = { stichtag: '2025-09-01', kind: { geburtsdatum: '2020-03-01', betreuungsstunden_woche: 35 }, einkuenfte_eltern_vorjahr: '45000.00' };
    expect(section(input(kita, k), 'tenor')).toMatch(/für die Zeit vom 01\.09\.2025 bis 31\.07\.2026 auf/);
    // a request for July sets July, not the eleven months before it
    expect(section(input(kita, { ...k, stichtag: '2025-07-01' }), 'tenor')).toMatch(/für die Zeit vom 01\.07\.2025 bis 31\.07\.2025 auf/);
  });

  it('refuses a Nachforderung whose deadline leaves no appropriate time after the letter (§ 66 Abs. 3 SGB I)', () => {
    const gap = input(wohngeld, { ...W01, miete_monat: undefined }, {}, { berechnung: undefined });
    expect(letterText(buildNachforderung({ ...gap, deadline: '2025-02-24' }, S))).toContain('24.02.2025');
    for (const deadline of ['2025-02-03', '2025-02-10', '2025-02-14']) {
      try {
        buildNachforderung({ ...gap, deadline }, S);
        expect.unreachable(deadline);
      } catch (e) {
        expect(isAmtsklarError(e) && e.code === 'conflict' && e.problems[0]!.path === '$.deadline', String(e)).toBe(true);
      }
    }
  });
});
