import type { Lang } from '../../shared/i18n.tsx';

/**
 * Plain-language names for the coded answers of the installed packs (the packs name the
 * codes, not how to say them). An unknown code is shown as written, with spaces for
 * underscores, so a new pack works before its labels are added here.
 */
const LABELS: Record<Lang, Record<string, string>> = {
  de: {
    mietzuschuss: 'Ich wohne zur Miete (Mietzuschuss)',
    lastenzuschuss: 'Ich wohne im eigenen Haus oder in der eigenen Wohnung (Lastenzuschuss)',
    antragsteller: 'antragstellende Person',
    partner: 'Ehe- oder Lebenspartnerin / -partner',
    kind: 'Kind',
    'rolle.sonstige': 'andere Person im Haushalt',
    'ausschluss.null': 'keine dieser Leistungen',
    sgb2: 'Bürgergeld (SGB II)',
    sgb12_grundsicherung: 'Grundsicherung im Alter oder bei Erwerbsminderung (SGB XII)',
    sgb12_hlu: 'Hilfe zum Lebensunterhalt (SGB XII)',
    sgb12: 'Sozialhilfe nach dem 3. oder 4. Kapitel SGB XII',
    asylblg: 'Leistungen nach dem Asylbewerberleistungsgesetz',
    sgb14: 'Leistungen der Sozialen Entschädigung (SGB XIV)',
    sgb8: 'Leistungen der Kinder- und Jugendhilfe (SGB VIII)',
    kinderzuschlag: 'Kinderzuschlag',
    wohngeld: 'Wohngeld',
    erwerb: 'Lohn, Gehalt oder selbständige Arbeit',
    minijob: 'Minijob',
    rente: 'Rente',
    versorgung: 'Pension (Versorgungsbezüge)',
    lohnersatz: 'Arbeitslosengeld, Krankengeld oder andere Lohnersatzleistung',
    elterngeld: 'Elterngeld (Basiselterngeld)',
    elterngeld_plus: 'ElterngeldPlus',
    unterhaltsvorschuss: 'Unterhaltsvorschuss',
    unterhalt: 'Unterhalt',
    'art.sonstige': 'sonstige Einkunft',
    ehegatte_getrennt: 'getrennt lebende Ehe- oder Lebenspartnerin / -partner',
    kind_auswaerts: 'Kind, das nicht im Haushalt lebt',
    kind_wechselmodell: 'Kind im Wechselmodell',
    'empfaenger.sonstige': 'andere Person',
  },
  en: {
    mietzuschuss: 'I rent my home (rent subsidy)',
    lastenzuschuss: 'I own my home (housing cost subsidy)',
    antragsteller: 'applicant',
    partner: 'spouse or partner',
    kind: 'child',
    'rolle.sonstige': 'other person in the household',
    'ausschluss.null': 'none of these benefits',
    sgb2: 'Citizen’s income (SGB II)',
    sgb12_grundsicherung: 'Basic income support in old age or reduced earning capacity (SGB XII)',
    sgb12_hlu: 'Subsistence assistance (SGB XII)',
    sgb12: 'Social assistance under chapter 3 or 4 SGB XII',
    asylblg: 'Benefits under the Asylum Seekers’ Benefits Act',
    sgb14: 'Social compensation benefits (SGB XIV)',
    sgb8: 'Child and youth welfare benefits (SGB VIII)',
    kinderzuschlag: 'Child supplement (Kinderzuschlag)',
    wohngeld: 'Housing benefit (Wohngeld)',
    erwerb: 'Wages, salary or self-employment',
    minijob: 'Mini-job',
    rente: 'Pension (statutory)',
    versorgung: 'Civil-service pension',
    lohnersatz: 'Unemployment, sickness or other wage replacement benefit',
    elterngeld: 'Parental allowance (Basiselterngeld)',
    elterngeld_plus: 'Parental allowance plus (ElterngeldPlus)',
    unterhaltsvorschuss: 'Advance maintenance payment',
    unterhalt: 'Maintenance',
    'art.sonstige': 'other income',
    ehegatte_getrennt: 'separated spouse or partner',
    kind_auswaerts: 'child living elsewhere',
    kind_wechselmodell: 'child in shared care',
    'empfaenger.sonstige': 'another person',
  },
};

export function enumLabel(lang: Lang, field: string, value: unknown): { text: string; lang?: string } {
  const code = value === null ? 'null' : String(value);
  const table = LABELS[lang];
  const hit = table[`${field}.${code}`] ?? table[code];
  if (hit) return { text: hit };
  const de = LABELS.de[`${field}.${code}`] ?? LABELS.de[code];
  if (de) return { text: de, lang: 'de' };
  return { text: code === 'null' ? '–' : code.replace(/_/g, ' ') };
}

/**
 * A German text from the server (a missing input's question) with each quoted answer code
 * („minijob“) put in words („Minijob“); the server fills in the stored value as written.
 */
export function withAnswerLabels(text: string): string {
  return text.replace(/„([a-z0-9_]+)“/g, (all, code: string) => {
    const hit = LABELS.de[code];
    return hit ? `„${hit}“` : all;
  });
}
