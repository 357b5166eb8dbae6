import type { FastifyInstance } from 'fastify';
import { AmtsklarError } from '../../common/index.ts';
import {
  Assistant,
  catalogWithRevisions,
  createDraft,
  editDraft,
  findService,
  reviewDraft,
  submitDraft,
  withdraw,
  type AssistantContent,
  type ChatModel,
  type EditorialActor,
  type EditorialRole,
  type Embedder,
  type FeedbackInput,
  type Revision,
  type UiLanguage,
} from '../../assistant/index.ts';
import { loadAssistantContent } from '../../content-files/index.ts';
import { modelEndpointFromEnv, OpenAiCompatibleClient } from '../../model-client/index.ts';
import { AssistantStore } from '../../store/index.ts';
import { actorOf } from '../access.ts';
import type { ServerContext } from '../context.ts';
import { assistantEmbedder } from './assistant-embedder.ts';
import { assistantChatModel } from './assistant-model.ts';
import { CHAT_BODY, CHAT_RESPONSE, FEEDBACK_BODY, REVISION, REVISION_PARAMS, SERVICE_PARAMS, WELCOME_RESPONSE } from './assistant-schemas.ts';

const tags = ['Bürger-Assistent'];
/** Staff who write service descriptions, and those who approve them (never their own text). */
const REDAKTION = ['caseworker', 'team_lead', 'admin'] as const;
const FREIGABE = ['team_lead', 'admin'] as const;
const EDITORIAL = [...new Set([...REDAKTION, ...FREIGABE])] as const;

/** What the assistant needs from the environment: the model endpoint, if any. */
export interface AssistantRuntime {
  model?: ChatModel;
  embedder?: Embedder;
  content?: AssistantContent;
}

/** The governance gate of the feature „chatbot“ for a municipality (AI register entry active, obligations met). */
export type ChatbotGate = (municipalityId: string) => Promise<{ allowed: boolean; message: string }>;

/** Without a gate wired in, the assistant stays off: it may run only under an active register entry. */
const NO_GATE: ChatbotGate = async () => ({ allowed: false, message: 'Keine Prüfung des KI-Registers angeschlossen.' });

/**
 * The model from `AMTSKLAR_MODEL_*` when one is configured and released for public data
 * (`oeffentlich`); without it the assistant answers extractively.
 */
export function assistantRuntimeFromEnv(env: NodeJS.ProcessEnv = process.env): AssistantRuntime {
  const endpoint = modelEndpointFromEnv(env);
  if (!endpoint || !endpoint.allowedDataClasses.includes('oeffentlich')) return {};
  const client = new OpenAiCompatibleClient(endpoint, env);
  return { model: assistantChatModel(client), ...(endpoint.embeddingModel ? { embedder: assistantEmbedder(client) } : {}) };
}

function editorialActor(req: Parameters<typeof actorOf>[0]): EditorialActor {
  const a = actorOf(req);
  const roles: EditorialRole[] = [];
  if ((REDAKTION as readonly string[]).includes(a.role)) roles.push('redaktion');
  if ((FREIGABE as readonly string[]).includes(a.role)) roles.push('freigabe');
  return { id: a.id, roles };
}

/**
 * Citizen assistant API. Citizens chat without login (rate limited, nothing stored; feedback
 * only on opt-in). The chat runs only while the AI register entry linked to the feature
 * „chatbot“ is active with its obligations met (governance gate, checked on every request).
 * Staff maintain the service descriptions through the editorial workflow.
 */
export async function assistantPlugin(app: FastifyInstance, opts: { ctx: ServerContext; gate?: ChatbotGate; runtime?: AssistantRuntime }): Promise<void> {
  const { ctx } = opts;
  const runtime = opts.runtime ?? assistantRuntimeFromEnv();
  const base = runtime.content ?? loadAssistantContent();
  const store = new AssistantStore(ctx.db);
  const cache = new Map<string, Promise<Assistant>>();
  const chatPerMinute = Math.max(1, Math.floor(ctx.config.rateLimitPerMinute / 20));

  const assistantFor = (m: string): Promise<Assistant> => {
    let a = cache.get(m);
    if (!a) {
      a = (async () => {
        const { published, withdrawn } = await store.effective(m);
        const content = { ...base, catalog: catalogWithRevisions(base.catalog, published, withdrawn) };
        return Assistant.create({
          content,
          baseUrl: ctx.config.publicUrl,
          ...(runtime.model ? { model: runtime.model } : {}),
          ...(runtime.embedder ? { embedder: runtime.embedder } : {}),
          // kinds only: the details quote the rejected model text
          audit: (e) => app.log.info({ assistant_check: { outcome: e.outcome, model: e.model ?? null, issues: e.details.map((d) => d.replace(/\s*\(.*$/, '')) } }, 'Assistent: Antwort geprüft'),
        });
      })();
      a.catch(() => cache.delete(m));
      cache.set(m, a);
    }
    return a;
  };

  const gate = opts.gate ?? NO_GATE;
  const requireGate = async (m: string) => {
    const g = await gate(m);
    if (!g.allowed) throw new AmtsklarError('gate_closed', `Der Bürger-Assistent ist derzeit nicht freigegeben. ${g.message}`, [{ path: '$', message: 'Funktion „chatbot“ gesperrt' }]);
  };

  // ——— citizens ———

  app.get(
    '/api/assistant/welcome',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Begrüßung und KI-Hinweis für die erste Interaktion; ob der Assistent freigegeben ist',
        querystring: { type: 'object', additionalProperties: false, properties: { lang: { type: 'string', enum: ['de', 'en'], default: 'de' } } },
        response: { 200: WELCOME_RESPONSE },
      },
    },
    async (req) => {
      const { lang } = req.query as { lang: UiLanguage };
      const m = ctx.config.defaultMunicipality;
      const [g, a] = await Promise.all([gate(m), assistantFor(m)]);
      return { ...a.welcome(lang), available: g.allowed, ...(g.allowed ? {} : { unavailableMessage: lang === 'en' ? 'The assistant is not available at the moment. Please contact the citizen service.' : 'Der Assistent ist derzeit nicht verfügbar. Bitte wenden Sie sich an den Bürgerservice.' }) };
    },
  );

  app.post(
    '/api/assistant/chat',
    {
      config: { access: 'public', rateLimit: { max: chatPerMinute, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Frage an den Bürger-Assistenten (ohne Anmeldung; nichts wird gespeichert)',
        description:
          'Antwortet nur aus den Leistungsbeschreibungen der Stadt, mit KI-Hinweis bei jeder Antwort. `mode`: `generated` (vom Sprachmodell formuliert und gegen die Quellen geprüft), `extractive` (Abschnitte der Beschreibungen), `handover` (Übergabe an Menschen, siehe `handover`). `citations[].url` verweist auf den genauen Abschnitt.',
        body: CHAT_BODY,
        response: { 200: CHAT_RESPONSE },
      },
    },
    async (req) => {
      const body = req.body as { message: string; lang?: UiLanguage; first?: boolean };
      const m = ctx.config.defaultMunicipality;
      await requireGate(m);
      const a = await assistantFor(m);
      return a.chat({ message: body.message, firstInteraction: body.first === true, ...(body.lang ? { uiLanguage: body.lang } : {}) });
    },
  );

  app.post(
    '/api/assistant/feedback',
    {
      config: { answers: [201], access: 'public', rateLimit: { max: chatPerMinute, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Rückmeldung zu einer Antwort, nur mit Einwilligung (persönliche Daten werden vor dem Speichern ersetzt)', body: FEEDBACK_BODY },
    },
    async (req, reply) => {
      const m = ctx.config.defaultMunicipality;
      await requireGate(m);
      const a = await assistantFor(m);
      const saved = await a.giveFeedback(req.body as FeedbackInput, store.feedback(m));
      reply.code(201);
      return saved;
    },
  );

  app.get('/api/assistant/services', { config: { access: 'public' }, schema: { tags, summary: 'Veröffentlichte Leistungsbeschreibungen (Übersicht)' } }, async () => {
    const a = await assistantFor(ctx.config.defaultMunicipality);
    return { items: a.catalog.services.map((s) => ({ id: s.id, title: s.title, summary: s.summary, updated: s.updated })) };
  });

  app.get(
    '/api/assistant/services/:serviceId',
    { config: { access: 'public' }, schema: { tags, summary: 'Eine Leistungsbeschreibung mit Abschnitten (Ziel der Quellenlinks)', params: SERVICE_PARAMS } },
    async (req) => {
      const { serviceId } = req.params as { serviceId: string };
      const a = await assistantFor(ctx.config.defaultMunicipality);
      const s = findService(a.catalog, serviceId);
      if (!s) throw new AmtsklarError('not_found', `Die Leistungsbeschreibung „${serviceId}“ gibt es nicht.`, [{ path: '$.serviceId', message: 'unbekannt' }]);
      const office = a.catalog.offices.get(s.referralOfficeId ?? s.officeId);
      return {
        id: s.id,
        title: s.title,
        summary: s.summary,
        updated: s.updated,
        keywords: s.keywords,
        fees: s.fees,
        legalBasis: s.legalBasis,
        office: office ? { id: office.id, name: office.name, address: office.address, phone: office.phone, email: office.email ?? null, openingHours: office.openingHours, appointmentUrl: s.appointmentUrl ?? office.appointmentUrl ?? null } : null,
        sections: s.sections.map((sec) => ({ anchor: sec.anchor, heading: sec.heading, text: sec.text })),
      };
    },
  );

  // ——— staff: editorial workflow ———

  const revisionView = (r: Revision) => r;
  const reload = (m: string) => cache.delete(m);

  app.get('/api/assistant/editorial/revisions', { config: { access: EDITORIAL }, schema: { tags, summary: 'Alle Fassungen der Leistungsbeschreibungen (Redaktion)' } }, async (req) => {
    return { items: (await store.revisions(actorOf(req).municipalityId)).map(revisionView) };
  });

  app.get(
    '/api/assistant/editorial/services/:serviceId/revisions',
    { config: { access: EDITORIAL }, schema: { tags, summary: 'Fassungen einer Leistungsbeschreibung mit Verlauf (wer, wann, was)', params: SERVICE_PARAMS } },
    async (req) => {
      const { serviceId } = req.params as { serviceId: string };
      return { items: (await store.revisions(actorOf(req).municipalityId, serviceId)).map(revisionView) };
    },
  );

  app.post(
    '/api/assistant/editorial/revisions',
    {
      config: { answers: [201], access: REDAKTION },
      schema: {
        tags,
        summary: 'Neuen Entwurf anlegen (Markdown mit Kopfbereich; die Kennung im Text bestimmt die Leistung)',
        body: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: 100_000 } } },
        response: { 201: REVISION },
      },
    },
    async (req, reply) => {
      const m = actorOf(req).municipalityId;
      const { text } = req.body as { text: string };
      const id = /^id:\s*([a-z][a-z0-9-]*)\s*$/m.exec(text)?.[1];
      const previous = id ? await store.revisions(m, id) : [];
      const draft = createDraft(text, editorialActor(req), new Date(), previous);
      reply.code(201);
      return store.insert(m, draft);
    },
  );

  const change = (
    path: string,
    summary: string,
    access: readonly string[],
    body: Record<string, unknown>,
    apply: (rev: Revision, body: Record<string, unknown>, actor: EditorialActor, m: string) => Promise<Revision>,
  ) =>
    app.post(
      `/api/assistant/editorial/services/:serviceId/revisions/:revision/${path}`,
      { config: { access: access as typeof REDAKTION }, schema: { tags, summary, params: REVISION_PARAMS, body, response: { 200: REVISION } } },
      async (req) => {
        const m = actorOf(req).municipalityId;
        const { serviceId, revision } = req.params as { serviceId: string; revision: number };
        const rev = await store.revision(m, serviceId, revision);
        return apply(rev, req.body as Record<string, unknown>, editorialActor(req), m);
      },
    );

  const VERSION = { type: 'integer', minimum: 1, description: 'Version der Fassung, die Sie zuletzt gelesen haben' };
  change(
    'edit',
    'Entwurf ändern',
    REDAKTION,
    { type: 'object', required: ['text', 'version'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: 100_000 }, version: VERSION } },
    (rev, b, actor, m) => store.save(m, editDraft(rev, b.text as string, actor, new Date(), b.version as number)),
  );
  change('submit', 'Entwurf zur Prüfung einreichen', REDAKTION, { type: 'object', required: ['version'], additionalProperties: false, properties: { version: VERSION } }, (rev, b, actor, m) =>
    store.save(m, submitDraft(rev, actor, new Date(), b.version as number)),
  );
  change(
    'review',
    'Fassung freigeben (veröffentlichen) oder mit Begründung zurückweisen – Vier-Augen-Prinzip',
    FREIGABE,
    {
      type: 'object',
      required: ['decision', 'version'],
      additionalProperties: false,
      properties: { decision: { type: 'string', enum: ['freigeben', 'zurueckweisen'] }, version: VERSION, comment: { type: 'string', maxLength: 2000 } },
    },
    async (rev, b, actor, m) => {
      const published = (await store.revisions(m, rev.serviceId)).find((r) => r.state === 'veroeffentlicht');
      const result = reviewDraft(rev, b.decision as 'freigeben' | 'zurueckweisen', actor, new Date(), b.version as number, published, b.comment as string | undefined);
      const saved = await store.saveReview(m, result);
      if (saved.state === 'veroeffentlicht') reload(m);
      return saved;
    },
  );
  change(
    'withdraw',
    'Veröffentlichte Leistungsbeschreibung zurückziehen (mit Begründung)',
    FREIGABE,
    { type: 'object', required: ['version', 'reason'], additionalProperties: false, properties: { version: VERSION, reason: { type: 'string', minLength: 1, maxLength: 2000 } } },
    async (rev, b, actor, m) => {
      const saved = await store.save(m, withdraw(rev, actor, new Date(), b.version as number, b.reason as string));
      reload(m);
      return saved;
    },
  );

  app.get(
    '/api/assistant/feedback',
    { config: { access: ['team_lead', 'admin', 'dpo', 'auditor'] }, schema: { tags, summary: 'Rückmeldungen von Bürgerinnen und Bürgern (mit Einwilligung, ohne persönliche Daten)' } },
    async (req) => ({ items: await store.feedbackList(actorOf(req).municipalityId) }),
  );
}
