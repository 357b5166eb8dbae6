/**
 * Attributes that must never influence a decision unless the law says so: the special
 * categories of Art. 9 GDPR, the grounds of § 1 AGG and Art. 21 EU Charter, and nationality
 * (Art. 18 TFEU). An input whose name points to one of them must be declared `sensitive`,
 * and the pack must give the legal justification and the outputs it may reach.
 */
export interface SensitiveCategory {
  id: string;
  label: string;
  basis: string;
  pattern: RegExp;
}

export const SENSITIVE_CATEGORIES: readonly SensitiveCategory[] = [
  { id: 'gesundheit', label: 'Gesundheit und Behinderung', basis: 'Art. 9 Abs. 1 DSGVO; § 1 AGG', pattern: /behinder|gesundheit|krankheit|pflegegrad|pflegebed|gdb|schwerbehind|diagnose/i },
  { id: 'geschlecht', label: 'Geschlecht und geschlechtliche Identität', basis: '§ 1 AGG; Art. 21 GRCh', pattern: /geschlecht|gender|\bsex\b/i },
  { id: 'herkunft', label: 'ethnische Herkunft', basis: 'Art. 9 Abs. 1 DSGVO; § 1 AGG', pattern: /herkunft|ethni|migrationshint|hautfarbe|rasse/i },
  { id: 'religion', label: 'Religion und Weltanschauung', basis: 'Art. 9 Abs. 1 DSGVO; § 1 AGG', pattern: /religion|konfession|weltanschau|kirche/i },
  { id: 'staatsangehoerigkeit', label: 'Staatsangehörigkeit', basis: 'Art. 18 AEUV; Art. 21 Abs. 2 GRCh', pattern: /staatsangeh|nationalit|aufenthaltstitel/i },
  { id: 'sexuelle_identitaet', label: 'sexuelle Identität', basis: 'Art. 9 Abs. 1 DSGVO; § 1 AGG', pattern: /sexuell|orientierung/i },
  { id: 'alter', label: 'Alter', basis: '§ 1 AGG; Art. 21 GRCh', pattern: /geburtsdatum|geburtsjahr|lebensalter|^alter$/i },
  { id: 'politik', label: 'politische Meinung, Gewerkschaft', basis: 'Art. 9 Abs. 1 DSGVO', pattern: /partei|gewerkschaft|politisch/i },
  { id: 'biometrie', label: 'genetische und biometrische Daten', basis: 'Art. 9 Abs. 1 DSGVO', pattern: /biometr|genetisch|fingerabdruck/i },
];

export function categoryOfName(name: string): SensitiveCategory | undefined {
  return SENSITIVE_CATEGORIES.find((c) => c.pattern.test(name));
}
