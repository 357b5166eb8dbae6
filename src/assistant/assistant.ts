import { randomUUID } from 'node:crypto';
import { AmtsklarError, contentHash, invalidInput } from '../common/index.ts';
import { catalogPassages, openingHoursText } from './catalog.ts';
import type { EmergencyContact, TopicKind } from './content-assistant.ts';
import type { AssistantContent } from './content.ts';
import { quarantinePassages, scanInjection, type Quarantine } from './injection.ts';
import { detectLanguage, uiLanguageFor, type Language } from './language.ts';
import type { Office, Passage } from './model.ts';
import { checkPolicy, promptShingles } from './policy.ts';
import type { ChatModel, Embedder, FeedbackStore } from './ports.ts';
import { PiiCheck } from './pii.ts';
import { SYSTEM_PROMPT_VERSION, answerRequest, parseAnswer } from './prompt.ts';
import { Retriever, type PassageHit, type Retrieval } from './retrieval.ts';
import { STRINGS, type UiLanguage } from './strings.ts';
import { checkSupport, type Statement } from './support.ts';
import { Triage } from './triage.ts';

export const MAX_QUESTION_LENGTH = 1000;

export type AnswerMode = 'generated' | 'extractive' | 'handover';
export type HandoverReason =
  | 'requested'
  | 'crisis'
  | 'violence'
  | 'emergency'
  | 'legal_dispute'
  | 'staff_complaint'
  | 'case_data'
  | 'no_source'
  | 'unsupported'
  | 'model_error';

const REASON_BY_TOPIC: Record<TopicKind, HandoverReason> = {
  krise: 'crisis',
  notfall: 'emergency',
  gewalt: 'violence',
  falldaten: 'case_data',
  rechtsstreit: 'legal_dispute',
  personal: 'staff_complaint',
  mensch: 'requested',
};
/** Topics on which the assistant also answers from content next to the hand-over. */
const ANSWER_TOO: ReadonlySet<TopicKind> = new Set(['gewalt', 'rechtsstreit', 'personal']);

export interface Citation {
  /** The number the answer text refers to as [n]. */
  n: number;
  serviceId: string;
  serviceTitle: string;
  anchor: string;
  heading: string;
  /** Deep link to the exact section of the service description. */
  url: string;
  /** The German source text of the section (shortened), always shown with the answer. */
  excerpt: string;
}

export interface OfficeContact {
  name: string;
  address: string;
  phone: string;
  email?: string;
  openingHours: string;
  appointmentUrl?: string;
}

export interface HandoverBlock {
  reason: HandoverReason;
  message: string;
  office?: OfficeContact;
  /** Emergency and counselling numbers, shown first. */
  emergency: EmergencyContact[];
}

export interface AnswerStatement {
  text: string;
  /** The checked German statement, when the answer is in another language. */
  textDe?: string;
  citations: number[];
}

export interface AssistantResponse {
  /** AI Act Art. 50: on every answer, fixed text. */
  disclosure: { text: string; firstInteraction: boolean };
  /** Greeting, only at the first interaction. */
  welcome?: string;
  language: Language;
  uiLanguage: UiLanguage;
  mode: AnswerMode;
  answer?: { text: string; statements?: AnswerStatement[]; notice: string };
  citations: Citation[];
  handover?: HandoverBlock;
  piiWarning?: { message: string; kinds: string[] };
  /** Shown when the message contained instructions to the assistant. */
  injectionNotice?: string;
  provenance: {
    contentVersion: string;
    retrieval: 'lexical' | 'hybrid';
    model?: string;
    promptVersion?: string;
    checks: { support?: 'passed' | 'failed'; policy?: 'passed' | 'failed'; issues: string[] };
  };
}

/** A citizen's feedback on one answer; stored only with `consent: true`. */
export interface FeedbackInput {
  consent: boolean;
  helpful: boolean;
  question: string;
  answer: string;
  /** Deep links of the answer's citations. */
  citations: string[];
  comment?: string;
  language: string;
  mode: AnswerMode;
}

export interface ChatInput {
  message: string;
  uiLanguage?: UiLanguage;
  firstInteraction?: boolean;
}

export interface AssistantOptions {
  content: AssistantContent;
  /** Base of the citizen portal, for deep links (`https://www.musterstadt.example`). */
  baseUrl: string;
  model?: ChatModel;
  embedder?: Embedder;
  /**
   * Scan the citizen's message for injection signatures and keep such messages from the model
   * (default true). The attack suite also runs with it off, to prove the output checks alone.
   */
  inputGuard?: boolean;
  /** Makes the per-request canary; tests pass a fixed one. */
  canary?: () => string;
  /**
   * Receives the details of failed checks (which number, which link) for the operators' log.
   * They quote the model's rejected text, so they never go into the citizen's response.
   */
  audit?: (event: AssistantAuditEvent) => void;
}

export interface AssistantAuditEvent {
  outcome: 'answered' | 'rejected' | 'model_error';
  model?: string;
  details: string[];
}

const EXCERPT_LENGTH = 500;

function excerpt(text: string): string {
  if (text.length <= EXCERPT_LENGTH) return text;
  const cut = text.slice(0, EXCERPT_LENGTH);
  const end = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf('. '));
  return `${cut.slice(0, end > 200 ? end + 1 : EXCERPT_LENGTH).trim()} …`;
}

function contact(office: Office, appointmentUrl = office.appointmentUrl): OfficeContact {
  return {
    name: office.name,
    address: office.address,
    phone: office.phone,
    openingHours: openingHoursText(office),
    ...(office.email ? { email: office.email } : {}),
    ...(appointmentUrl ? { appointmentUrl } : {}),
  };
}

/**
 * The citizen assistant. Answers only from the municipality's service descriptions: with a
 * model, generated from retrieved passages and checked against them statement by statement;
 * without one (or when a check fails) extractively. Discloses on every answer that it is a
 * machine; hands over to people when asked, on sensitive topics, about one's own case and
 * whenever it has no supported answer. It has no access to case data, asks for none, warns
 * when given some and keeps it out of prompts. It stores nothing.
 */
export class Assistant {
  readonly contentVersion: string;
  readonly quarantined: Quarantine[];
  private readonly retriever: Retriever;
  private readonly triage: Triage;
  private readonly links: Set<string>;
  private readonly content: AssistantContent;
  private readonly options: AssistantOptions;
  private readonly pii: PiiCheck;

  private constructor(options: AssistantOptions, retriever: Retriever, quarantined: Quarantine[], passages: Passage[]) {
    this.options = options;
    this.content = options.content;
    this.retriever = retriever;
    this.quarantined = quarantined;
    this.triage = new Triage(options.content.handover);
    this.pii = new PiiCheck(options.content.catalog);
    this.contentVersion = contentHash({ services: options.content.catalog.services.map(({ file: _f, ...s }) => s), offices: [...options.content.catalog.offices.values()], synonyms: options.content.synonyms });
    this.links = new Set(passages.map((p) => p.url));
    for (const p of passages) for (const l of p.text.match(/https:\/\/[^\s)>\]"']+/g) ?? []) this.links.add(l.replace(/[.,;:!?]+$/, ''));
    for (const o of options.content.catalog.offices.values()) if (o.appointmentUrl) this.links.add(o.appointmentUrl);
  }

  static async create(options: AssistantOptions): Promise<Assistant> {
    const { handover, catalog } = options.content;
    const unknown = [handover.generalOfficeId, ...handover.topics.map((t) => t.officeId)].filter((id): id is string => id !== undefined && !catalog.offices.has(id));
    if (unknown.length > 0) {
      throw new AmtsklarError('invalid_input', `Übergabe-Inhalte nennen unbekannte Stellen: ${unknown.join(', ')}`, unknown.map((id) => ({ path: 'content/assistant/uebergabe.yaml', message: `Unbekannte Stelle „${id}“` })));
    }
    const all = catalogPassages(options.content.catalog, options.baseUrl);
    const { clean, quarantined } = quarantinePassages(all);
    const retriever = Retriever.build(clean, options.content.synonyms);
    if (options.embedder) await retriever.useEmbeddings(options.embedder);
    return new Assistant(options, retriever, quarantined, clean);
  }

  /** The catalogue the assistant answers from (published revisions, quarantined sections included). */
  get catalog(): AssistantContent['catalog'] {
    return this.content.catalog;
  }

  /** The texts for the first interaction, before any question. */
  welcome(uiLanguage: UiLanguage = 'de'): { disclosure: string; welcome: string } {
    return { disclosure: STRINGS[uiLanguage].disclosure, welcome: STRINGS[uiLanguage].welcome };
  }

  search(question: string, limit = 5): Retrieval {
    return this.retriever.search(question, limit);
  }

  private office(id: string | undefined): Office | undefined {
    return id ? this.content.catalog.offices.get(id) : undefined;
  }

  /** The office responsible for a service: the referral authority where the city only refers. */
  private serviceOffice(serviceId: string | undefined): OfficeContact | undefined {
    const s = this.content.catalog.services.find((x) => x.id === serviceId);
    if (!s) return undefined;
    const referral = this.office(s.referralOfficeId);
    if (referral) return contact(referral);
    const office = this.office(s.officeId);
    return office ? contact(office, s.appointmentUrl ?? office.appointmentUrl) : undefined;
  }

  private generalOffice(): OfficeContact | undefined {
    const o = this.office(this.content.handover.generalOfficeId);
    return o ? contact(o) : undefined;
  }

  private handover(reason: HandoverReason, ui: UiLanguage, office: OfficeContact | undefined, emergencyIds: readonly string[] = []): HandoverBlock {
    const emergency = emergencyIds.map((id) => this.content.handover.emergency.find((e) => e.id === id)).filter((e): e is EmergencyContact => !!e);
    return { reason, message: STRINGS[ui].handover[reason], emergency, ...(office ? { office } : {}) };
  }

  /** Passages to answer from: the best of the top service, plus the best of a close second. */
  private select(retrieval: Retrieval, max: number): PassageHit[] {
    const [first, second] = retrieval.services;
    if (!first) return [];
    const chosen = first.passages.slice(0, max - (second ? 1 : 0));
    if (second && second.score >= 0.75 * first.score && second.passages[0]) chosen.push(second.passages[0]);
    return chosen.slice(0, max);
  }

  private citations(hits: readonly PassageHit[]): Citation[] {
    return hits.map((h, i) => ({
      n: i + 1,
      serviceId: h.passage.serviceId,
      serviceTitle: h.passage.serviceTitle,
      anchor: h.passage.anchor,
      heading: h.passage.heading,
      url: h.passage.url,
      excerpt: excerpt(h.passage.text),
    }));
  }

  async chat(input: ChatInput): Promise<AssistantResponse> {
    if (typeof input.message !== 'string') throw invalidInput('$.message', 'Die Frage muss ein Text sein');
    const message = input.message.trim();
    if (message === '') throw invalidInput('$.message', STRINGS[input.uiLanguage ?? 'de'].empty);
    if (message.length > MAX_QUESTION_LENGTH) throw invalidInput('$.message', STRINGS[input.uiLanguage ?? 'de'].tooLong);

    const language = detectLanguage(message);
    const ui = uiLanguageFor(language, input.uiLanguage);
    const t = STRINGS[ui];
    const first = input.firstInteraction === true;
    const response: AssistantResponse = {
      disclosure: { text: t.disclosure, firstInteraction: first },
      ...(first ? { welcome: t.welcome } : {}),
      language,
      uiLanguage: ui,
      mode: 'handover',
      citations: [],
      provenance: { contentVersion: this.contentVersion, retrieval: this.retriever.hybrid ? 'hybrid' : 'lexical', checks: { issues: [] } },
    };

    // Personal data: warn, and let none of it go further (retrieval, model, records).
    let question = message;
    let modelAllowed = true;
    const findings = this.pii.scan(message);
    if (findings.length > 0) {
      response.piiWarning = { message: t.piiWarning, kinds: [...new Set(findings.map((f) => f.kind))].sort() };
      const protectedText = this.pii.protect(message);
      question = protectedText.text;
      modelAllowed = !protectedText.blocked;
    }

    const triage = this.triage.classify(question);
    const topic = triage?.topic;
    if (topic && (topic.kind === 'krise' || topic.kind === 'notfall')) {
      response.handover = this.handover(REASON_BY_TOPIC[topic.kind], ui, this.office(topic.officeId) ? contact(this.office(topic.officeId)!) : this.generalOffice(), topic.emergency);
      return this.sealed(response);
    }

    // a hand-over topic: look up only what else the message is about, for the right office
    const handoverOnly = topic !== undefined && !ANSWER_TOO.has(topic.kind);
    const searched = handoverOnly ? (triage?.rest ?? '') : question;
    const repair = language === 'de';
    const retrieval = this.retriever.hybrid ? await this.retriever.searchHybrid(searched, 5, repair) : this.retriever.search(searched, 5, repair);
    const topService = retrieval.services[0]?.serviceId;

    if (topic && handoverOnly) {
      // asking for a person or about one's own case: the office of the service asked about
      const office = (topService ? this.serviceOffice(topService) : undefined) ?? this.generalOffice();
      response.handover = this.handover(REASON_BY_TOPIC[topic.kind], ui, office, topic.emergency);
      response.citations = this.citations(this.select(retrieval, 2));
      return this.sealed(response);
    }
    if (topic) {
      const office = topic.officeId ? contact(this.office(topic.officeId)!) : (topService ? this.serviceOffice(topService) : undefined) ?? this.generalOffice();
      response.handover = this.handover(REASON_BY_TOPIC[topic.kind], ui, office, topic.emergency);
    }

    if (retrieval.services.length === 0) {
      response.handover ??= this.handover('no_source', ui, this.generalOffice());
      return this.sealed(response);
    }

    const injected = this.options.inputGuard !== false && scanInjection(message).found;
    if (injected) response.injectionNotice = t.handover.injection;

    if (this.options.model && !injected && modelAllowed) {
      const hits = this.select(retrieval, 5);
      const outcome = await this.generate(question, language, hits, response);
      if (outcome !== 'fallback') return this.sealed(response);
    }

    const hits = this.select(retrieval, 3);
    response.mode = 'extractive';
    response.citations = this.citations(hits);
    response.answer = {
      text: [t.extractiveIntro, ...response.citations.map((c) => `„${c.serviceTitle}“ – ${c.heading}: ${c.excerpt} [${c.n}]`)].join('\n\n'),
      notice: language === 'de' ? '' : t.translatedNotice,
    };
    return this.sealed(response);
  }

  /**
   * Generated answer: passages as quoted data, the model's JSON validated, every statement
   * checked for support and policy. `answered` when the answer stands; `handover` when the model
   * could not or did not answer from the sources (nothing of its text is shown); `fallback` on a
   * model failure, so the extractive answer still helps.
   */
  private async generate(question: string, language: Language, hits: PassageHit[], response: AssistantResponse): Promise<'answered' | 'handover' | 'fallback'> {
    const model = this.options.model!;
    const ui = response.uiLanguage;
    const passages = hits.map((h) => h.passage);
    const canary = (this.options.canary ?? (() => `AK-${randomUUID()}`))();
    const request = answerRequest(question, passages, language, canary);
    const topOffice = this.serviceOffice(passages[0]?.serviceId) ?? this.generalOffice();
    let reply;
    try {
      reply = await model.complete(request);
    } catch (e) {
      response.provenance.checks.issues.push('model_error');
      this.options.audit?.({ outcome: 'model_error', details: [(e as Error).message.slice(0, 300)] });
      return 'fallback';
    }
    response.provenance.model = reply.model;
    response.provenance.promptVersion = SYSTEM_PROMPT_VERSION;
    const parsed = parseAnswer(reply.content);
    const citations = this.citations(hits);
    if (parsed.kind === 'cannot_answer') {
      response.citations = citations;
      response.handover ??= this.handover('no_source', ui, topOffice);
      return 'handover';
    }
    if (parsed.kind === 'invalid') {
      response.provenance.checks.issues.push('format');
      this.options.audit?.({ outcome: 'rejected', model: reply.model, details: [`Antwortformat: ${parsed.reason}`] });
      response.provenance.checks.support = 'failed';
      response.citations = citations;
      response.handover ??= this.handover('unsupported', ui, topOffice);
      return 'handover';
    }
    const support = checkSupport(parsed.statements, passages, language);
    const policy = checkPolicy(parsed.statements, {
      passages,
      canary,
      systemShingles: promptShingles(request.messages[0]!.content),
      allowedLinks: this.links,
      pii: this.pii,
    });
    response.provenance.checks.support = support.ok ? 'passed' : 'failed';
    response.provenance.checks.policy = policy.length === 0 ? 'passed' : 'failed';
    response.provenance.checks.issues.push(...new Set([...support.issues.map((i) => `support:${i.kind}`), ...policy.map((v) => `policy:${v.kind}`)]));
    const details = [...support.issues.map((i) => `Beleg ${i.statement + 1}: ${i.kind} (${i.detail})`), ...policy.map((v) => `Regel ${v.statement + 1}: ${v.kind} (${v.detail})`)];
    this.options.audit?.({ outcome: details.length === 0 ? 'answered' : 'rejected', model: reply.model, details });
    if (!support.ok || policy.length > 0) {
      response.citations = citations;
      response.handover ??= this.handover('unsupported', ui, topOffice);
      return 'handover';
    }
    const used = [...new Set(parsed.statements.flatMap((s) => s.sources))].sort((a, b) => a - b);
    const renumber = new Map(used.map((n, i) => [n, i + 1]));
    response.citations = used.map((n) => ({ ...citations[n - 1]!, n: renumber.get(n)! }));
    const statements: AnswerStatement[] = parsed.statements.map((s: Statement) => ({
      text: s.text,
      citations: s.sources.map((n) => renumber.get(n)!),
      ...(s.textDe ? { textDe: s.textDe } : {}),
    }));
    response.mode = 'generated';
    response.answer = {
      text: statements.map((s) => `${s.text} ${s.citations.map((n) => `[${n}]`).join('')}`).join(' '),
      statements,
      notice: language === 'de' ? STRINGS[ui].generatedNotice : `${STRINGS[ui].generatedNotice} ${STRINGS[ui].translatedNotice}`,
    };
    return 'answered';
  }

  /** Last line of defence: whatever happened above, no response leaves without the disclosure or with a foreign source. */
  private sealed(response: AssistantResponse): AssistantResponse {
    response.disclosure = { text: STRINGS[response.uiLanguage].disclosure, firstInteraction: response.disclosure.firstInteraction };
    response.citations = response.citations.filter((c) => this.links.has(c.url));
    if (response.handover?.office === undefined && response.handover) {
      const general = this.generalOffice();
      if (general) response.handover.office = general;
    }
    return response;
  }

  /**
   * Stores feedback on one answer — only with explicit consent, with personal data replaced by
   * placeholders, with citations limited to catalogue sections, and nothing that links it to a
   * person. Conversations are otherwise never stored.
   */
  async giveFeedback(input: FeedbackInput, store: FeedbackStore): Promise<{ id: string }> {
    if (input.consent !== true) throw invalidInput('$.consent', 'Rückmeldungen werden nur mit Ihrer ausdrücklichen Einwilligung gespeichert.');
    const foreign = input.citations.findIndex((c) => !this.links.has(c));
    if (foreign >= 0) throw invalidInput(`$.citations[${foreign}]`, 'Nur Links auf Leistungsbeschreibungen der Stadt sind möglich.');
    const clean = (t: string) => this.pii.protect(t.slice(0, 4000)).text;
    return store.save({
      question: clean(input.question),
      answer: clean(input.answer),
      citations: input.citations,
      helpful: input.helpful,
      language: input.language,
      mode: input.mode,
      contentVersion: this.contentVersion,
      ...(input.comment ? { comment: clean(input.comment) } : {}),
    });
  }
}
