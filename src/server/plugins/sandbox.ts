import type { FastifyInstance } from 'fastify';
import { AmtsklarError } from '../../common/index.ts';
import { Assistant } from '../../assistant/index.ts';
import { loadAssistantContent } from '../../content-files/index.ts';
import { startSandboxResetSchedule } from '../../jobs/index.ts';
import { loadInstalledPacks } from '../../pack-files/index.ts';
import { AUDIENCES, FEEDBACK_SUBJECTS, SANDBOX_PACKS, SandboxService, refusePersonalData, type SandboxAudience, type SandboxChat } from '../../participation/index.ts';
import { sandboxStore } from '../../store/index.ts';
import type { SectionId } from '../../drafting/index.ts';
import type { ServerContext } from '../context.ts';
import { anonymous, participationServices, requireMunicipality } from './participation-context.ts';

const tags = ['Experimentierraum (Übungsumgebung, keine echten Daten)'];
const SESSION = { type: 'object', required: ['sessionId'], additionalProperties: false, properties: { sessionId: { type: 'string', format: 'uuid', description: 'Übungssitzung (keine Anmeldung)' } } } as const;
const SESSION_CASE = {
  type: 'object',
  required: ['sessionId', 'no'],
  additionalProperties: false,
  properties: { sessionId: SESSION.properties.sessionId, no: { type: 'integer', minimum: 1, maximum: 999, description: 'Nummer des Übungsfalls' } },
} as const;
const AUDIENCE = { type: 'string', enum: [...AUDIENCES], default: 'citizen', description: 'Erklärung für Bürgerinnen und Bürger, Sachbearbeitung oder Prüfung' } as const;
const ANTRAG = { type: 'object', description: 'Angaben im Eingabeformat des Regelwerks; nur die Felder, die es braucht, keine Namen' } as const;
const SECTIONS: SectionId[] = ['tenor', 'zahlung', 'berechnung', 'begruendung', 'hinweise', 'einleitung', 'unterlagen', 'frist', 'folgen'];

export interface SandboxPluginOptions {
  ctx: ServerContext;
  /** Seconds of inactivity after which a kiosk session is cleared (env AMTSKLAR_SANDBOX_KIOSK_SECONDS, default 180). */
  kioskIdleSeconds?: number;
  /** How often the reset job looks for a new day (ms; default 5 minutes; 0 = no job). */
  resetEveryMs?: number;
}

const services = new WeakMap<ServerContext, SandboxService>();

export function sandboxService(ctx: ServerContext, kioskIdleSeconds?: number): SandboxService {
  let s = services.get(ctx);
  if (!s) {
    const registry = loadInstalledPacks(process.env.AMTSKLAR_PACKS_DIR || undefined);
    let assistant: Promise<Assistant> | null = null;
    const chat: SandboxChat = {
      async chat(message, lang) {
        // No language model in the practice space: answers come from the service descriptions only.
        assistant ??= Assistant.create({ content: loadAssistantContent(), baseUrl: ctx.config.publicUrl });
        return (await assistant).chat({ message, uiLanguage: lang, firstInteraction: false });
      },
    };
    const env = Number(process.env.AMTSKLAR_SANDBOX_KIOSK_SECONDS);
    s = new SandboxService({
      store: sandboxStore(ctx.db),
      packs: { pack: (id) => registry.get(id) },
      chat,
      kioskIdleSeconds: kioskIdleSeconds ?? (Number.isInteger(env) && env >= 30 ? env : 180),
    });
    services.set(ctx, s);
  }
  return s;
}

/**
 * The experimentation space (Experimentierraum), without login: its own tenant with the
 * day's synthetic cases only (its store reads no municipality's table), the calculators
 * with what-if and explanations for every audience, the caseworker's desk with discretion,
 * drafts and the fact gate catching a planted error, the assistant, feedback, and kiosk
 * sessions. Everything typed in is checked for personal data and refused if it holds any.
 */
export async function sandboxPlugin(app: FastifyInstance, opts: SandboxPluginOptions): Promise<void> {
  const { ctx } = opts;
  const sandbox = sandboxService(ctx, opts.kioskIdleSeconds);
  const { participation } = participationServices(ctx);
  const perMinute = Math.max(10, Math.floor(ctx.config.rateLimitPerMinute / 10));
  const everyMs = opts.resetEveryMs ?? 5 * 60_000;
  if (ctx.queue && everyMs > 0) {
    const schedule = await startSandboxResetSchedule({ queue: ctx.queue, sandbox, everyMs, log: (msg) => app.log.info(msg) });
    app.addHook('onClose', async () => schedule.stop());
  }
  // Every answer of the space says what it is, also to machines and caches.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-amtsklar-umgebung', 'uebung; keine echten Daten');
    reply.header('cache-control', 'no-store');
    return payload;
  });

  app.get('/api/sandbox', { config: { access: 'public' }, schema: { tags, summary: 'Was der Experimentierraum ist: Kennzeichnung, Tag der Übungsfälle, nächstes Zurücksetzen, Kiosk-Einstellungen' } }, async () => sandbox.info());

  app.get('/api/sandbox/cases', { config: { access: 'public' }, schema: { tags, summary: 'Die ausgedachten Übungsfälle des Tages' } }, async () => ({ items: await sandbox.cases() }));

  app.post(
    '/api/sandbox/sessions',
    { config: { answers: [201], access: 'public', rateLimit: { max: perMinute, timeWindow: '1 minute' } }, schema: { tags, summary: 'Übungssitzung beginnen (ohne Anmeldung); Kiosk: wird nach Untätigkeit gelöscht', body: { type: 'object', additionalProperties: false, properties: { kiosk: { type: 'boolean', default: false } } } } },
    async (req, reply) => {
      const s = await sandbox.startSession((req.body as { kiosk?: boolean } | undefined)?.kiosk === true);
      return reply.status(201).send({ sessionId: s.id, day: s.day, kiosk: s.kiosk, idleSeconds: sandbox.kioskIdleSeconds, warningSeconds: sandbox.kioskWarningSeconds });
    },
  );

  app.delete('/api/sandbox/sessions/:sessionId', { config: { answers: [204], access: 'public' }, schema: { tags, summary: 'Übungssitzung beenden und alles darin löschen', params: SESSION } }, async (req, reply) => {
    await sandbox.endSession((req.params as { sessionId: string }).sessionId);
    return reply.status(204).send();
  });

  app.post('/api/sandbox/sessions/:sessionId/keep-alive', { config: { access: 'public' }, schema: { tags, summary: 'Kiosk: Ich bin noch da (setzt die Untätigkeitszeit zurück)', params: SESSION } }, async (req) =>
    sandbox.keepAlive((req.params as { sessionId: string }).sessionId),
  );

  app.get(
    '/api/sandbox/sessions/:sessionId/cases/:no',
    { config: { access: 'public' }, schema: { tags, summary: 'Übungsfall am Schreibtisch der Sachbearbeitung: Angaben, Entscheidung, offene Ermessenspunkte, Erklärung', params: SESSION_CASE, querystring: { type: 'object', additionalProperties: false, properties: { audience: AUDIENCE } } } },
    async (req) => {
      const p = req.params as { sessionId: string; no: number };
      return sandbox.caseDetail(p.sessionId, p.no, (req.query as { audience: SandboxAudience }).audience);
    },
  );

  app.post(
    '/api/sandbox/sessions/:sessionId/cases/:no/discretion',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Über einen Ermessenspunkt entscheiden (mit Begründung, ohne persönliche Daten)',
        params: SESSION_CASE,
        body: { type: 'object', required: ['point', 'option', 'reason'], additionalProperties: false, properties: { point: { type: 'string', maxLength: 100 }, option: { type: 'string', maxLength: 100 }, reason: { type: 'string', maxLength: 2000 }, audience: AUDIENCE } },
      },
    },
    async (req) => {
      const p = req.params as { sessionId: string; no: number };
      const b = req.body as { point: string; option: string; reason: string; audience: SandboxAudience };
      return sandbox.discretion(p.sessionId, p.no, b, b.audience);
    },
  );

  app.post('/api/sandbox/sessions/:sessionId/cases/:no/reset', { config: { access: 'public' }, schema: { tags, summary: 'Eigene Entscheidungen zu diesem Übungsfall verwerfen', params: SESSION_CASE } }, async (req) => {
    const p = req.params as { sessionId: string; no: number };
    return sandbox.resetCase(p.sessionId, p.no);
  });

  app.post(
    '/api/sandbox/sessions/:sessionId/cases/:no/draft',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Entwurf des Schreibens mit der Prüfung der Fakten; mit „planted“ ist ein Fehler eingebaut, den die Prüfung finden muss; eigene Änderungen möglich',
        params: SESSION_CASE,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            planted: { type: 'boolean', default: false },
            edits: { type: 'array', maxItems: 5, default: [], items: { type: 'object', required: ['section', 'text'], additionalProperties: false, properties: { section: { type: 'string', enum: SECTIONS }, text: { type: 'string', minLength: 1, maxLength: 5000 } } } },
          },
        },
      },
    },
    async (req) => {
      const p = req.params as { sessionId: string; no: number };
      const b = (req.body ?? {}) as { planted?: boolean; edits?: { section: SectionId; text: string }[] };
      return sandbox.draft(p.sessionId, p.no, { planted: b.planted === true, edits: b.edits ?? [] });
    },
  );

  app.post(
    '/api/sandbox/calculate',
    {
      config: { access: 'public', rateLimit: { max: perMinute, timeWindow: '1 minute' } },
      schema: { tags, summary: 'Rechner (Wohngeld, Kita-Beitrag) mit Erklärung für die gewählte Ebene; nichts wird gespeichert', body: { type: 'object', required: ['packId', 'antrag'], additionalProperties: false, properties: { packId: { type: 'string', enum: [...SANDBOX_PACKS] }, antrag: ANTRAG, audience: AUDIENCE } } },
    },
    async (req) => {
      const b = req.body as { packId: string; antrag: unknown; audience: SandboxAudience };
      return sandbox.calculate(b.packId, b.antrag, b.audience);
    },
  );

  app.post(
    '/api/sandbox/what-if',
    {
      config: { access: 'public', rateLimit: { max: perMinute, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Was wäre, wenn: ab welchem Wert einer Angabe ändert sich das Ergebnis?',
        body: {
          type: 'object',
          required: ['packId', 'antrag', 'path'],
          additionalProperties: false,
          properties: {
            packId: { type: 'string', enum: [...SANDBOX_PACKS] },
            antrag: ANTRAG,
            path: { type: 'string', pattern: '^\\$(\\.[a-z0-9_]+(\\[[0-9]{1,3}\\])?)+$', maxLength: 300 },
            output: { type: 'string', pattern: '^[A-Za-z0-9_]{1,100}$' },
            change: { type: 'string', enum: ['claim', 'value'] },
          },
        },
      },
    },
    async (req) => {
      const b = req.body as { packId: string; antrag: unknown; path: string; output?: string; change?: 'claim' | 'value' };
      return sandbox.whatIf(b.packId, b.antrag, { path: b.path, ...(b.output ? { output: b.output } : {}), ...(b.change ? { change: b.change } : {}) });
    },
  );

  app.post(
    '/api/sandbox/chat',
    {
      config: { access: 'public', rateLimit: { max: Math.max(5, Math.floor(ctx.config.rateLimitPerMinute / 20)), timeWindow: '1 minute' } },
      schema: { tags, summary: 'Den Bürger-Assistenten ausprobieren (Antworten aus den Leistungsbeschreibungen, ohne Sprachmodell; keine persönlichen Daten)', body: { type: 'object', required: ['message'], additionalProperties: false, properties: { message: { type: 'string', minLength: 1, maxLength: 1000 }, lang: { type: 'string', enum: ['de', 'en'], default: 'de' } } } },
    },
    async (req) => {
      const b = req.body as { message: string; lang: 'de' | 'en' };
      return sandbox.chat(b.message, b.lang);
    },
  );

  app.post(
    '/api/sandbox/feedback',
    {
      config: { answers: [201], access: 'public', rateLimit: { max: perMinute, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Erfahrungen aus dem Experimentierraum teilen (bleibt nach dem Zurücksetzen erhalten; keine persönlichen Daten)',
        body: {
          type: 'object',
          required: ['subject', 'rating'],
          additionalProperties: false,
          properties: { subject: { type: 'string', enum: [...FEEDBACK_SUBJECTS] }, rating: { type: 'integer' }, text: { type: 'string', maxLength: 2000 }, ref: { type: 'string', maxLength: 200 }, packId: { type: 'string', enum: [...SANDBOX_PACKS] } },
        },
      },
    },
    async (req, reply) => {
      const b = req.body as { subject: string; rating: number; text?: string; ref?: string; packId?: string };
      if (b.text) refusePersonalData(b.text, '$.text', 'sandbox');
      const m = ctx.config.defaultMunicipality;
      await requireMunicipality(ctx.db, m).catch(() => {
        throw new AmtsklarError('conflict', 'Rückmeldungen aus dem Experimentierraum sind erst möglich, wenn die Gemeinde eingerichtet ist.');
      });
      return reply.status(201).send(await participation.giveFeedback(anonymous(m), 'sandbox', b, null));
    },
  );

  app.post('/api/sandbox/reset', { config: { access: ['admin'] }, schema: { tags, summary: 'Experimentierraum sofort zurücksetzen (sonst täglich von selbst)' } }, async () => sandbox.reset(true));
}
