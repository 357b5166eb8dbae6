import { invalidInput } from '../common/index.ts';
import type { Letterhead } from './model.ts';

/**
 * How the municipality's legal remedy works for one pack. In most Länder the Widerspruch
 * (§§ 68 ff. VwGO) comes first; where a Land abolished the Vorverfahren, the remedy is an
 * action at the administrative court directly (§ 68 Abs. 1 S. 2 VwGO).
 */
export interface Rechtsbehelf {
  kind: 'widerspruch' | 'klage';
  /** The authority with which the Widerspruch is lodged, with its seat. */
  stelle: string;
  anschrift: string;
  /** Norm that allows the electronic form (WoGG is part of the SGB: § 36a Abs. 2 SGB I). */
  elektronischeForm: string;
  gericht: { name: string; anschrift: string };
  /** A complete text set by the municipality's legal office; replaces the generated block. */
  text?: string;
}

export interface DraftingSettings {
  municipalityId: string;
  letterhead: Letterhead;
  /** Rechtsbehelf per pack id; `default` for packs without their own entry. */
  rechtsbehelf: Record<string, Rechtsbehelf>;
  /** Days a citizen gets to send missing documents (an „angemessene Frist", § 66 Abs. 3 SGB I). */
  nachforderungDays: number;
  /** Name and role under the letter („Im Auftrag"). */
  signature: { name: string; role: string };
  /** Extra Aktenzeichen shapes of this municipality (regular expression sources). */
  aktenzeichenPatterns: string[];
}

export const MUSTERSTADT_SETTINGS: DraftingSettings = {
  municipalityId: 'musterstadt',
  letterhead: {
    authority: 'Stadt Musterstadt',
    department: 'Amt für Soziales und Wohnen',
    street: 'Rathausplatz 1',
    postalCode: '12345',
    city: 'Musterstadt',
    phone: '0123 456-0',
    email: 'buergerservice@musterstadt.example',
    web: 'www.musterstadt.example',
    openingHours: 'Mo–Fr 8:00–12:00 Uhr, Do 14:00–18:00 Uhr',
  },
  rechtsbehelf: {
    default: {
      kind: 'widerspruch',
      stelle: 'Stadt Musterstadt, Amt für Soziales und Wohnen',
      anschrift: 'Rathausplatz 1, 12345 Musterstadt',
      elektronischeForm: '§ 36a Abs. 2 SGB I',
      gericht: { name: 'Verwaltungsgericht Musterstadt', anschrift: 'Gerichtsstraße 5, 12345 Musterstadt' },
    },
  },
  nachforderungDays: 14,
  signature: { name: 'Amt für Soziales und Wohnen', role: 'Im Auftrag' },
  aktenzeichenPatterns: [],
};

export function rechtsbehelfFor(settings: DraftingSettings, pack: string): Rechtsbehelf {
  const r = settings.rechtsbehelf[pack] ?? settings.rechtsbehelf.default;
  if (!r) throw invalidInput(`$.rechtsbehelf.${pack}`, 'Für dieses Verfahren ist keine Rechtsbehelfsbelehrung eingestellt.');
  return r;
}

/** Merges partial settings (from the store) over the defaults, checking what letters need. */
export function draftingSettings(raw: Partial<DraftingSettings> | null | undefined): DraftingSettings {
  const s = raw ?? {};
  const merged: DraftingSettings = {
    ...MUSTERSTADT_SETTINGS,
    ...s,
    letterhead: { ...MUSTERSTADT_SETTINGS.letterhead, ...(s.letterhead ?? {}) },
    rechtsbehelf: { ...MUSTERSTADT_SETTINGS.rechtsbehelf, ...(s.rechtsbehelf ?? {}) },
    signature: { ...MUSTERSTADT_SETTINGS.signature, ...(s.signature ?? {}) },
  };
  if (!Number.isInteger(merged.nachforderungDays) || merged.nachforderungDays < 7 || merged.nachforderungDays > 90) {
    throw invalidInput('$.nachforderungDays', 'Die Frist für Nachforderungen muss zwischen 7 und 90 Tagen liegen.');
  }
  for (const [i, p] of merged.aktenzeichenPatterns.entries()) {
    try {
      new RegExp(p);
    } catch {
      throw invalidInput(`$.aktenzeichenPatterns[${i}]`, 'Kein gültiger regulärer Ausdruck.');
    }
  }
  return merged;
}
