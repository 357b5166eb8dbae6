import { AmtsklarError, contentHash, type Problem } from '../common/index.ts';
import { isIsoDate, type IsoDate } from './dates.ts';
import { uuidV5 } from './ids.ts';
import { EMAIL, HTTP_URL, isNonEmpty } from './text.ts';

/** The lifecycle of a register entry; see lifecycle.ts for the allowed transitions. */
export type RegisterStatus = 'draft' | 'consultation' | 'approved' | 'active' | 'retired';
export const REGISTER_STATUSES: readonly RegisterStatus[] = ['draft', 'consultation', 'approved', 'active', 'retired'];

/** The product features a register entry can switch on. */
export type FeatureKey = 'drafting' | 'chatbot' | 'automated-decisions';
export const FEATURES: readonly FeatureKey[] = ['drafting', 'chatbot', 'automated-decisions'];

export interface FeatureLink {
  feature: FeatureKey;
  /** For `automated-decisions`: the rule pack whose decisions are issued automatically. */
  packId?: string;
}

/** Policy domains; each maps onto the theme lists of the Dutch and Eurocities standards. */
export const DOMAINS = [
  'soziale-leistungen',
  'wohnen',
  'familie-kinder-jugend',
  'bildung',
  'arbeit-personal',
  'verkehr',
  'umwelt-energie',
  'oeffentliche-sicherheit',
  'migration',
  'gesundheit',
  'finanzen-steuern',
  'kultur-freizeit',
  'wirtschaft',
  'bauen-planen',
  'verwaltung-organisation',
] as const;
export type Domain = (typeof DOMAINS)[number];

/** The legal bases a fully automated administrative act can rest on (§ 35a VwVfG needs an enabling provision besides). */
export const AUTOMATION_BASES = ['§ 35a VwVfG', '§ 31a SGB X', '§ 155 Abs. 4 AO'] as const;
export type AutomationBasis = (typeof AUTOMATION_BASES)[number];

export interface LegalReference {
  norm: string;
  title?: string;
  url?: string;
}

export interface NamedOverseer {
  personId: string;
  name: string;
  role: string;
  /** What the person may do: stop the system, override results, … (Art. 26(2) KI-VO: authority). */
  authority: string;
}

export interface RiskItem {
  name: string;
  description: string;
  mitigation: string;
}

export interface RegisterEntryContent {
  name: string;
  shortDescription: string;
  /** The text for the public page, in plain language. */
  plainLanguage: string;
  purpose: string;
  organization: string;
  department: string;
  /** Geographical area (the municipality). */
  area: string;
  domain: Domain;
  legalBasis: LegalReference[];
  decisionProcess: string;
  provider: {
    name: string;
    inHouse: boolean;
    model?: string;
    modelVersion?: string;
    /** The provider's entry in the EU database (Annex VIII Section C point 3). */
    euDatabaseUrl?: string;
    companyId?: string;
  };
  algorithmType: 'rule-based' | 'self-learning' | 'hybrid';
  useType: 'descriptive' | 'diagnostic' | 'predictive' | 'prescriptive';
  technicalDescription: string;
  data: {
    categories: string[];
    sources: string[];
    personalData: boolean;
    specialCategories: boolean;
    trainingData?: string;
    bias?: string;
  };
  affectedPersons: string[];
  humanOversight: {
    description: string;
    overseers: NamedOverseer[];
  };
  risks: RiskItem[];
  proportionality: string;
  alternativesConsidered?: string;
  contact: { email: string; phone?: string; name?: string; url?: string; offline?: string };
  objectionProcedure: string;
  monitoring: string;
  rollback?: string;
  /** Role title of the accountable owner (UK ATRS: senior responsible owner). */
  accountableRole: string;
  links: { packs: string[]; features: FeatureLink[] };
  automation?: { packId: string; legalBasis: AutomationBasis; enablingProvision?: string };
  publicUrl?: string;
  sourceCodeUrl?: string;
  dpiaUrl?: string;
  processRegisterUrl?: string;
  /** Date by which the entry must be reviewed (Eurocities `revision_date`). */
  reviewDue: IsoDate;
}

export interface RegisterHistoryItem {
  version: number;
  at: string;
  by: string;
  action: 'created' | 'updated' | 'status-changed';
  changedFields: string[];
  material: boolean;
  from?: RegisterStatus;
  to?: RegisterStatus;
  reason?: string;
  contentHash: string;
}

export interface RegisterEntry extends RegisterEntryContent {
  id: string;
  uuid: string;
  /** Systems of the product itself, or external ones entered by hand. */
  kind: 'product' | 'external';
  status: RegisterStatus;
  version: number;
  /** Hash over the fields whose change requires a new classification. */
  materialHash: string;
  createdAt: string;
  updatedAt: string;
  firstPublishedAt?: string;
  activatedAt?: string;
  retiredAt?: string;
  history: RegisterHistoryItem[];
}

/**
 * Fields whose change alters what the system is or does: after such a change the
 * classification is stale and the entry must go back to draft (Art. 25(1)(b), 27(2) KI-VO: a
 * substantial modification or a changed element needs a new assessment).
 */
export const MATERIAL_FIELDS: readonly (keyof RegisterEntryContent)[] = [
  'purpose',
  'domain',
  'legalBasis',
  'decisionProcess',
  'provider',
  'algorithmType',
  'useType',
  'technicalDescription',
  'data',
  'affectedPersons',
  'links',
  'automation',
];

const CONTENT_FIELDS: readonly (keyof RegisterEntryContent)[] = [
  'name', 'shortDescription', 'plainLanguage', 'purpose', 'organization', 'department', 'area', 'domain', 'legalBasis',
  'decisionProcess', 'provider', 'algorithmType', 'useType', 'technicalDescription', 'data', 'affectedPersons',
  'humanOversight', 'risks', 'proportionality', 'alternativesConsidered', 'contact', 'objectionProcedure', 'monitoring',
  'rollback', 'accountableRole', 'links', 'automation', 'publicUrl', 'sourceCodeUrl', 'dpiaUrl', 'processRegisterUrl', 'reviewDue',
];

const ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function materialHashOf(content: RegisterEntryContent): string {
  const material: Record<string, unknown> = {};
  for (const f of MATERIAL_FIELDS) if (content[f] !== undefined) material[f] = content[f];
  return contentHash(material);
}

function contentOf(entry: RegisterEntryContent): RegisterEntryContent {
  const out: Record<string, unknown> = {};
  for (const f of CONTENT_FIELDS) if (entry[f] !== undefined) out[f] = entry[f];
  return out as unknown as RegisterEntryContent;
}

/** Every problem of the content, each with its JSON path and a German message. */
export function validateEntryContent(c: Partial<RegisterEntryContent>): Problem[] {
  const problems: Problem[] = [];
  const need = (path: string, v: unknown, label: string, max?: number) => {
    if (!isNonEmpty(v)) problems.push({ path, message: `${label} fehlt.` });
    else if (max !== undefined && v.length > max) problems.push({ path, message: `${label} ist zu lang (${v.length} Zeichen, höchstens ${max}).` });
  };
  const url = (path: string, v: unknown) => {
    if (v !== undefined && !(typeof v === 'string' && HTTP_URL.test(v))) problems.push({ path, message: 'Adresse mit https:// oder http:// erwartet.' });
  };
  need('$.name', c.name, 'Der Name', 100);
  need('$.shortDescription', c.shortDescription, 'Die Kurzbeschreibung', 350);
  need('$.plainLanguage', c.plainLanguage, 'Die Beschreibung in einfacher Sprache', 2500);
  need('$.purpose', c.purpose, 'Der Zweck', 2500);
  need('$.organization', c.organization, 'Die Organisation', 100);
  need('$.department', c.department, 'Die Fachabteilung', 200);
  need('$.area', c.area, 'Das Gebiet', 200);
  if (!DOMAINS.includes(c.domain as Domain)) problems.push({ path: '$.domain', message: `Einer der Bereiche ${DOMAINS.join(', ')} erwartet.` });
  if (!Array.isArray(c.legalBasis) || c.legalBasis.length === 0) problems.push({ path: '$.legalBasis', message: 'Mindestens eine Rechtsgrundlage erwartet.' });
  else c.legalBasis.forEach((l, i) => { need(`$.legalBasis[${i}].norm`, l?.norm, 'Die Norm', 200); url(`$.legalBasis[${i}].url`, l?.url); });
  need('$.decisionProcess', c.decisionProcess, 'Die Beschreibung des Entscheidungsprozesses', 5000);
  if (typeof c.provider !== 'object' || c.provider === null) problems.push({ path: '$.provider', message: 'Angaben zum Anbieter fehlen.' });
  else {
    need('$.provider.name', c.provider.name, 'Der Name des Anbieters', 200);
    if (typeof c.provider.inHouse !== 'boolean') problems.push({ path: '$.provider.inHouse', message: 'true oder false erwartet.' });
    url('$.provider.euDatabaseUrl', c.provider.euDatabaseUrl);
  }
  if (!['rule-based', 'self-learning', 'hybrid'].includes(c.algorithmType as string)) problems.push({ path: '$.algorithmType', message: '„rule-based“, „self-learning“ oder „hybrid“ erwartet.' });
  if (!['descriptive', 'diagnostic', 'predictive', 'prescriptive'].includes(c.useType as string)) problems.push({ path: '$.useType', message: '„descriptive“, „diagnostic“, „predictive“ oder „prescriptive“ erwartet.' });
  need('$.technicalDescription', c.technicalDescription, 'Die technische Beschreibung', 5000);
  if (typeof c.data !== 'object' || c.data === null) problems.push({ path: '$.data', message: 'Angaben zu den Daten fehlen.' });
  else {
    if (!Array.isArray(c.data.categories) || c.data.categories.length === 0 || !c.data.categories.every(isNonEmpty)) problems.push({ path: '$.data.categories', message: 'Mindestens eine Datenkategorie erwartet.' });
    if (!Array.isArray(c.data.sources) || c.data.sources.length === 0 || !c.data.sources.every(isNonEmpty)) problems.push({ path: '$.data.sources', message: 'Mindestens eine Datenquelle erwartet.' });
    if (typeof c.data.personalData !== 'boolean') problems.push({ path: '$.data.personalData', message: 'true oder false erwartet.' });
    if (typeof c.data.specialCategories !== 'boolean') problems.push({ path: '$.data.specialCategories', message: 'true oder false erwartet.' });
    if (c.data.specialCategories === true && c.data.personalData !== true) problems.push({ path: '$.data.personalData', message: 'Besondere Kategorien sind personenbezogene Daten.' });
    if (c.algorithmType !== 'rule-based' && !isNonEmpty(c.data.trainingData)) problems.push({ path: '$.data.trainingData', message: 'Für lernende Systeme müssen die Trainingsdaten beschrieben sein.' });
  }
  if (!Array.isArray(c.affectedPersons) || c.affectedPersons.length === 0 || !c.affectedPersons.every(isNonEmpty)) problems.push({ path: '$.affectedPersons', message: 'Mindestens eine Gruppe betroffener Personen erwartet.' });
  if (typeof c.humanOversight !== 'object' || c.humanOversight === null) problems.push({ path: '$.humanOversight', message: 'Angaben zur menschlichen Aufsicht fehlen.' });
  else {
    need('$.humanOversight.description', c.humanOversight.description, 'Die Beschreibung der menschlichen Aufsicht', 2500);
    const ids = new Set<string>();
    (Array.isArray(c.humanOversight.overseers) ? c.humanOversight.overseers : []).forEach((o, i) => {
      const at = `$.humanOversight.overseers[${i}]`;
      need(`${at}.personId`, o?.personId, 'Die Personenkennung');
      need(`${at}.name`, o?.name, 'Der Name');
      need(`${at}.role`, o?.role, 'Die Funktion');
      need(`${at}.authority`, o?.authority, 'Die Befugnis');
      if (o?.personId && ids.has(o.personId)) problems.push({ path: `${at}.personId`, message: 'Person doppelt benannt.' });
      if (o?.personId) ids.add(o.personId);
    });
    if (!Array.isArray(c.humanOversight.overseers)) problems.push({ path: '$.humanOversight.overseers', message: 'Liste der benannten Personen erwartet.' });
  }
  if (!Array.isArray(c.risks)) problems.push({ path: '$.risks', message: 'Liste der Risiken erwartet.' });
  else c.risks.forEach((r, i) => {
    need(`$.risks[${i}].name`, r?.name, 'Der Name des Risikos', 200);
    need(`$.risks[${i}].description`, r?.description, 'Die Beschreibung des Risikos');
    need(`$.risks[${i}].mitigation`, r?.mitigation, 'Die Gegenmaßnahme');
  });
  need('$.proportionality', c.proportionality, 'Die Abwägung (Verhältnismäßigkeit)', 2500);
  if (typeof c.contact !== 'object' || c.contact === null) problems.push({ path: '$.contact', message: 'Kontaktangaben fehlen.' });
  else {
    if (!(typeof c.contact.email === 'string' && EMAIL.test(c.contact.email))) problems.push({ path: '$.contact.email', message: 'Gültige E-Mail-Adresse erwartet.' });
    url('$.contact.url', c.contact.url);
  }
  need('$.objectionProcedure', c.objectionProcedure, 'Der Weg für Widerspruch und Beschwerde', 2500);
  need('$.monitoring', c.monitoring, 'Die Beschreibung der Überwachung', 2500);
  need('$.accountableRole', c.accountableRole, 'Die verantwortliche Funktion', 200);
  const links = c.links;
  if (typeof links !== 'object' || links === null || !Array.isArray(links.packs) || !Array.isArray(links.features)) {
    problems.push({ path: '$.links', message: 'Verknüpfungen (packs, features) erwartet.' });
  } else {
    links.features.forEach((f, i) => {
      if (!FEATURES.includes(f?.feature)) problems.push({ path: `$.links.features[${i}].feature`, message: `Eine der Funktionen ${FEATURES.join(', ')} erwartet.` });
      if (f?.feature === 'automated-decisions') {
        if (!isNonEmpty(f.packId)) problems.push({ path: `$.links.features[${i}].packId`, message: 'Für automatisierte Entscheidungen muss das Regelwerk angegeben sein.' });
        else if (!links.packs.includes(f.packId)) problems.push({ path: `$.links.features[${i}].packId`, message: `Regelwerk „${f.packId}“ ist nicht unter links.packs verknüpft.` });
      } else if (f?.packId !== undefined) problems.push({ path: `$.links.features[${i}].packId`, message: 'Nur automatisierte Entscheidungen beziehen sich auf ein Regelwerk.' });
    });
    const automated = links.features.filter((f) => f?.feature === 'automated-decisions');
    if (automated.length > 0 && c.automation === undefined) problems.push({ path: '$.automation', message: 'Für automatisierte Entscheidungen muss die Rechtsgrundlage der Vollautomatisierung festgehalten sein (§ 35a VwVfG, § 31a SGB X oder § 155 Abs. 4 AO).' });
  }
  if (c.automation !== undefined) {
    const a = c.automation;
    if (!AUTOMATION_BASES.includes(a.legalBasis)) problems.push({ path: '$.automation.legalBasis', message: `Eine von ${AUTOMATION_BASES.join(', ')} erwartet.` });
    if (!isNonEmpty(a.packId) || !links?.features?.some((f) => f.feature === 'automated-decisions' && f.packId === a.packId)) {
      problems.push({ path: '$.automation.packId', message: 'Das Regelwerk muss als Funktion „automated-decisions“ verknüpft sein.' });
    }
    if (a.legalBasis === '§ 35a VwVfG' && !isNonEmpty(a.enablingProvision)) {
      problems.push({ path: '$.automation.enablingProvision', message: '§ 35a VwVfG verlangt eine Rechtsvorschrift, die den vollautomatisierten Erlass zulässt; sie fehlt.' });
    }
  }
  for (const f of ['publicUrl', 'sourceCodeUrl', 'dpiaUrl', 'processRegisterUrl'] as const) url(`$.${f}`, c[f]);
  if (!isIsoDate(c.reviewDue)) problems.push({ path: '$.reviewDue', message: 'Datum der nächsten Überprüfung im Format JJJJ-MM-TT erwartet.' });
  return problems;
}

type EntryMeta = Omit<RegisterEntry, keyof RegisterEntryContent>;

function metaOf(entry: RegisterEntry): EntryMeta {
  const content = new Set<string>(CONTENT_FIELDS);
  return Object.fromEntries(Object.entries(entry).filter(([k]) => !content.has(k))) as EntryMeta;
}

/** The content part of an entry, e.g. to show or export it. */
export function entryContent(entry: RegisterEntry): RegisterEntryContent {
  return contentOf(entry);
}

function assertValid(c: Partial<RegisterEntryContent>): void {
  const problems = validateEntryContent(c);
  if (problems.length > 0) throw new AmtsklarError('invalid_input', 'Der Registereintrag ist unvollständig oder fehlerhaft.', problems);
}

export interface RegisterChange {
  entry: RegisterEntry;
  /** What changed, for the ledger and the version history. */
  history: RegisterHistoryItem;
}

export function createEntry(
  input: { id: string; kind: 'product' | 'external'; content: RegisterEntryContent },
  actor: string,
  at: string,
): RegisterChange {
  if (!ID.test(input.id)) {
    throw new AmtsklarError('invalid_input', 'Ungültige Kennung des Registereintrags.', [
      { path: '$.id', message: 'Kleinbuchstaben, Ziffern und Bindestriche, 2 bis 63 Zeichen.' },
    ]);
  }
  const unknown = Object.keys(input.content ?? {}).filter((k) => !CONTENT_FIELDS.includes(k as keyof RegisterEntryContent));
  if (unknown.length > 0) {
    throw new AmtsklarError('invalid_input', 'Unbekannte Felder im Registereintrag.', unknown.map((k) => ({ path: `$.content.${k}`, message: 'Unbekanntes Feld.' })));
  }
  const content = contentOf(input.content);
  assertValid(content);
  const history: RegisterHistoryItem = {
    version: 1, at, by: actor, action: 'created', changedFields: [...CONTENT_FIELDS.filter((f) => content[f] !== undefined)],
    material: true, to: 'draft', contentHash: contentHash(content),
  };
  const entry: RegisterEntry = {
    ...content,
    id: input.id,
    uuid: uuidV5(`${content.organization}:${input.id}`),
    kind: input.kind,
    status: 'draft',
    version: 1,
    materialHash: materialHashOf(content),
    createdAt: at,
    updatedAt: at,
    history: [history],
  };
  return { entry, history };
}

/**
 * Changes the content. A material change is possible only in draft: an entry that is in
 * consultation, approved or active must first go back to draft (which switches its features off).
 */
export function updateEntry(entry: RegisterEntry, patch: Partial<RegisterEntryContent>, actor: string, at: string): RegisterChange {
  if (entry.status === 'retired') throw new AmtsklarError('conflict', 'Ein außer Betrieb genommener Eintrag kann nicht mehr geändert werden.', [{ path: '$.status', message: 'Status „retired“.' }]);
  const unknown = Object.keys(patch).filter((k) => !CONTENT_FIELDS.includes(k as keyof RegisterEntryContent));
  if (unknown.length > 0) {
    throw new AmtsklarError('invalid_input', 'Unbekannte Felder im Registereintrag.', unknown.map((k) => ({ path: `$.${k}`, message: 'Unbekanntes oder nicht änderbares Feld.' })));
  }
  const next = contentOf({ ...contentOf(entry), ...patch });
  assertValid(next);
  const before = contentOf(entry);
  const changedFields = CONTENT_FIELDS.filter((f) => contentHash(before[f] ?? null) !== contentHash(next[f] ?? null));
  const material = changedFields.some((f) => MATERIAL_FIELDS.includes(f));
  if (material && entry.status !== 'draft') {
    throw new AmtsklarError('conflict', 'Wesentliche Änderungen sind nur im Entwurf möglich; den Eintrag zuerst in den Entwurf zurücksetzen.', changedFields
      .filter((f) => MATERIAL_FIELDS.includes(f))
      .map((f) => ({ path: `$.${f}`, message: `Wesentliches Feld; Status ist „${entry.status}“.` })));
  }
  const version = entry.version + 1;
  const history: RegisterHistoryItem = { version, at, by: actor, action: 'updated', changedFields, material, contentHash: contentHash(next) };
  return {
    entry: { ...metaOf(entry), ...next, version, materialHash: materialHashOf(next), updatedAt: at, history: [...entry.history, history] },
    history,
  };
}
