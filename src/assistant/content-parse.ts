import { AmtsklarError, type Problem } from '../common/index.ts';
import type { Fee, FeeOrigin, LegalBasis, Office, OpeningHours, Section, ServiceDescription } from './model.ts';
import { YamlSource } from './yaml-source.ts';

const ID = /^[a-z][a-z0-9-]*$/;
const ANCHOR = /^[a-z][a-z0-9-]*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const URL_RE = /^https:\/\/[^\s]+$/;
const ORIGINS: readonly FeeOrigin[] = ['bundesrecht', 'landesrecht', 'satzung', 'beispiel'];
/** Anchors whose text is built from structured front matter, so prose may not repeat them. */
export const GENERATED_ANCHORS = ['gebuehren', 'rechtsgrundlage', 'kontakt'] as const;

const SERVICE_KEYS = ['id', 'titel', 'kurzbeschreibung', 'stelle', 'suchbegriffe', 'rechtsgrundlagen', 'gebuehren', 'gebuehrenhinweis', 'termin', 'stand', 'verweis'];
const OFFICE_KEYS = ['name', 'anschrift', 'telefon', 'email', 'oeffnungszeiten', 'termin', 'extern'];

/** "37" → "37.00", "4.5" → "4.50": exact, on the digits. */
function twoDecimals(amount: string): string {
  const [int, frac = ''] = amount.split('.');
  return `${int}.${frac.padEnd(2, '0')}`;
}

function fail(what: string, problems: Problem[]): never {
  throw new AmtsklarError('invalid_input', `${what}: ${problems.length} Fehler`, problems);
}

/** The offices file (`content/services/_stellen.yaml`): one entry per office id. */
export function parseOffices(text: string, file: string): Office[] {
  const y = new YamlSource(file, text);
  const out: Office[] = [];
  if (y.problems.length === 0) {
    for (const id of y.keys([], 'Stellen')) {
      if (!ID.test(id)) y.fail([id], `Kennung „${id}“: nur Kleinbuchstaben, Ziffern und Bindestrich`);
      y.onlyKeys([id], OFFICE_KEYS, `Stelle ${id}`);
      const hours: OpeningHours[] = [];
      const n = y.length([id, 'oeffnungszeiten'], 'oeffnungszeiten', true);
      for (let i = 0; i < n; i++) {
        y.onlyKeys([id, 'oeffnungszeiten', i], ['tage', 'zeit'], 'Öffnungszeit');
        const days = y.string([id, 'oeffnungszeiten', i, 'tage'], 'tage');
        const hoursText = y.string([id, 'oeffnungszeiten', i, 'zeit'], 'zeit');
        if (days && hoursText) hours.push({ days, hours: hoursText });
      }
      const appointmentUrl = y.string([id, 'termin'], 'termin', true);
      if (appointmentUrl && !URL_RE.test(appointmentUrl)) y.fail([id, 'termin'], '„termin“ muss eine https-Adresse sein');
      const email = y.string([id, 'email'], 'email', true);
      if (email && !/^[^\s@]+@[^\s@]+\.[a-z]+$/.test(email)) y.fail([id, 'email'], `„email“: „${email}“ ist keine E-Mail-Adresse`);
      const office = {
        id,
        name: y.string([id, 'name'], 'name'),
        address: y.string([id, 'anschrift'], 'anschrift'),
        phone: y.string([id, 'telefon'], 'telefon'),
        openingHours: hours,
        external: y.boolean([id, 'extern'], 'extern', false),
        ...(email ? { email } : {}),
        ...(appointmentUrl ? { appointmentUrl } : {}),
      };
      if (office.name && office.address && office.phone) out.push(office as Office);
    }
  }
  if (y.problems.length > 0) fail(`Stellenverzeichnis ${file} ist fehlerhaft`, y.problems);
  return out;
}

function splitFrontMatter(text: string, file: string): { yaml: string; body: string; bodyLine: number } {
  const normalized = text.replace(/\r\n?/g, '\n');
  if (!normalized.startsWith('---\n')) fail(`${file} ist fehlerhaft`, [{ path: `${file}:1:1`, message: 'Die Datei muss mit einem Kopfbereich „---“ (YAML) beginnen' }]);
  const end = normalized.indexOf('\n---\n', 3);
  if (end === -1) fail(`${file} ist fehlerhaft`, [{ path: `${file}:1:1`, message: 'Der Kopfbereich wird nicht mit „---“ abgeschlossen' }]);
  const yaml = normalized.slice(4, end + 1);
  const bodyLine = yaml.split('\n').length + 2;
  return { yaml, body: normalized.slice(end + 5), bodyLine };
}

/** Markdown to the plain text a citizen reads and the search indexes. */
export function plainText(markdown: string): string {
  return markdown
    .split('\n')
    .map((l) => l.replace(/^\s*(?:[-*+]|\d+\.)\s+/, '').trim())
    .filter((l) => l !== '')
    .join('\n')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '$1 ($2)')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1');
}

function parseSections(body: string, bodyLine: number, file: string, problems: Problem[]): Section[] {
  const lines = body.split('\n');
  const sections: Section[] = [];
  let current: { anchor: string; heading: string; source: string; lines: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const text = plainText(current.lines.join('\n'));
    if (text === '') problems.push({ path: current.source, message: `Abschnitt „${current.heading}“ ist leer` });
    sections.push({ anchor: current.anchor, heading: current.heading, text, source: current.source, generated: false });
  };
  lines.forEach((line, i) => {
    const where = `${file}:${bodyLine + i}:1`;
    if (/^#\s/.test(line)) {
      problems.push({ path: where, message: 'Überschriften der ersten Ebene stehen nicht im Text: der Titel kommt aus „titel“' });
      return;
    }
    const h = /^##\s+(.+?)\s*(?:\{#([^}]*)\})?\s*$/.exec(line);
    if (h) {
      flush();
      const anchor = h[2];
      if (anchor === undefined) {
        problems.push({ path: where, message: `Abschnitt „${h[1]}“ braucht einen Anker, z. B. „## ${h[1]} {#unterlagen}“` });
      } else if (!ANCHOR.test(anchor)) {
        problems.push({ path: where, message: `Anker „${anchor}“: nur Kleinbuchstaben, Ziffern und Bindestrich` });
      } else if ((GENERATED_ANCHORS as readonly string[]).includes(anchor)) {
        problems.push({ path: where, message: `Abschnitt „${anchor}“ wird aus dem Kopfbereich erzeugt und darf nicht von Hand geschrieben werden` });
      } else if (sections.some((s) => s.anchor === anchor) || current?.anchor === anchor) {
        problems.push({ path: where, message: `Anker „${anchor}“ ist doppelt vergeben` });
      }
      current = { anchor: anchor ?? '', heading: h[1]!, source: where, lines: [] };
      return;
    }
    if (current) current.lines.push(line);
    else if (line.trim() !== '') problems.push({ path: where, message: 'Text vor dem ersten Abschnitt: jeder Text gehört unter eine „## Überschrift {#anker}“' });
  });
  flush();
  return sections;
}

/**
 * One service description: YAML front matter (facts an editor maintains as data: office,
 * fees, legal basis) and a Markdown body of named sections (`## Unterlagen {#unterlagen}`).
 */
export function parseServiceDescription(text: string, file: string): ServiceDescription {
  const { yaml, body, bodyLine } = splitFrontMatter(text, file);
  const y = new YamlSource(file, yaml, 2);
  const problems = y.problems;
  y.onlyKeys([], SERVICE_KEYS, 'Leistungsbeschreibung');
  const id = y.string(['id'], 'id');
  if (id && !ID.test(id)) y.fail(['id'], `Kennung „${id}“: nur Kleinbuchstaben, Ziffern und Bindestrich`);
  const updated = y.string(['stand'], 'stand');
  if (updated && !DATE.test(updated)) y.fail(['stand'], '„stand“ muss ein Datum JJJJ-MM-TT sein');
  const appointmentUrl = y.string(['termin'], 'termin', true);
  if (appointmentUrl && !URL_RE.test(appointmentUrl)) y.fail(['termin'], '„termin“ muss eine https-Adresse sein');

  const legalBasis: LegalBasis[] = [];
  const nLaw = y.length(['rechtsgrundlagen'], 'rechtsgrundlagen', true);
  if (nLaw === 0 && y.node(['rechtsgrundlagen']) !== undefined) y.fail(['rechtsgrundlagen'], 'Mindestens eine Rechtsgrundlage angeben');
  for (let i = 0; i < nLaw; i++) {
    y.onlyKeys(['rechtsgrundlagen', i], ['norm', 'titel'], 'Rechtsgrundlage');
    const norm = y.string(['rechtsgrundlagen', i, 'norm'], 'norm');
    const title = y.string(['rechtsgrundlagen', i, 'titel'], 'titel');
    if (norm && title) legalBasis.push({ norm, title });
  }

  const fees: Fee[] = [];
  const nFee = y.length(['gebuehren'], 'gebuehren', true);
  for (let i = 0; i < nFee; i++) {
    const p = ['gebuehren', i];
    y.onlyKeys(p, ['leistung', 'betrag', 'herkunft', 'norm'], 'Gebühr');
    const item = y.string([...p, 'leistung'], 'leistung');
    const amount = y.string([...p, 'betrag'], 'betrag');
    const origin = y.string([...p, 'herkunft'], 'herkunft');
    const norm = y.string([...p, 'norm'], 'norm');
    if (typeof y.doc.getIn([...p, 'betrag']) === 'number') y.fail([...p, 'betrag'], 'Betrag in Anführungszeichen schreiben ("37.00"), damit er exakt bleibt');
    else if (amount && !/^\d+(\.\d{1,2})?$/.test(amount)) y.fail([...p, 'betrag'], `Betrag „${amount}“: Euro mit Punkt und höchstens zwei Nachkommastellen, z. B. "37.00"`);
    if (origin && !(ORIGINS as readonly string[]).includes(origin)) y.fail([...p, 'herkunft'], `„herkunft“ muss ${ORIGINS.join(', ')} sein`);
    if (item && amount && /^\d+(\.\d{1,2})?$/.test(amount) && origin && norm) fees.push({ item, amount: twoDecimals(amount), origin: origin as FeeOrigin, norm });
  }

  const referralOfficeId = y.string(['verweis'], 'verweis', true);
  const feeNote = y.string(['gebuehrenhinweis'], 'gebuehrenhinweis', true);
  const service = {
    id: id ?? '',
    title: y.string(['titel'], 'titel') ?? '',
    summary: y.string(['kurzbeschreibung'], 'kurzbeschreibung') ?? '',
    officeId: y.string(['stelle'], 'stelle') ?? '',
    keywords: y.strings(['suchbegriffe'], 'suchbegriffe'),
    legalBasis,
    fees,
    updated: updated ?? '',
    sections: parseSections(body, bodyLine, file, problems),
    file,
    ...(feeNote ? { feeNote } : {}),
    ...(appointmentUrl ? { appointmentUrl } : {}),
    ...(referralOfficeId ? { referralOfficeId } : {}),
  };
  if (!service.sections.some((s) => s.anchor === 'ueberblick')) {
    problems.push({ path: `${file}:${bodyLine}:1`, message: 'Der Abschnitt „## Worum geht es? {#ueberblick}“ fehlt' });
  }
  if (problems.length > 0) fail(`Leistungsbeschreibung ${file} ist fehlerhaft`, problems);
  return service;
}
