/**
 * The content the assistant answers from: the municipality's own service descriptions
 * (Leistungsbeschreibungen) and the offices (Stellen) responsible for them. Nothing else is
 * ever a source of an answer.
 */

/**
 * Where a fee comes from. Only `bundesrecht` values are real federal fees; Land and municipal
 * fees of the fictional Musterstadt and fees quoted as examples are marked as such in every text.
 */
export type FeeOrigin = 'bundesrecht' | 'landesrecht' | 'satzung' | 'beispiel';

export interface Fee {
  /** What the fee is for ("Personalausweis ab 24 Jahren"). */
  item: string;
  /** Exact decimal amount in euro as written in the source ("37.00"); never a float. */
  amount: string;
  origin: FeeOrigin;
  /** The norm that sets the fee ("§ 1 Abs. 1 PAuswGebV", "Gebührensatzung Musterstadt Nr. 3.1"). */
  norm: string;
}

export interface LegalBasis {
  norm: string;
  title: string;
}

export interface OpeningHours {
  days: string;
  hours: string;
}

export interface Office {
  id: string;
  name: string;
  address: string;
  phone: string;
  email?: string;
  openingHours: OpeningHours[];
  appointmentUrl?: string;
  /** An authority outside the city administration (Familienkasse, Versorgungsamt). */
  external: boolean;
}

export interface Section {
  /** Stable anchor for deep links (`gebuehren`, `unterlagen`). */
  anchor: string;
  heading: string;
  /** Plain text of the section (Markdown list markers and emphasis removed). */
  text: string;
  /** Where the heading stands in the source (`content/services/x.md:12:1`), for editors. */
  source: string;
  /** Built from structured front matter (fees, legal basis, contact) rather than written prose. */
  generated: boolean;
}

export interface ServiceDescription {
  id: string;
  title: string;
  summary: string;
  officeId: string;
  /** Citizen vocabulary and English terms that should find this service. */
  keywords: string[];
  legalBasis: LegalBasis[];
  fees: Fee[];
  feeNote?: string;
  appointmentUrl?: string;
  /** Date of the last editorial check (YYYY-MM-DD). */
  updated: string;
  /** The service is handled by another authority; the city only refers. */
  referralOfficeId?: string;
  sections: Section[];
  /** Repository-relative file the description was read from. */
  file: string;
}

/** One retrievable unit: a section of a service description, with its deep link. */
export interface Passage {
  /** `serviceId#anchor` */
  id: string;
  serviceId: string;
  serviceTitle: string;
  anchor: string;
  heading: string;
  text: string;
  keywords: string[];
  url: string;
}

export interface Catalog {
  services: ServiceDescription[];
  offices: Map<string, Office>;
}

export function passageId(serviceId: string, anchor: string): string {
  return `${serviceId}#${anchor}`;
}
