import { formatDate, formatEuro, type IsoDate } from './german/format.ts';
import type { Block } from './model.ts';
import type { Rechtsbehelf } from './settings.ts';

/**
 * Fixed text blocks. Their wording is the municipality's legal text, not prose: the gate
 * compares the Rechtsbehelfsbelehrung of every draft with this block, and every amount,
 * date and norm in a block is by construction one of the record's.
 */

export function rechtsbehelfsbelehrung(r: Rechtsbehelf): Block[] {
  if (r.text) return r.text.split(/\n\s*\n/).map((text) => ({ type: 'p', text: text.trim() }));
  if (r.kind === 'klage') {
    return [
      {
        type: 'p',
        text: `Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage bei dem ${r.gericht.name}, ${r.gericht.anschrift}, erhoben werden.`,
      },
      {
        type: 'p',
        text: 'Die Klage ist schriftlich oder zur Niederschrift des Urkundsbeamten der Geschäftsstelle des Gerichts zu erheben; sie kann auch elektronisch nach Maßgabe des § 55a VwGO erhoben werden.',
      },
    ];
  }
  return [
    { type: 'p', text: `Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden.` },
    {
      type: 'p',
      text: `Der Widerspruch ist schriftlich, in elektronischer Form nach ${r.elektronischeForm} oder zur Niederschrift bei der ${r.stelle}, ${r.anschrift}, einzulegen.`,
    },
  ];
}

/** §§ 60, 66 SGB I: a refusal for lack of cooperation needs a written notice of this consequence and a fair deadline first. */
export function folgenFehlenderMitwirkung(deadline: IsoDate, leistungMitArtikel: string): Block[] {
  return [
    {
      type: 'p',
      text: `Wer eine Sozialleistung beantragt, muss alle Tatsachen angeben, die für die Leistung erheblich sind, und Beweismittel vorlegen (§ 60 SGB I).`,
    },
    {
      type: 'p',
      text: `Wenn Sie die genannten Unterlagen und Angaben nicht bis zum ${formatDate(deadline)} einreichen und dadurch die Aufklärung des Sachverhalts erheblich erschwert wird, können wir ${leistungMitArtikel} ohne weitere Ermittlungen bis zur Nachholung der Mitwirkung ganz oder teilweise versagen (§ 66 Abs. 1 und 3 SGB I).`,
    },
    {
      type: 'p',
      text: 'Reichen Sie die Unterlagen später nach, prüfen wir, ob die Leistung nachträglich ganz oder teilweise erbracht werden kann (§ 67 SGB I).',
    },
  ];
}

/** § 24 Abs. 3 WoGG: the Bewilligungsbescheid must point out the duties of §§ 27, 28 WoGG. */
export function hinweiseWohngeld(miete: string, einkuenfte: string | null, periodEnd: IsoDate): Block[] {
  const items = [
    'sich die Zahl der zu berücksichtigenden Haushaltsmitglieder verringert (§ 27 Abs. 3 S. 1 Nr. 1 WoGG);',
    `sich die monatliche Miete oder Belastung um mehr als 15 Prozent gegenüber dem in diesem Bescheid zugrunde gelegten Betrag von ${formatEuro(miete)} verringert (§ 27 Abs. 3 S. 1 Nr. 2 WoGG);`,
    einkuenfte === null
      ? 'sich die Summe der monatlichen positiven Einkünfte und Einnahmen aller zu berücksichtigenden Haushaltsmitglieder um mehr als 15 Prozent erhöht (§ 27 Abs. 3 S. 1 Nr. 3 WoGG).'
      : `sich die Summe der monatlichen positiven Einkünfte und Einnahmen aller zu berücksichtigenden Haushaltsmitglieder um mehr als 15 Prozent gegenüber dem in diesem Bescheid zugrunde gelegten Betrag von ${formatEuro(einkuenfte)} erhöht (§ 27 Abs. 3 S. 1 Nr. 3 WoGG).`,
  ];
  return [
    { type: 'p', text: 'Bitte teilen Sie uns unverzüglich mit, wenn im Bewilligungszeitraum nicht nur vorübergehend' },
    { type: 'list', items },
    {
      type: 'p',
      text: 'Die Haushaltsmitglieder müssen Ihnen Änderungen ihres Einkommens mitteilen (§ 27 Abs. 3 S. 2 WoGG).',
    },
    {
      type: 'p',
      text: 'Ebenso müssen Sie uns unverzüglich mitteilen, wenn die Wohnung von keinem zu berücksichtigenden Haushaltsmitglied mehr genutzt wird (§ 28 Abs. 1 S. 2 WoGG) oder wenn ein Haushaltsmitglied eine Leistung nach § 7 WoGG, zum Beispiel Bürgergeld oder Grundsicherung, beantragt (§ 28 Abs. 4 S. 1 WoGG).',
    },
    {
      type: 'p',
      text: `Wer eine Mitteilung nicht, nicht richtig, nicht vollständig oder nicht rechtzeitig macht, handelt ordnungswidrig; die Geldbuße kann bis zu ${formatEuro('2000')} betragen (§ 37 WoGG). Zu Unrecht erhaltenes Wohngeld ist zu erstatten (§ 50 SGB X); volljährige Haushaltsmitglieder haften dafür als Gesamtschuldner (§ 29 WoGG).`,
    },
    {
      type: 'p',
      text: 'Erhöht sich die Zahl der Haushaltsmitglieder, steigt die Miete um mehr als 10 Prozent oder sinkt das Einkommen um mehr als 10 Prozent, können Sie eine neue Entscheidung beantragen (§ 27 Abs. 1 WoGG). Wir können auch ohne Mitteilung von Amts wegen neu entscheiden.',
    },
    {
      type: 'p',
      text: `Das Wohngeld wird nur für den Bewilligungszeitraum gezahlt. Für die Zeit nach dem ${formatDate(periodEnd)} können Sie einen neuen Antrag stellen (§ 24 Abs. 3 WoGG); stellen Sie ihn bitte rechtzeitig, damit keine Lücke entsteht (§ 22 Abs. 4 WoGG).`,
    },
  ];
}

/** The generic duty to report changes (§ 60 Abs. 1 Nr. 2 SGB I) for packs without their own Hinweise. */
export function hinweiseAllgemein(): Block[] {
  return [
    {
      type: 'p',
      text: 'Bitte teilen Sie uns Änderungen in Ihren Verhältnissen, die für diese Entscheidung erheblich sind, unverzüglich mit (§ 60 Abs. 1 Nr. 2 SGB I).',
    },
  ];
}
