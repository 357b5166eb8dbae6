import { AmtsklarError } from '../common/index.ts';
import { guardOutbound, type KnownValue, type PiiKind } from '../privacy/index.ts';

/** German names of the kinds of personal data, for messages to the person who typed them. */
export const PII_LABELS: Record<PiiKind, string> = {
  PERSON: 'Name',
  GEBURTSDATUM: 'Geburtsdatum',
  ADRESSE: 'Anschrift',
  IBAN: 'IBAN',
  KONTO: 'Kontonummer',
  TELEFON: 'Telefonnummer',
  EMAIL: 'E-Mail-Adresse',
  STEUER_ID: 'Steuer-Identifikationsnummer',
  SVNR: 'Sozialversicherungsnummer',
  KVNR: 'Krankenversichertennummer',
  AUSWEIS: 'Ausweisnummer',
  MRZ: 'maschinenlesbare Ausweiszeile',
  KENNUNG: 'persönliche Kennung',
};

function labels(kinds: Iterable<PiiKind>): string[] {
  return [...new Set([...kinds].map((k) => PII_LABELS[k]))];
}

/**
 * Text that will be shown publicly or typed into the sandbox must carry no personal data
 * at all: any finding refuses it, with a German message naming the kinds (never the values).
 */
export function refusePersonalData(text: string, path: string, why: 'public' | 'sandbox'): void {
  const g = guardOutbound(text, [], { policy: 'refuse' });
  if (g.allowed) return;
  const found = labels(g.findings.map((f) => f.kind));
  const what = found.length > 0 ? found.join(', ') : 'personenbezogene Angaben';
  const message =
    why === 'sandbox'
      ? `Bitte geben Sie im Experimentierraum keine echten persönlichen Daten ein (erkannt: ${what}). Hier gibt es nur ausgedachte Übungsdaten.`
      : `Ihr Beitrag wird öffentlich angezeigt und darf keine persönlichen Daten enthalten (erkannt: ${what}). Bitte entfernen Sie diese Angaben.`;
  throw new AmtsklarError('invalid_input', message, [{ path, message: `Personenbezogene Angaben erkannt: ${what}.` }]);
}

export interface Redacted {
  text: string;
  /** German names of what was removed (empty when nothing was). */
  removed: string[];
}

/**
 * Free text that is stored but not published (feedback): personal data is replaced by a
 * German marker such as „[Name entfernt]“, so only the redacted text is kept. If the guard
 * cannot make the text safe (residue after replacing, or an error), the text is refused.
 */
export function redactPersonalData(text: string, known: readonly KnownValue[], path: string): Redacted {
  const g = guardOutbound(text, known);
  if (!g.allowed) {
    const message = 'Der Text enthält persönliche Daten, die wir nicht sicher entfernen können. Bitte schreiben Sie ihn ohne Namen, Anschriften, Telefonnummern oder Kennnummern.';
    throw new AmtsklarError('invalid_input', message, [{ path, message: 'Personenbezogene Angaben erkannt.' }]);
  }
  const removed = labels(g.audit.findings.map((f) => f.kind));
  const out = g.text.replace(/«([A-Z_]+)_\d+»/g, (_m, kind: string) => `[${PII_LABELS[kind as PiiKind] ?? 'Angabe'} entfernt]`);
  return { text: out, removed };
}

export function redactionNotice(removed: readonly string[]): string | null {
  return removed.length === 0 ? null : `Wir haben persönliche Daten aus Ihrem Text entfernt (${removed.join(', ')}). Gespeichert ist nur der bereinigte Text.`;
}
