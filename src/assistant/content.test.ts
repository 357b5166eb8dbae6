import { describe, expect, it } from 'vitest';
import { isAmtsklarError, type AmtsklarError } from '../common/index.ts';
import { loadAssistantContent, loadCatalog } from '../content-files/index.ts';
import { buildCatalog, catalogPassages, formatEuro, parseOffices, parseServiceDescription } from './index.ts';

function failure(fn: () => unknown): AmtsklarError {
  try {
    fn();
  } catch (e) {
    if (isAmtsklarError(e)) return e;
    throw e;
  }
  throw new Error('expected an AmtsklarError');
}

const OFFICES = `buergeramt:
  name: Bürgeramt
  anschrift: Marktplatz 1
  telefon: "0123 1"
  oeffnungszeiten:
    - tage: Montag
      zeit: 8 bis 12 Uhr
`;

const VALID = `---
id: test
titel: Testleistung
kurzbeschreibung: Kurz.
stelle: buergeramt
suchbegriffe: [Test]
rechtsgrundlagen:
  - norm: § 1 TestG
    titel: Zweck
gebuehren:
  - leistung: Bescheinigung
    betrag: "1250"
    herkunft: satzung
    norm: Gebührensatzung Nr. 1
stand: 2026-01-01
---

## Worum geht es? {#ueberblick}
Ein **Test** mit [Link](https://example.org/x).

## Unterlagen {#unterlagen}
- Ausweis
- Foto
`;

describe('service descriptions', () => {
  it('reads front matter and named sections, and builds fees, legal basis and contact sections', () => {
    const s = parseServiceDescription(VALID, 'content/services/test.md');
    expect(s.sections.map((x) => x.anchor)).toEqual(['ueberblick', 'unterlagen']);
    expect(s.sections[0]!.text).toBe('Ein Test mit Link (https://example.org/x).');
    expect(s.sections[1]).toMatchObject({ text: 'Ausweis\nFoto', source: 'content/services/test.md:21:1' });
    expect(s.fees[0]!.amount).toBe('1250.00');
    const catalog = buildCatalog([s], parseOffices(OFFICES, 'content/services/_stellen.yaml'));
    const built = catalog.services[0]!;
    expect(built.sections.map((x) => x.anchor)).toEqual(['ueberblick', 'unterlagen', 'gebuehren', 'rechtsgrundlage', 'kontakt']);
    expect(built.sections[2]!.text).toBe('Bescheinigung: 1.250,00 Euro (nach Satzung der fiktiven Stadt Musterstadt, Beispielwert, Gebührensatzung Nr. 1).');
    expect(built.sections[4]!.text).toContain('Öffnungszeiten: Montag 8 bis 12 Uhr.');
    const passages = catalogPassages(catalog, 'https://www.musterstadt.example/');
    expect(passages[0]).toMatchObject({ id: 'test#ueberblick', url: 'https://www.musterstadt.example/leistungen/test#ueberblick' });
    expect(passages[0]!.text.startsWith('Kurz.\n')).toBe(true);
  });

  it('names file, line and column of every mistake, in German', () => {
    const broken = VALID.replace('betrag: "1250"', 'betrag: 12.5')
      .replace('herkunft: satzung', 'herkunft: gemeinde')
      .replace('## Unterlagen {#unterlagen}', '## Unterlagen')
      .replace('stand: 2026-01-01', 'stand: 1.1.2026\nfarbe: blau');
    const e = failure(() => parseServiceDescription(broken, 'content/services/test.md'));
    expect(e.problems).toEqual(
      expect.arrayContaining([
        { path: 'content/services/test.md:12:13', message: 'Betrag in Anführungszeichen schreiben ("37.00"), damit er exakt bleibt' },
        { path: 'content/services/test.md:13:15', message: '„herkunft“ muss bundesrecht, landesrecht, satzung, beispiel sein' },
        { path: 'content/services/test.md:15:8', message: '„stand“ muss ein Datum JJJJ-MM-TT sein' },
        { path: 'content/services/test.md:16:1', message: 'Unbekanntes Feld „farbe“ in Leistungsbeschreibung (erlaubt: id, titel, kurzbeschreibung, stelle, suchbegriffe, rechtsgrundlagen, gebuehren, gebuehrenhinweis, termin, stand, verweis)' },
        expect.objectContaining({ path: 'content/services/test.md:22:1', message: expect.stringContaining('braucht einen Anker') }),
      ]),
    );
    const hand = failure(() => parseServiceDescription(VALID.replace('## Unterlagen {#unterlagen}', '## Kosten {#gebuehren}'), 'x.md'));
    expect(hand.problems[0]!.message).toContain('wird aus dem Kopfbereich erzeugt');
    expect(failure(() => parseServiceDescription('# Titel', 'x.md')).problems[0]).toEqual({ path: 'x.md:1:1', message: 'Die Datei muss mit einem Kopfbereich „---“ (YAML) beginnen' });
    expect(failure(() => parseServiceDescription(VALID.replace(/## Worum.*\n.*\n/, ''), 'x.md')).problems[0]!.message).toContain('{#ueberblick}');
  });

  it('checks offices and cross references', () => {
    expect(failure(() => parseOffices('buergeramt:\n  name: X\n  telefon: "1"\n', 'o.yaml')).problems.map((p) => p.message)).toEqual(
      expect.arrayContaining(['Pflichtfeld „anschrift“ fehlt', 'Pflichtfeld „oeffnungszeiten“ fehlt']),
    );
    const s = parseServiceDescription(VALID.replace('stelle: buergeramt', 'stelle: standesamt'), 'content/services/test.md');
    expect(failure(() => buildCatalog([s, s], parseOffices(OFFICES, 'o.yaml'))).problems[0]).toEqual({ path: 'content/services/test.md:2:1', message: 'Unbekannte Stelle „standesamt“ in „stelle“' });
  });

  it('formats euro amounts exactly, in German notation', () => {
    expect(formatEuro('37.00')).toBe('37,00 Euro');
    expect(formatEuro('1234567.50')).toBe('1.234.567,50 Euro');
  });
});

describe('the Musterstadt catalogue', () => {
  const catalog = loadCatalog();
  const content = loadAssistantContent();

  it('has at least 40 service descriptions, each complete', () => {
    expect(catalog.services.length).toBeGreaterThanOrEqual(40);
    for (const s of catalog.services) {
      const anchors = s.sections.map((x) => x.anchor);
      expect(anchors, s.id).toEqual(expect.arrayContaining(['ueberblick', 'gebuehren', 'rechtsgrundlage', 'kontakt']));
      expect(new Set(anchors).size, s.id).toBe(anchors.length);
      expect(s.legalBasis.length, s.id).toBeGreaterThan(0);
      expect(s.keywords.length, s.id).toBeGreaterThan(2);
      const contact = s.sections.find((x) => x.anchor === 'kontakt')!.text;
      expect(contact, s.id).toMatch(/Telefon: .+Öffnungszeiten: /s);
    }
  });

  it('marks every fee that is not federal law as an example of the fictional city', () => {
    const fees = catalog.services.flatMap((s) => s.fees.map((f) => ({ s, f })));
    expect(fees.length).toBeGreaterThan(40);
    for (const { s, f } of fees) {
      const text = s.sections.find((x) => x.anchor === 'gebuehren')!.text;
      if (f.origin !== 'bundesrecht') expect(text, `${s.id}: ${f.item}`).toMatch(new RegExp(`${f.item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [0-9.,]+ Euro \\([^)]*Beispielwert`));
    }
  });

  it('covers the services the product promises', () => {
    const ids = catalog.services.map((s) => s.id);
    for (const id of ['wohngeld', 'kita-platz', 'kita-elternbeitrag', 'anmeldung', 'ummeldung', 'abmeldung', 'personalausweis', 'reisepass', 'fuehrungszeugnis', 'hundesteuer', 'sperrmuell', 'gewerbe-anmeldung', 'gewerbe-ummeldung', 'gewerbe-abmeldung', 'baugenehmigung', 'bewohnerparkausweis', 'eheschliessung', 'geburtsurkunde', 'sterbefall', 'wohnberechtigungsschein', 'bildung-teilhabe', 'elterngeld', 'kindergeld', 'fundbuero', 'abfallkalender', 'strassenreinigung', 'grundsteuer', 'schwerbehindertenausweis', 'briefwahl', 'kfz-zulassung', 'fischereischein', 'beglaubigung', 'meldebescheinigung', 'auskunftssperre', 'wohnungsgeberbestaetigung', 'sondernutzung', 'veranstaltung', 'einwohnerantrag', 'beschwerde-widerspruch', 'barrierefreiheit', 'datenschutzauskunft']) {
      expect(ids).toContain(id);
    }
    // referrals name the authority that is responsible
    const kindergeld = catalog.services.find((s) => s.id === 'kindergeld')!;
    expect(kindergeld.sections.find((x) => x.anchor === 'kontakt')!.text).toContain('Familienkasse der Bundesagentur für Arbeit');
  });

  it('names only known offices and emergency numbers for hand-overs', () => {
    expect(catalog.offices.has(content.handover.generalOfficeId)).toBe(true);
    for (const t of content.handover.topics) if (t.officeId) expect(catalog.offices.has(t.officeId)).toBe(true);
    expect(content.handover.emergency.map((e) => e.number)).toEqual(expect.arrayContaining(['110', '112', '116 016', '116 111']));
  });
});
