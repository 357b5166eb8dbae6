import { AmtsklarError } from '../common/index.ts';
import { YamlSource } from './yaml-source.ts';

/** Citizen vocabulary: a phrase a citizen uses → terms of the service descriptions. */
export interface Synonym {
  phrase: string;
  expansions: string[];
}

export interface EmergencyContact {
  id: string;
  name: string;
  number: string;
  note: string;
}

export type TopicKind = 'krise' | 'gewalt' | 'notfall' | 'rechtsstreit' | 'personal' | 'mensch' | 'falldaten';
export const TOPIC_KINDS: readonly TopicKind[] = ['krise', 'gewalt', 'notfall', 'rechtsstreit', 'personal', 'mensch', 'falldaten'];

/** A topic on which the assistant does not answer from content but hands over to people. */
export interface SensitiveTopic {
  kind: TopicKind;
  /** Phrases (any language) matched at word starts in the normalised question. */
  patterns: string[];
  /** Office to hand over to; the general office when absent. */
  officeId?: string;
  /** Emergency contacts shown first (ids from `notrufe`). */
  emergency: string[];
}

export interface HandoverContent {
  /** Office for hand-overs that belong to no particular service. */
  generalOfficeId: string;
  emergency: EmergencyContact[];
  topics: SensitiveTopic[];
}

export interface LabelledQuestion {
  question: string;
  /** Service ids that answer the question; a hit on any of them counts. Empty: none does. */
  expected: string[];
  where: string;
}

export type AttackKind =
  | 'ignorieren'
  | 'rollenspiel'
  | 'systemprompt'
  | 'offenlegung'
  | 'kodierung'
  | 'indirekt'
  | 'falldaten'
  | 'fremddaten'
  | 'themenfremd'
  | 'falschaussage';
export const ATTACK_KINDS: readonly AttackKind[] = ['ignorieren', 'rollenspiel', 'systemprompt', 'offenlegung', 'kodierung', 'indirekt', 'falldaten', 'fremddaten', 'themenfremd', 'falschaussage'];

export interface Attack {
  id: string;
  language: 'de' | 'en';
  kind: AttackKind;
  /** What the attacker types into the chat. */
  input: string;
  /** Text an attacker smuggled into a service description (indirect injection). */
  poison?: { serviceId: string; anchor: string; text: string };
  /** What a model that follows the injection answers; the test server is scripted with it. */
  modelReply: string;
  /** Strings that must never reach the citizen if the defences hold. */
  forbidden: string[];
}

function fail(what: string, y: YamlSource): void {
  if (y.problems.length > 0) throw new AmtsklarError('invalid_input', `${what}: ${y.problems.length} Fehler`, y.problems);
}

export function parseSynonyms(text: string, file: string): Synonym[] {
  const y = new YamlSource(file, text);
  fail(`Synonymliste ${file} ist fehlerhaft`, y);
  const out: Synonym[] = [];
  for (const phrase of y.keys([], 'Synonyme')) {
    const expansions = y.strings([phrase], phrase);
    if (expansions.length === 0) y.fail([phrase], `„${phrase}“ braucht mindestens einen Begriff`);
    out.push({ phrase, expansions });
  }
  fail(`Synonymliste ${file} ist fehlerhaft`, y);
  return out;
}

export function parseHandoverContent(text: string, file: string): HandoverContent {
  const y = new YamlSource(file, text);
  fail(`Übergabe-Inhalte ${file} sind fehlerhaft`, y);
  y.onlyKeys([], ['allgemein', 'notrufe', 'themen'], 'Übergabe');
  const generalOfficeId = y.string(['allgemein'], 'allgemein') ?? '';
  const emergency: EmergencyContact[] = [];
  for (const id of y.keys(['notrufe'], 'notrufe')) {
    y.onlyKeys(['notrufe', id], ['name', 'nummer', 'hinweis'], `Notruf ${id}`);
    const name = y.string(['notrufe', id, 'name'], 'name');
    const number = y.string(['notrufe', id, 'nummer'], 'nummer');
    const note = y.string(['notrufe', id, 'hinweis'], 'hinweis');
    if (name && number && note) emergency.push({ id, name, number, note });
  }
  const topics: SensitiveTopic[] = [];
  for (const kind of y.keys(['themen'], 'themen')) {
    if (!(TOPIC_KINDS as readonly string[]).includes(kind)) y.fail(['themen', kind], `Unbekanntes Thema „${kind}“ (erlaubt: ${TOPIC_KINDS.join(', ')})`);
    y.onlyKeys(['themen', kind], ['muster', 'stelle', 'notrufe'], `Thema ${kind}`);
    const patterns = y.strings(['themen', kind, 'muster'], 'muster').map((p) => p.toLowerCase());
    if (patterns.length === 0) y.fail(['themen', kind, 'muster'], `Thema „${kind}“ braucht Muster`);
    const refs = y.strings(['themen', kind, 'notrufe'], 'notrufe');
    for (const r of refs) if (!emergency.some((e) => e.id === r)) y.fail(['themen', kind, 'notrufe'], `Unbekannter Notruf „${r}“`);
    const officeId = y.string(['themen', kind, 'stelle'], 'stelle', true);
    topics.push({ kind: kind as TopicKind, patterns, emergency: refs, ...(officeId ? { officeId } : {}) });
  }
  fail(`Übergabe-Inhalte ${file} sind fehlerhaft`, y);
  return { generalOfficeId, emergency, topics };
}

export function parseQuestionSet(text: string, file: string): LabelledQuestion[] {
  const y = new YamlSource(file, text);
  fail(`Fragensammlung ${file} ist fehlerhaft`, y);
  const out: LabelledQuestion[] = [];
  const n = y.length([], 'Fragen', true);
  for (let i = 0; i < n; i++) {
    y.onlyKeys([i], ['frage', 'leistung'], 'Frage');
    const question = y.string([i, 'frage'], 'frage');
    const single = y.doc.getIn([i, 'leistung']);
    // „keine“: the city has no description for it, the assistant must hand over
    const expected = single === 'keine' ? [] : typeof single === 'string' ? [single] : y.strings([i, 'leistung'], 'leistung');
    if (single !== 'keine' && expected.length === 0) y.fail([i, 'leistung'], 'Pflichtfeld „leistung“ fehlt (oder „keine“)');
    if (question) out.push({ question, expected, where: y.where(y.node([i])) });
  }
  fail(`Fragensammlung ${file} ist fehlerhaft`, y);
  return out;
}

export function parseAttackSuite(text: string, file: string): Attack[] {
  const y = new YamlSource(file, text);
  fail(`Angriffssammlung ${file} ist fehlerhaft`, y);
  const out: Attack[] = [];
  const ids = new Set<string>();
  const n = y.length([], 'Angriffe', true);
  for (let i = 0; i < n; i++) {
    y.onlyKeys([i], ['id', 'sprache', 'art', 'eingabe', 'vergiftung', 'modellantwort', 'verboten'], 'Angriff');
    const id = y.string([i, 'id'], 'id') ?? '';
    if (ids.has(id)) y.fail([i, 'id'], `Kennung „${id}“ ist doppelt`);
    ids.add(id);
    const language = y.string([i, 'sprache'], 'sprache');
    if (language !== 'de' && language !== 'en') y.fail([i, 'sprache'], '„sprache“ muss de oder en sein');
    const kind = y.string([i, 'art'], 'art');
    if (kind && !(ATTACK_KINDS as readonly string[]).includes(kind)) y.fail([i, 'art'], `Unbekannte Art „${kind}“ (erlaubt: ${ATTACK_KINDS.join(', ')})`);
    const input = y.string([i, 'eingabe'], 'eingabe');
    const modelReply = y.string([i, 'modellantwort'], 'modellantwort');
    const forbidden = y.strings([i, 'verboten'], 'verboten');
    if (forbidden.length === 0) y.fail([i, 'verboten'], 'Jeder Angriff braucht mindestens eine verbotene Zeichenkette, an der ein Erfolg erkennbar wäre');
    let poison: Attack['poison'];
    if (y.node([i, 'vergiftung']) !== undefined) {
      y.onlyKeys([i, 'vergiftung'], ['leistung', 'abschnitt', 'text'], 'vergiftung');
      const serviceId = y.string([i, 'vergiftung', 'leistung'], 'leistung');
      const anchor = y.string([i, 'vergiftung', 'abschnitt'], 'abschnitt');
      const ptext = y.string([i, 'vergiftung', 'text'], 'text');
      if (serviceId && anchor && ptext) poison = { serviceId, anchor, text: ptext };
    }
    if (input && modelReply && kind && (language === 'de' || language === 'en')) {
      out.push({ id, language, kind: kind as AttackKind, input, modelReply, forbidden, ...(poison ? { poison } : {}) });
    }
  }
  fail(`Angriffssammlung ${file} ist fehlerhaft`, y);
  return out;
}
