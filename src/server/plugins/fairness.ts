import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AmtsklarError } from '../../common/index.ts';
import { ATTRIBUTE_DOMAINS, OUTCOME_SPECS, SENSITIVE_ATTRIBUTES, renderReportHtml } from '../../fairness/index.ts';
import { startFairnessSchedule } from '../../jobs/index.ts';
import { openFairness, openLedger, SURVEY_RETENTION_MONTHS, type FairnessStores } from '../../store/index.ts';
import { actorOf } from '../access.ts';
import { ID_PARAMS, type ServerContext } from '../context.ts';
import { STAFF, governanceStore } from './governance-context.ts';
import { renderFairnessPdf } from './fairness-pdf.ts';

const tags = ['Gleichbehandlung (Fairness-Monitoring)'];
/** Who makes reports and reads alerts: the roles that oversee the office (there is no separate fairness role). */
const OVERSIGHT = ['auditor', 'dpo'] as const;
const TENANT_QUERY = { type: 'object', additionalProperties: false, properties: { gemeinde: { type: 'string', pattern: '^[a-z0-9-]{1,100}$', description: 'Gemeinde (sonst die voreingestellte)' } } } as const;
const REPORT_PARAMS = {
  type: 'object',
  required: ['reportId'],
  additionalProperties: false,
  properties: { reportId: { type: 'string', pattern: '^[0-9a-f]{32}$', description: 'Kennung des Berichts' } },
} as const;
const ANSWER = (attribute: (typeof SENSITIVE_ATTRIBUTES)[number]) => ({
  type: ['string', 'null'],
  enum: [...ATTRIBUTE_DOMAINS[attribute].values.map((v) => v.code), null],
  description: `${ATTRIBUTE_DOMAINS[attribute].label}; null oder weglassen: keine Angabe`,
});
const ALERT = {
  type: 'object',
  required: ['reportId', 'systemId', 'registerEntryId', 'registerEntryName', 'incidentId', 'summary', 'createdAt', 'notified', 'status', 'acknowledged'],
  additionalProperties: false,
  properties: {
    reportId: { type: 'string' },
    systemId: { type: 'string' },
    registerEntryId: { type: ['string', 'null'], description: 'Registereintrag, an dessen Verantwortliche der Hinweis ging' },
    registerEntryName: { type: ['string', 'null'], description: 'Bezeichnung dieses Registereintrags (null: ohne Eintrag oder Eintrag nicht mehr vorhanden)' },
    incidentId: { type: ['string', 'null'], description: 'Vorfall im Registereintrag' },
    summary: {
      type: 'object',
      required: ['significant', 'fourFifths', 'screeningBand', 'period', 'findings'],
      additionalProperties: false,
      properties: {
        significant: { type: 'integer' },
        fourFifths: { type: 'integer' },
        screeningBand: { type: 'integer' },
        period: { type: 'object', required: ['from', 'to'], additionalProperties: false, properties: { from: { type: 'string' }, to: { type: 'string' } } },
        findings: { type: 'array', items: { type: 'string' } },
      },
    },
    createdAt: { type: 'string', format: 'date-time' },
    notified: { type: 'array', items: { type: 'string' }, description: 'Benutzerkonten der Verantwortlichen, als der Hinweis entstand' },
    status: { type: 'string', enum: ['open', 'acknowledged'] },
    acknowledged: {
      type: ['object', 'null'],
      required: ['by', 'role', 'at', 'note'],
      additionalProperties: false,
      properties: { by: { type: 'string' }, role: { type: 'string' }, at: { type: 'string', format: 'date-time' }, note: { type: ['string', 'null'] } },
    },
  },
} as const;
const SURVEY_BODY = {
  type: 'object',
  required: ['consent'],
  additionalProperties: false,
  properties: {
    consent: { type: 'boolean', description: 'Einwilligung (Art. 9 Abs. 2 Buchst. a DSGVO); false löscht gespeicherte Angaben' },
    answers: { type: 'object', additionalProperties: false, properties: Object.fromEntries(SENSITIVE_ATTRIBUTES.map((a) => [a, ANSWER(a)])) },
  },
} as const;

const stores = new WeakMap<ServerContext, FairnessStores>();

/** One set of fairness stores per server, appending to its ledger and alerting through its AI register. */
export function fairnessStores(ctx: ServerContext): FairnessStores {
  let s = stores.get(ctx);
  if (!s) {
    s = openFairness({ db: ctx.db, ledger: openLedger(ctx.db), register: governanceStore(ctx) });
    stores.set(ctx, s);
  }
  return s;
}

/**
 * Fairness monitoring in the running product: the voluntary equality survey for citizens
 * (their own case only; consent, change, withdrawal), signed quarterly reports (made on a
 * schedule and on request by the data-protection officer or an auditor; published as
 * JSON, HTML and PDF because they hold aggregates of at least k people only), alerts as
 * tasks in the inbox of the register entry's owners (and for the oversight roles), and the
 * status on the public transparency page. Decision records are written after commit from
 * the case events.
 */
export async function fairnessPlugin(app: FastifyInstance, opts: { ctx: ServerContext; scheduleEveryMs?: number }): Promise<void> {
  const { ctx } = opts;
  const s = fairnessStores(ctx);
  ctx.cases.addListener(s.records.listener());
  const reportUrl = (m: string) => (reportId: string) => `${ctx.config.publicUrl}/api/fairness/reports/${reportId}/html?gemeinde=${encodeURIComponent(m)}`;
  governanceStore(ctx).useFairnessStatus((m, entry) => s.reports.statusFor(m, entry.links.packs, reportUrl(m)));
  if (ctx.queue) {
    const schedule = await startFairnessSchedule({ queue: ctx.queue, reports: s.reports, everyMs: opts.scheduleEveryMs ?? 60 * 60_000 });
    app.addHook('onClose', async () => schedule.stop());
  }
  const tenant = async (req: FastifyRequest): Promise<string> => {
    const m = (req.query as { gemeinde?: string }).gemeinde ?? ctx.config.defaultMunicipality;
    const [row] = await ctx.db.query('SELECT 1 FROM municipalities WHERE id = $1', [m]);
    if (!row) throw new AmtsklarError('not_found', 'Diese Gemeinde gibt es hier nicht.', [{ path: '$.gemeinde', message: 'unbekannt' }]);
    return m;
  };

  // ——— the equality survey (citizens, for their own case) ———

  app.get('/api/fairness/survey', { config: { access: 'public' }, schema: { tags, summary: 'Die freiwillige Befragung zur Gleichbehandlung: Zweck, Fragen, Einwilligung, Widerruf' } }, async () => ({
    purpose:
      'Mit Ihren freiwilligen Angaben prüft die Verwaltung, ob ihre Entscheidungen alle Gruppen gleich behandeln. Die Angaben werden getrennt von Ihrem Antrag gespeichert; die Sachbearbeitung und das Regelwerk sehen sie nie. Ausgewertet werden sie nur zusammengefasst für Gruppen von mindestens 10 Personen.',
    voluntary: 'Die Teilnahme ist freiwillig. Ohne Angaben entsteht Ihnen kein Nachteil; Ihr Antrag wird genauso bearbeitet.',
    legalBasis: 'Einwilligung nach Art. 9 Abs. 2 Buchst. a DSGVO; Art. 4a KI-Verordnung (Erkennen von Verzerrungen)',
    retentionMonths: SURVEY_RETENTION_MONTHS,
    withdrawal: 'Sie können Ihre Einwilligung jederzeit widerrufen; Ihre Angaben werden dann sofort gelöscht.',
    questions: SENSITIVE_ATTRIBUTES.map((a) => ({ attribute: a, label: ATTRIBUTE_DOMAINS[a].label, options: ATTRIBUTE_DOMAINS[a].values, optional: true })),
  }));

  const ownCase = async (req: FastifyRequest) => {
    const c = await ctx.cases.get(actorOf(req), (req.params as { id: string }).id);
    return { m: c.municipalityId, caseId: c.id };
  };

  app.get(
    '/api/my/cases/:id/equality-survey',
    { config: { access: ['citizen'] }, schema: { tags, summary: 'Meine Angaben zur Befragung (Auskunft nach Art. 15 DSGVO)', params: ID_PARAMS } },
    async (req) => {
      const { m, caseId } = await ownCase(req);
      const stored = await s.survey.answersFor(m, caseId);
      return stored ? { stored: true, consent: true, ...stored } : { stored: false, consent: false, answers: {} };
    },
  );

  app.put(
    '/api/my/cases/:id/equality-survey',
    { config: { access: ['citizen'] }, schema: { tags, summary: 'Angaben zur Befragung speichern oder ändern (nur mit Einwilligung)', params: ID_PARAMS, body: SURVEY_BODY } },
    async (req) => {
      const { m, caseId } = await ownCase(req);
      return s.survey.submit(m, caseId, req.body);
    },
  );

  app.delete(
    '/api/my/cases/:id/equality-survey',
    { config: { access: ['citizen'] }, schema: { tags, summary: 'Einwilligung widerrufen: die Angaben werden gelöscht', params: ID_PARAMS } },
    async (req) => {
      const { m, caseId } = await ownCase(req);
      return { deleted: await s.survey.withdraw(m, caseId) };
    },
  );

  // ——— reports: made by the oversight roles, published to everyone ———

  app.post(
    '/api/fairness/reports',
    {
      config: { answers: [200, 201], access: [...OVERSIGHT] },
      schema: {
        tags,
        summary: 'Bericht eines Systems für ein abgeschlossenes Kalenderquartal erstellen (signiert, im Protokoll verzeichnet); ein vorhandener Bericht wird zurückgegeben',
        body: {
          type: 'object',
          required: ['systemId', 'quarter'],
          additionalProperties: false,
          properties: {
            systemId: { type: 'string', enum: Object.keys(OUTCOME_SPECS), description: 'Regelwerk' },
            quarter: { type: 'string', pattern: '^[0-9]{4}-Q[1-4]$', description: 'Kalenderquartal, z. B. 2026-Q1' },
          },
        },
      },
    },
    async (req, reply) => {
      const a = actorOf(req);
      const { systemId, quarter } = req.body as { systemId: string; quarter: string };
      const r = await s.reports.produce(a.municipalityId, systemId, quarter, { role: a.role, id: a.id });
      return reply.code(r.created ? 201 : 200).send({ ...r.stored, created: r.created, alert: r.alert ? { significant: r.alert.significant, findings: r.alert.findings } : null });
    },
  );

  app.get(
    '/api/fairness/reports',
    { config: { access: 'public' }, schema: { tags, summary: 'Veröffentlichte Berichte einer Gemeinde', querystring: { ...TENANT_QUERY, properties: { ...TENANT_QUERY.properties, systemId: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' } } } } },
    async (req) => ({ items: await s.reports.list(await tenant(req), (req.query as { systemId?: string }).systemId) }),
  );

  app.get('/api/fairness/key', { config: { access: 'public' }, schema: { tags, summary: 'Öffentlicher Schlüssel, mit dem die Berichte der Gemeinde signiert sind (Ed25519, PEM)', querystring: TENANT_QUERY } }, async (req) =>
    s.reports.verificationKey(await tenant(req)),
  );

  const report = async (req: FastifyRequest) => s.reports.get(await tenant(req), (req.params as { reportId: string }).reportId);

  app.get(
    '/api/fairness/reports/:reportId',
    { config: { access: 'public' }, schema: { tags, summary: 'Signierter Bericht (JSON) mit seiner Stelle im Protokoll', params: REPORT_PARAMS, querystring: TENANT_QUERY } },
    async (req) => {
      const { signed, stored } = await report(req);
      return { ...signed, logLeaf: stored.ledgerIndex === null ? null : { index: stored.ledgerIndex }, status: stored.status, quarter: stored.quarter };
    },
  );

  app.get(
    '/api/fairness/reports/:reportId/html',
    { config: { access: 'public' }, schema: { tags, summary: 'Bericht als barrierefreie HTML-Seite mit Diagrammen (SVG)', params: REPORT_PARAMS, querystring: TENANT_QUERY } },
    async (req, reply: FastifyReply) => reply.type('text/html; charset=utf-8').send(renderReportHtml((await report(req)).signed)),
  );

  app.get(
    '/api/fairness/reports/:reportId/pdf',
    { config: { access: 'public' }, schema: { tags, summary: 'Bericht als PDF/A-2b und PDF/UA-1 mit Diagrammen', params: REPORT_PARAMS, querystring: TENANT_QUERY } },
    async (req, reply: FastifyReply) => {
      const { signed } = await report(req);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="fairness-${signed.report.systemId}-${signed.report.period.from}-${signed.report.period.to}.pdf"`)
        .header('x-report-hash', signed.signature.reportHash)
        .send(Buffer.from(renderFairnessPdf(signed)));
    },
  );

  // ——— alerts: tasks for the owners of the register entries ———

  /** People recognise an AI system by its name in the register, not by its id. */
  const withEntryNames = async <T extends { registerEntryId: string | null }>(m: string, alerts: T[]): Promise<(T & { registerEntryName: string | null })[]> => {
    const names = new Map(alerts.some((x) => x.registerEntryId) ? (await governanceStore(ctx).entries(m)).map((r) => [r.entry.id, r.entry.name]) : []);
    return alerts.map((x) => ({ ...x, registerEntryName: x.registerEntryId ? (names.get(x.registerEntryId) ?? null) : null }));
  };

  app.get(
    '/api/fairness/alerts',
    {
      config: { access: [...STAFF] },
      schema: {
        tags,
        summary: 'Hinweise aus Berichten, die eine Schwelle überschritten haben: für Verantwortliche die ihrer Registereinträge, für Administration, Datenschutz und Prüfung alle',
        querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: ['open', 'acknowledged'], description: 'nur offene oder nur aufgenommene' } } },
        response: { 200: { type: 'object', required: ['items'], additionalProperties: false, properties: { items: { type: 'array', items: ALERT } } } },
      },
    },
    async (req) => {
      const a = actorOf(req);
      const status = (req.query as { status?: 'open' | 'acknowledged' }).status;
      const all = await s.reports.alerts(a.municipalityId, { reader: { id: a.id, role: a.role } });
      return { items: await withEntryNames(a.municipalityId, status ? all.filter((x) => x.status === status) : all) };
    },
  );

  app.post(
    '/api/fairness/alerts/:reportId/acknowledge',
    {
      config: { access: [...STAFF] },
      schema: {
        tags,
        summary: 'Hinweis als aufgenommen vermerken (Verantwortliche des Registereintrags oder Administration, Datenschutz, Prüfung); der erste Vermerk bleibt',
        params: REPORT_PARAMS,
        body: {
          type: 'object',
          required: ['registerEntryId'],
          additionalProperties: false,
          properties: {
            registerEntryId: { type: ['string', 'null'], pattern: '^[a-z0-9][a-z0-9-]{1,62}$', description: 'Registereintrag, an den der Hinweis ging (null: an keinen Eintrag)' },
            note: { type: 'string', minLength: 1, maxLength: 2000, description: 'Was veranlasst wurde' },
          },
        },
        response: { 200: ALERT },
      },
    },
    async (req) => {
      const a = actorOf(req);
      const b = req.body as { registerEntryId: string | null; note?: string };
      const alert = await s.reports.acknowledge(a.municipalityId, (req.params as { reportId: string }).reportId, b.registerEntryId, { id: a.id, role: a.role }, b.note ?? null);
      return (await withEntryNames(a.municipalityId, [alert]))[0];
    },
  );
}
