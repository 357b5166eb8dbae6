import { describe, expect, it } from 'vitest';
import { scanPii } from './scan.ts';
import type { KnownValue, PiiKind } from './types.ts';

const kinds = (text: string, known?: KnownValue[]) => scanPii(text, { known }).map((s) => [s.kind, s.text, s.valid] as const);
const only = (text: string, kind: PiiKind) => scanPii(text).filter((s) => s.kind === kind).map((s) => s.text);

describe('identifiers with check digits', () => {
  it('finds IBANs in any grouping and marks look-alikes', () => {
    expect(kinds('IBAN: DE89 3704 0044 0532 0130 00.')).toEqual([['IBAN', 'DE89 3704 0044 0532 0130 00', true]]);
    expect(kinds('auf de89370400440532013000 bitte')).toEqual([['IBAN', 'de89370400440532013000', true]]);
    expect(kinds('Konto NL91 ABNA 0417 1643 00')).toEqual([['IBAN', 'NL91 ABNA 0417 1643 00', true]]);
    expect(kinds('IBAN DE89 3704 0044 0532 0130 01')).toEqual([['IBAN', 'DE89 3704 0044 0532 0130 01', false]]);
    expect(kinds('IBAN DE89 3704 0044 0532 0130 0')[0]?.[2]).toBe(false); // one digit short
    expect(kinds('Aktenzeichen WG-2025-00123, Az. AB12 345')).toEqual([]);
  });

  it('finds Steuer-IDs compact or grouped, with or without context', () => {
    expect(only('Steuer-ID: 86 095 742 719', 'STEUER_ID')).toEqual(['86 095 742 719']);
    expect(only('die Nummer 86095742719 steht oben', 'STEUER_ID')).toEqual(['86095742719']);
    expect(kinds('IdNr 86095742718')).toEqual([['STEUER_ID', '86095742718', false]]); // look-alike with context
    expect(kinds('Vorgangsnummer 86095742718')).toEqual([]); // wrong check digit, no context
    expect(only('Steuer-ID 86095742719 2024 erhalten', 'STEUER_ID')).toEqual(['86095742719']);
    expect(only('IdNr. 86.095.742.719 und 86/095/742/719', 'STEUER_ID')).toEqual(['86.095.742.719', '86/095/742/719']);
    expect(scanPii('Kassenzeichen 5.1234.567890.1 und 9.3783.630123.4')).toEqual([]);
  });

  it('finds Sozialversicherungs- and Krankenversichertennummern', () => {
    expect(kinds('RV-Nr. 15070649C103')).toEqual([['SVNR', '15070649C103', true]]);
    expect(kinds('SV-Nummer 15 070649 C 103')).toEqual([['SVNR', '15 070649 C 103', true]]);
    expect(kinds('SV-Nummer 15070649C104')).toEqual([['SVNR', '15070649C104', false]]);
    expect(kinds('Versichertennummer A000500015')).toEqual([['KVNR', 'A000500015', true]]);
    expect(kinds('Krankenkasse: A000500016')).toEqual([['KVNR', 'A000500016', false]]);
    expect(kinds('Artikel A000500016 im Katalog')).toEqual([]);
  });

  it('finds Ausweis serials and machine-readable zones', () => {
    expect(kinds('Personalausweis L01X00T47')).toEqual([['AUSWEIS', 'L01X00T47', true]]);
    expect(kinds('Nr. L01X00T471')).toEqual([['AUSWEIS', 'L01X00T471', true]]);
    expect(kinds('Nr. L01X00T472')).toEqual([['AUSWEIS', 'L01X00T472', false]]);
    const mrz = 'Daten:\nI<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<\nEnde';
    const found = scanPii(mrz);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'MRZ', valid: true });
    expect(found[0]!.text.split('\n')).toHaveLength(3);
  });

  it('finds account numbers only with a context word', () => {
    expect(only('Kontonummer 0532013000, BLZ 37040044', 'KONTO')).toEqual(['0532013000']);
    expect(scanPii('BLZ 37040044')).toEqual([]);
  });
});

describe('contact data, dates, addresses, names', () => {
  it('finds German phone numbers and leaves invoice numbers alone', () => {
    for (const p of ['030 1234567', '030/1234567', '(030) 123 45 67', '+49 30 1234567', '+49 (0)30 1234567', '0151 23456789', '+49 171 2345678', '0049 171 2345678', '01761234567']) {
      expect(only(`Sie erreichen mich unter ${p}.`, 'TELEFON')).toEqual([p]);
    }
    expect(only('erreichbar: +43 664 1234567', 'TELEFON')).toEqual(['+43 664 1234567']);
    expect(scanPii('Rechnungsnummer 0301234567 vom 01.02.2025')).toEqual([]);
    expect(scanPii('Kundennummer: 0891234567')).toEqual([]);
    expect(scanPii('Az. 50.8-01407/24, PLZ 01067, Datum 01.02.2025, 08:30 Uhr')).toEqual([]);
  });

  it('finds e-mail addresses, also obfuscated', () => {
    expect(only('Mail an anna.mueller@web.de bitte', 'EMAIL')).toEqual(['anna.mueller@web.de']);
    expect(only('schreib an anna.m [at] web [dot] de', 'EMAIL')).toEqual(['anna.m [at] web [dot] de']);
  });

  it('finds birth dates by context, not other dates', () => {
    expect(only('geb. 07.03.1985, Antrag vom 12.03.2025', 'GEBURTSDATUM')).toEqual(['07.03.1985']);
    expect(only('Ich bin am 7. März 1985 geboren.', 'GEBURTSDATUM')).toEqual(['7. März 1985']);
    expect(only('Geburtsdatum: 1985-03-07', 'GEBURTSDATUM')).toEqual(['1985-03-07']);
    expect(only('Max Muster (* 07.03.85)', 'GEBURTSDATUM')).toEqual(['07.03.85']);
    expect(only('Geb.-Dat.: 07.03.1985', 'GEBURTSDATUM')).toEqual(['07.03.1985']);
    expect(scanPii('Bewilligungszeitraum 01.01.2025 bis 31.12.2025; Bescheid vom 12.03.2025')).toEqual([]);
    expect(scanPii('Geburtsdatum liegt vor. Der Bescheid vom 12.03.2025 ist bestandskräftig.')).toEqual([]);
  });

  it('finds postal addresses but not postcodes or town names alone', () => {
    expect(only('wohnhaft Hauptstraße 5a, 12345 Musterstadt.', 'ADRESSE')).toEqual(['Hauptstraße 5a, 12345 Musterstadt']);
    expect(only('Ich wohne in der Friedrich-Ebert-Str. 12.', 'ADRESSE')).toEqual(['Friedrich-Ebert-Str. 12']);
    expect(only('Adresse: Am Markt 3, 01067 Dresden', 'ADRESSE')).toEqual(['Am Markt 3, 01067 Dresden']);
    expect(only('Königsberger Ring 113\n22998 Neustadt an der Weinstraße', 'ADRESSE')).toEqual(['Königsberger Ring 113\n22998 Neustadt an der Weinstraße']);
    expect(scanPii('Die Stelle ist für den PLZ-Bereich 12345 zuständig, Sitz 10115 Berlin.')).toEqual([]);
    expect(scanPii('Am Montag 5 Anträge, Hauptstraße 3 Kinder')).toEqual([]);
  });

  it('finds names after forms of address, greetings, signatures and self-introductions', () => {
    expect(only('Sehr geehrte Frau Schneider,', 'PERSON')).toEqual(['Schneider']);
    expect(only('Herrn Dr. Hans-Peter von Albrecht', 'PERSON')).toEqual(['Hans-Peter von Albrecht']);
    expect(only('Mit freundlichen Grüßen\nÖzlem Yılmaz', 'PERSON')).toEqual(['Özlem Yılmaz']);
    expect(only('mein Name ist Jan Nowak und', 'PERSON')).toEqual(['Jan Nowak']);
    expect(only('Meine Tochter Lea ist 4.', 'PERSON')).toEqual(['Lea']);
    expect(only('Frau Bürgermeisterin Schulz', 'PERSON')).toEqual(['Schulz']);
    expect(scanPii('Sehr geehrte Damen und Herren, liebes Team,')).toEqual([]);
  });
});

describe('values known from the case', () => {
  const known: KnownValue[] = [
    { category: 'name', value: 'Anna-Lena Müller' },
    { category: 'name', value: 'Jan von Albrecht' },
    { category: 'geburtsdatum', value: '1985-03-07' },
    { category: 'adresse', value: 'Hauptstraße 5a, 12345 Musterstadt' },
    { category: 'iban', value: 'DE89370400440532013000' },
    { category: 'telefon', value: '+49 30 1234567' },
    { category: 'kennung', value: 'K-778812' },
  ];
  const texts = (t: string) => scanPii(t, { known }).map((s) => s.text);

  it('matches names case-insensitively, with transliterations, hyphen variants, reversed and possessive', () => {
    expect(texts('ANNA-LENA MÜLLER schreibt')).toEqual(['ANNA-LENA MÜLLER']);
    expect(texts('anna lena mueller schreibt')).toEqual(['anna lena mueller']);
    expect(texts('Müller, Anna-Lena')).toEqual(['Müller, Anna-Lena']);
    expect(texts('Muellers Antrag')).toEqual(['Mueller']);
    expect(texts('die Akte Muller')).toEqual(['Muller']);
    expect(texts('Gespräch mit von Albrecht, Jan')).toEqual(['von Albrecht, Jan']);
    expect(texts('Lena kam vorbei')).toEqual(['Lena']);
    expect(texts('Die Müllerstraße ist gesperrt')).toEqual([]); // not a word of its own
  });

  it('matches birth dates in every format, addresses with street variants, identifiers in any spacing', () => {
    expect(texts('am 7.3.1985 und am 07.03.85 und 7. März 1985')).toEqual(['7.3.1985', '07.03.85', '7. März 1985']);
    expect(texts('wohnt Hauptstrasse 5 a')).toEqual(['Hauptstrasse 5 a']);
    expect(texts('in der Hauptstr. 5a')).toEqual(['Hauptstr. 5a']);
    expect(texts('Konto DE89 3704 0044 0532 0130 00')).toEqual(['DE89 3704 0044 0532 0130 00']);
    expect(texts('Ruf an: 030 / 123 45 67')).toEqual(['030 / 123 45 67']);
    expect(texts('Kennung K778812')).toEqual(['K778812']);
  });

  it('matches a known address recorded in any usual order, by itself and not only by the recogniser', () => {
    const text = 'Ich wohne Hauptstrasse 5 a in 12345 Musterstadt, die Hauptstr. ist laut.';
    for (const value of ['Hauptstraße 5a, 12345 Musterstadt', 'Hauptstraße 5a\n12345 Musterstadt', '12345 Musterstadt, Hauptstraße 5a', 'Hauptstraße 5a 12345 Musterstadt']) {
      const found = scanPii(text, { known: [{ category: 'adresse', value }] }).filter((s) => s.source === 'known');
      expect(found.map((s) => s.text), value).toEqual(['Hauptstrasse 5 a', '12345 Musterstadt', 'Hauptstr']);
    }
    const street = scanPii('Wir treffen uns Am Markt.', { known: [{ category: 'strasse', value: 'Am Markt 3' }] });
    expect(street.map((s) => [s.source, s.text])).toEqual([['known', 'Am Markt']]);
  });

  it('sees through invisible characters and full-width digits', () => {
    const found = scanPii('Müll\u200Ber, Steuer-ID ８６０９５７４２７１９', { known });
    expect(found.map((s) => s.kind)).toEqual(['PERSON', 'STEUER_ID']);
    expect(found[0]!.text).toBe('Müll\u200Ber');
  });

  it('rejects an unknown category with a German message naming the field', () => {
    expect(() => scanPii('x', { known: [known[0]!, { category: 'spitzname' as never, value: 'Mülli' }] })).toThrow(
      /\$\.known\[1\]\.category: unbekannte Kategorie/,
    );
  });

  it('drops allowlisted values but never known ones', () => {
    const text = 'Wohngeldstelle, Rathausplatz 1, 12345 Musterstadt, Tel. 030 9999999';
    expect(scanPii(text).length).toBeGreaterThan(0);
    expect(scanPii(text, { allow: ['Rathausplatz 1, 12345 Musterstadt', '030 9999999'] })).toEqual([]);
    expect(scanPii('Tel. 030 1234567', { known, allow: ['030 1234567'] }).map((s) => s.source)).toEqual(['known']);
  });
});
