import { AmtsklarError, type Problem } from '../common/index.ts';
import { passageId, type Catalog, type Fee, type Office, type Passage, type Section, type ServiceDescription } from './model.ts';

/** "1250.00" → "1.250,00 Euro": German notation, exact on the digits. */
export function formatEuro(amount: string): string {
  const [int = '0', frac = '00'] = amount.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${grouped},${frac.padEnd(2, '0')} Euro`;
}

const ORIGIN_TEXT: Record<Fee['origin'], string> = {
  bundesrecht: 'bundesrechtlich festgelegt',
  landesrecht: 'nach Landesrecht, Beispielwert für die fiktive Stadt Musterstadt',
  satzung: 'nach Satzung der fiktiven Stadt Musterstadt, Beispielwert',
  beispiel: 'Beispielwert, maßgeblich ist',
};

export function openingHoursText(office: Office): string {
  return office.openingHours.map((h) => `${h.days} ${h.hours}`).join('; ');
}

/** Contact details of an office as one text, as shown in a hand-over and in `#kontakt`. */
export function officeContactText(office: Office, appointmentUrl = office.appointmentUrl): string {
  const lines = [
    `${office.name}, ${office.address}.`,
    office.email ? `Telefon: ${office.phone}. E-Mail: ${office.email}.` : `Telefon: ${office.phone}.`,
    `Öffnungszeiten: ${openingHoursText(office)}.`,
  ];
  if (appointmentUrl) lines.push(`Termin online buchen: ${appointmentUrl}`);
  return lines.join('\n');
}

function feeSection(s: ServiceDescription, referral: Office | undefined): Section {
  const lines = s.fees.map((f) => `${f.item}: ${formatEuro(f.amount)} (${ORIGIN_TEXT[f.origin]}${f.origin === 'beispiel' ? ' ' : ', '}${f.norm}).`);
  if (lines.length === 0) {
    lines.push(referral ? `Über Gebühren entscheidet die zuständige Stelle (${referral.name}).` : 'Die Stadt Musterstadt erhebt für diese Leistung keine Gebühr.');
  }
  if (s.feeNote) lines.push(s.feeNote);
  return { anchor: 'gebuehren', heading: 'Was kostet das?', text: lines.join('\n'), source: `${s.file}:1:1`, generated: true };
}

function lawSection(s: ServiceDescription): Section {
  const text = s.legalBasis.map((l) => `${l.norm} (${l.title})`).join('\n');
  return { anchor: 'rechtsgrundlage', heading: 'Rechtsgrundlage', text, source: `${s.file}:1:1`, generated: true };
}

function contactSection(s: ServiceDescription, office: Office, referral: Office | undefined): Section {
  const own = `Zuständig in der Stadtverwaltung: ${officeContactText(office, s.appointmentUrl ?? office.appointmentUrl)}`;
  const text = referral ? `Zuständig für die Leistung selbst: ${officeContactText(referral)}\n${own.replace('Zuständig in der Stadtverwaltung', 'Auskunft in der Stadtverwaltung')}` : own;
  return { anchor: 'kontakt', heading: 'Zuständige Stelle und Kontakt', text, source: `${s.file}:1:1`, generated: true };
}

/**
 * Checks the descriptions against each other and the office list and completes each with
 * the sections built from its front matter (fees, legal basis, contact).
 */
export function buildCatalog(services: readonly ServiceDescription[], offices: readonly Office[]): Catalog {
  const problems: Problem[] = [];
  const officeMap = new Map<string, Office>();
  for (const o of offices) officeMap.set(o.id, o);
  const seen = new Map<string, string>();
  const out: ServiceDescription[] = [];
  for (const s of services) {
    const where = `${s.file}:2:1`;
    const before = seen.get(s.id);
    if (before) problems.push({ path: where, message: `Kennung „${s.id}“ ist schon in ${before} vergeben` });
    seen.set(s.id, s.file);
    const office = officeMap.get(s.officeId);
    if (!office) problems.push({ path: where, message: `Unbekannte Stelle „${s.officeId}“ in „stelle“` });
    const referral = s.referralOfficeId ? officeMap.get(s.referralOfficeId) : undefined;
    if (s.referralOfficeId && !referral) problems.push({ path: where, message: `Unbekannte Stelle „${s.referralOfficeId}“ in „verweis“` });
    if (!office) continue;
    out.push({ ...s, sections: [...s.sections, feeSection(s, referral), lawSection(s), contactSection(s, office, referral)] });
  }
  if (problems.length > 0) throw new AmtsklarError('invalid_input', `Leistungskatalog ist fehlerhaft: ${problems.length} Fehler`, problems);
  out.sort((a, b) => a.id.localeCompare(b.id));
  return { services: out, offices: officeMap };
}

/** Deep link to a section: `${base}/leistungen/${id}#${anchor}`. */
export function sectionUrl(baseUrl: string, serviceId: string, anchor: string): string {
  return `${baseUrl.replace(/\/$/, '')}/leistungen/${serviceId}#${anchor}`;
}

/** Every section of every service as a retrievable passage with its deep link. */
export function catalogPassages(catalog: Catalog, baseUrl: string): Passage[] {
  return catalog.services.flatMap((s) =>
    s.sections.map((sec) => ({
      id: passageId(s.id, sec.anchor),
      serviceId: s.id,
      serviceTitle: s.title,
      anchor: sec.anchor,
      heading: sec.heading,
      text: sec.anchor === 'ueberblick' ? `${s.summary}\n${sec.text}` : sec.text,
      keywords: s.keywords,
      url: sectionUrl(baseUrl, s.id, sec.anchor),
    })),
  );
}

export function findService(catalog: Catalog, id: string): ServiceDescription | undefined {
  return catalog.services.find((s) => s.id === id);
}
