import type { EqualitySurveyResponse, SensitiveAttribute } from '../model.ts';
import type { HouseholdType } from './sources.ts';

/** An application in the format of ../shared/contracts/wohngeld-antrag.schema.json. */
export interface WohngeldAntrag {
  aktenzeichen?: string;
  stichtag: string;
  art: 'mietzuschuss' | 'lastenzuschuss';
  mietenstufe?: number;
  gemeindeschluessel?: string;
  miete_monat: string;
  vermoegen?: string;
  alleinerziehend?: boolean;
  unterhalt_gezahlt?: UnterhaltGezahlt[];
  haushaltsmitglieder: Haushaltsmitglied[];
  /**
   * Personal details as on a real application form. Extra fields are allowed by the
   * contract; the rule pack must ignore them, which the counterfactual tests check.
   */
  personalien?: Personalien;
}

export interface Personalien {
  vorname: string;
  nachname: string;
  anrede: 'Frau' | 'Herr' | 'Guten Tag';
  staatsangehoerigkeit: string;
}

export interface UnterhaltGezahlt {
  empfaenger: 'ehegatte_getrennt' | 'kind_auswaerts' | 'kind_wechselmodell' | 'sonstige';
  betrag_monat: string;
  tituliert?: boolean;
}

export type Einkunftsart = 'erwerb' | 'minijob' | 'rente' | 'versorgung' | 'lohnersatz' | 'unterhaltsvorschuss' | 'unterhalt' | 'sonstige';

export interface Haushaltsmitglied {
  id: string;
  rolle: 'antragsteller' | 'partner' | 'kind' | 'sonstige';
  geburtsdatum: string;
  ausschluss?: null | 'sgb2' | 'sgb12_grundsicherung' | 'sgb12_hlu' | 'asylblg' | 'sgb14' | 'sgb8';
  einkuenfte?: { art: Einkunftsart; brutto_monat: string }[];
  abzuege_16?: { steuern?: boolean; kranken_pflege?: boolean; rente?: boolean };
  schwerbehindert_17_nr1?: boolean;
  grundrentenzeiten_33_jahre?: boolean;
}

/**
 * A Kita fee application in the input format of the `kita-beitrag` pack
 * (packs/kita-beitrag/inputs.yaml; Satzung über Elternbeiträge der Stadt Musterstadt).
 */
export interface KitaAntrag {
  aktenzeichen?: string;
  /** A day in the month whose fee is set (the pack's asOf). */
  stichtag: string;
  kind: {
    vorname?: string;
    geburtsdatum: string;
    /** Booked weekly care hours (§ 3 table: up to 25, 35, 45). Missing = must be asked for. */
    betreuungsstunden_woche?: number;
    /** Last Kita year before school (§ 5 Abs. 1). */
    letztes_kitajahr_vor_einschulung: boolean;
  };
  /** § 2 Abs. 1: positive income of both parents in the calendar year before the Kita year; absent = not proven (§ 2 Abs. 3, maximum fee). */
  einkuenfte_eltern_vorjahr?: string;
  elterngeld_monatlich?: string;
  elterngeld_bezugsmonate?: number;
  /** § 2 Abs. 2: further children in the household entitled to maintenance. */
  weitere_unterhaltsberechtigte_kinder: number;
  /** § 4: siblings in a Kita or Kindertagespflege in Musterstadt at the same time. */
  geschwister_in_betreuung: { geburtsdatum: string }[];
  /** § 5 Abs. 2 (§ 90 Abs. 4 SGB VIII): benefits that exempt from the fee. */
  leistungsbezug: ('sgb2' | 'sgb12' | 'asylblg' | 'kinderzuschlag' | 'wohngeld')[];
  /** § 6: hardship application (discretion, always for a person to decide). */
  haertefallantrag: boolean;
}

export interface SyntheticHousehold {
  /** Links the application to its equality survey; nothing else does. */
  pseudonym: string;
  type: HouseholdType;
  wohngeld: WohngeldAntrag;
  kita: KitaAntrag | null;
  /** The voluntary equality survey: store apart from the application. */
  survey: EqualitySurveyResponse;
  /**
   * The applicant's true attributes, whether or not surveyed: only for simulations that
   * plant a known bias. Never store or show them.
   */
  latent: Record<SensitiveAttribute, string>;
}
