import type { FastifyInstance } from 'fastify';
import { AmtsklarError, berlinDate } from '../../common/index.ts';
import { STATES, type Actor, type CaseRecord, type CaseState } from '../../cases/index.ts';
import type { Audience } from '../../engine/index.ts';
import { caseHistory, getDocument, getSettings, listCases, listDocuments, listDrafts, recordAccess, type QueueSort } from '../../store/index.ts';
import { actorOf } from '../access.ts';
import { caseExplanation, LEVEL_DESCRIPTION } from '../case-explanation.ts';
import { underAntrag } from './applications.ts';
import { ID_PARAMS, PAGE_QUERY, REASON, versionBody, type ServerContext } from '../context.ts';
import { receiveDocument, UPLOAD_FORM } from '../documents.ts';
import { documentView, staffCaseView } from '../views.ts';

const STAFF = ['caseworker', 'team_lead'] as const;
const tags = ['Sachbearbeitung'];

/** The explanation shown with the case, or null where there is none (the case view says why). */
function explanationOrNull(c: CaseRecord, audience: Audience) {
  try {
    return caseExplanation(c, audience);
  } catch (e) {
    if (e instanceof AmtsklarError && e.code === 'conflict') return null;
    throw e;
  }
}

/** The caseworker's workbench: queue, case, history, and every workflow step. */
export async function casesPlugin(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const { ctx } = opts;
  const { cases, db } = ctx;
  const view = async (c: CaseRecord) => staffCaseView(c, (await getSettings(db, c.municipalityId))!);
  /** One entry in the data-protection officer's access log. */
  const logRead = (a: Actor, caseId: string, purpose: string, what: string) => recordAccess(db, { municipalityId: a.municipalityId, caseId, actorKind: a.kind, actorId: a.id, purpose, what });

  app.get(
    '/api/cases',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: 'Arbeitsvorrat des eigenen Teams (Seiten)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            ...PAGE_QUERY,
            state: { type: 'string', enum: [...STATES] },
            packId: { type: 'string', maxLength: 100 },
            needsHuman: { type: 'boolean' },
            aktenzeichen: { type: 'string', maxLength: 40, description: 'Teil des Aktenzeichens (Groß- und Kleinschreibung egal)' },
            frist: { type: 'string', enum: ['ueberschritten', 'bald', 'ohne'], description: 'Nächste Frist (Unterlagen oder Widerspruch): überschritten, in den nächsten 7 Tagen, keine' },
            sort: { type: 'string', enum: ['aktenzeichen', 'packId', 'state', 'outcome', 'due', 'updatedAt'], description: 'Sortierung über den ganzen Arbeitsvorrat (Standard: nächste Frist der Unterlagen zuerst)' },
            dir: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
          },
        },
      },
    },
    async (req) => {
      const a = actorOf(req) as Extract<Actor, { kind: 'user' }>;
      const q = req.query as { page: number; pageSize: number; state?: CaseState; packId?: string; needsHuman?: boolean; aktenzeichen?: string; frist?: 'ueberschritten' | 'bald' | 'ohne'; sort?: QueueSort; dir: 'asc' | 'desc' };
      const p = await listCases(db, {
        municipalityId: a.municipalityId,
        teamId: a.teamId,
        page: q.page,
        pageSize: q.pageSize,
        ...(q.state ? { state: q.state } : {}),
        ...(q.packId ? { packId: q.packId } : {}),
        ...(q.needsHuman !== undefined ? { needsHuman: q.needsHuman } : {}),
        ...(q.aktenzeichen?.trim() ? { aktenzeichen: q.aktenzeichen.trim() } : {}),
        // the office's day decides which deadlines have passed
        ...(q.frist ? { frist: { kind: q.frist, today: berlinDate(new Date()) } } : {}),
        ...(q.sort ? { sort: q.sort, dir: q.dir } : {}),
      });
      return {
        items: p.items.map((c) => ({ id: c.id, aktenzeichen: c.aktenzeichen, packId: c.packId, state: c.state, outcome: c.decision?.outcome ?? null, documentsDue: c.documentsDue, objectionDue: c.objectionDue, version: c.version, updatedAt: c.updatedAt })),
        total: p.total,
        page: p.page,
        pageSize: p.pageSize,
      };
    },
  );

  app.get(
    '/api/cases/:id',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: 'Fall mit Entscheidung und Rechenweg (ohne Name und Anschrift; der Rechenweg enthält Antragsangaben, der Zugriff wird protokolliert)',
        description:
          'Mit `explain` kommt die Erklärung des Ergebnisses gleich mit (`explanation`, wie GET /api/cases/{id}/explanation): aus demselben Rechenweg, mit einem Eintrag im Zugriffsprotokoll statt zweien. `explanation` ist null, wenn es keine gibt (noch kein Ergebnis, Rechenweg nicht nachrechenbar).',
        params: ID_PARAMS,
        querystring: { type: 'object', additionalProperties: false, properties: { explain: { type: 'string', enum: ['kurz', 'rechenweg'], description: LEVEL_DESCRIPTION } } },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      const level = (req.query as { explain?: 'kurz' | 'rechenweg' }).explain;
      const c = await cases.getWithTrace(actorOf(req), id, level ? 'Fallbearbeitung (Rechenweg und Erklärung ansehen)' : undefined);
      if (!level) return view(c);
      return { ...(await view(c)), explanation: explanationOrNull(c, level === 'kurz' ? 'citizen' : 'caseworker') };
    },
  );

  app.get(
    '/api/cases/:id/personal',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: 'Personenbezogene Antragsdaten lesen (Zweck angeben; jeder Zugriff wird protokolliert)',
        params: ID_PARAMS,
        querystring: { type: 'object', required: ['purpose'], additionalProperties: false, properties: { purpose: { type: 'string', minLength: 5, maxLength: 200 } } },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      return cases.personal(actorOf(req), id, (req.query as { purpose: string }).purpose);
    },
  );

  app.get(
    '/api/cases/:id/objection/reason',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: 'Begründung des offenen Widerspruchs lesen (Zweck angeben; jeder Zugriff wird protokolliert)',
        description: '`objection` ist null, wenn kein Widerspruch offen ist.',
        params: ID_PARAMS,
        querystring: { type: 'object', required: ['purpose'], additionalProperties: false, properties: { purpose: { type: 'string', minLength: 5, maxLength: 200 } } },
      },
    },
    async (req) => {
      const { id } = req.params as { id: string };
      return { objection: await cases.objectionReason(actorOf(req), id, (req.query as { purpose: string }).purpose) };
    },
  );

  app.get('/api/cases/:id/history', { config: { access: STAFF }, schema: { tags, summary: 'Verlauf: jeder Schritt mit wer, wann, warum', params: ID_PARAMS } }, async (req) => {
    const a = actorOf(req);
    const { id } = req.params as { id: string };
    await cases.get(a, id);
    const items = await caseHistory(db, id);
    // the reasons people wrote (a return, a discretion decision, an objection) can describe a person's circumstances
    if (items.some((e) => e.reason !== null)) await logRead(a, id, 'Fallbearbeitung (Verlauf ansehen)', 'Verlauf mit Begründungen');
    return { items };
  });

  app.get('/api/cases/:id/missing', { config: { access: STAFF }, schema: { tags, summary: 'Fehlende Angaben und Nachweise', params: ID_PARAMS } }, async (req) => {
    const { id } = req.params as { id: string };
    return { items: await cases.missing(actorOf(req), id) };
  });

  app.get('/api/cases/:id/drafts', { config: { access: STAFF }, schema: { tags, summary: 'Entwürfe (Nachforderung, Erinnerung, Bescheid)', params: ID_PARAMS } }, async (req) => {
    const a = actorOf(req);
    const { id } = req.params as { id: string };
    await cases.get(a, id);
    await logRead(a, id, 'Prüfung der Entwürfe', 'Entwürfe');
    return { items: await listDrafts(db, id) };
  });

  app.get('/api/cases/:id/documents', { config: { access: STAFF }, schema: { tags, summary: 'Unterlagen des Falls', params: ID_PARAMS } }, async (req) => {
    const { id } = req.params as { id: string };
    await cases.get(actorOf(req), id);
    return { items: (await listDocuments(db, ctx.keys, id)).map(documentView) };
  });

  app.get(
    '/api/cases/:id/documents/:docId',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: 'Unterlage herunterladen (wird protokolliert)',
        params: { type: 'object', required: ['id', 'docId'], additionalProperties: false, properties: { id: { type: 'string', format: 'uuid' }, docId: { type: 'string', format: 'uuid' } } },
        querystring: { type: 'object', additionalProperties: false, properties: { purpose: { type: 'string', minLength: 5, maxLength: 200, description: 'Zweck des Zugriffs (Standard: Prüfung der Nachweise)' } } },
      },
    },
    async (req, reply) => {
      const a = actorOf(req);
      const { id, docId } = req.params as { id: string; docId: string };
      const purpose = (req.query as { purpose?: string }).purpose ?? 'Prüfung der Nachweise';
      await cases.get(a, id);
      const d = await getDocument(db, ctx.keys, id, docId);
      if (!d) throw new AmtsklarError('not_found', 'Die Unterlage wurde nicht gefunden.');
      await logRead(a, id, purpose, `Unterlage ${docId}`);
      reply.header('content-type', d.contentType).header('content-disposition', `attachment; filename="${encodeURIComponent(d.filename)}"`);
      return reply.send(Buffer.from(d.content));
    },
  );

  app.post('/api/cases/:id/documents', { config: { answers: [201], documentedBody: UPLOAD_FORM, access: STAFF }, schema: { tags, summary: 'Unterlage zum Fall nehmen (PDF, PNG, JPEG; multipart: checklistId, datei)', params: ID_PARAMS, consumes: ['multipart/form-data'] } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const d = await receiveDocument(req, cases, actorOf(req), id, ctx.config.maxDocumentBytes);
    return reply.status(201).send(documentView(d));
  });

  app.put('/api/cases/:id/application', { config: { access: STAFF }, schema: { tags, summary: 'Antragsdaten berichtigen', params: ID_PARAMS, body: versionBody({ antrag: { type: 'object' } }, ['antrag']) } }, async (req) => {
    const { id } = req.params as { id: string };
    const b = req.body as { version: number; antrag: Record<string, unknown> };
    return view(await underAntrag(() => cases.updateApplication(actorOf(req), id, b.version, b.antrag)));
  });

  type Step = { path: string; summary: string; body: object; run: (a: Actor, id: string, b: Record<string, unknown> & { version: number }) => Promise<CaseRecord> };
  const steps: Step[] = [
    {
      path: 'request-documents',
      summary: 'Unterlagen nachfordern (Frist, Hinweis auf §§ 60, 66 SGB I)',
      body: versionBody({ deadline: { type: 'string', format: 'date', description: 'Frist (ohne Angabe: die Voreinstellung der Kommune); 7 bis 90 Tage ab heute (angemessene Frist, § 66 Abs. 3 SGB I)' } }),
      run: (a, id, b) => cases.requestDocuments(a, id, b.version, b.deadline as string | undefined),
    },
    { path: 'check', summary: 'Mit dem Regelwerk (erneut) prüfen', body: versionBody(), run: (a, id, b) => cases.check(a, id, b.version) },
    { path: 'remind', summary: 'An fehlende Unterlagen erinnern', body: versionBody(), run: (a, id, b) => cases.remind(a, id, b.version) },
    { path: 'complete', summary: 'Unterlagen vollständig: erneut prüfen', body: versionBody(), run: (a, id, b) => cases.complete(a, id, b.version) },
    {
      path: 'discretion',
      summary: 'Ermessenspunkt entscheiden (namentlich, mit Begründung)',
      body: versionBody({ point: { type: 'string', minLength: 1, maxLength: 100 }, option: { type: 'string', minLength: 1, maxLength: 100 }, reason: REASON }, ['point', 'option', 'reason']),
      run: (a, id, b) => cases.decideDiscretion(a, id, b.version, b.point as string, b.option as string, b.reason as string),
    },
    {
      path: 'overrides',
      summary: 'Berechneten Wert überschreiben (nur mit Begründung; erscheint im Bescheid)',
      body: versionBody({ name: { type: 'string', minLength: 1, maxLength: 100 }, value: {}, reason: REASON }, ['name', 'value', 'reason']),
      run: (a, id, b) => cases.override(a, id, b.version, b.name as string, b.value, b.reason as string),
    },
    { path: 'submit-review', summary: 'Entwurf zur Freigabe vorlegen', body: versionBody(), run: (a, id, b) => cases.submitForReview(a, id, b.version) },
    { path: 'return', summary: 'Zurückgeben (mit Begründung)', body: versionBody({ reason: REASON }, ['reason']), run: (a, id, b) => cases.returnCase(a, id, b.version, b.reason as string) },
    { path: 'approve', summary: 'Freigeben (namentlich; Vier-Augen-Prinzip nach Einstellung)', body: versionBody(), run: (a, id, b) => cases.approve(a, id, b.version) },
    { path: 'issue', summary: 'Bescheid bekanntgeben', body: versionBody(), run: (a, id, b) => cases.issue(a, id, b.version) },
    { path: 'objection', summary: 'Widerspruch erfassen (schriftlich eingegangen)', body: versionBody({ reason: REASON }, ['reason']), run: (a, id, b) => cases.fileObjection(a, id, b.version, b.reason as string) },
    {
      path: 'reassess',
      summary: 'Über Widerspruch entscheiden (andere Person): zurückweisen oder ändern; verlangt das Vier-Augen-Prinzip zwei Personen, wartet die Änderung auf Freigabe',
      body: versionBody(
        {
          result: { type: 'string', enum: ['upheld', 'changed'] },
          reason: REASON,
          overrides: { type: 'object', additionalProperties: { type: 'object', required: ['value', 'reason'], additionalProperties: false, properties: { value: {}, reason: REASON } } },
          discretion: { type: 'object', additionalProperties: { type: 'object', required: ['option', 'reason'], additionalProperties: false, properties: { option: { type: 'string', maxLength: 100 }, reason: REASON } } },
        },
        ['result', 'reason'],
      ),
      run: (a, id, b) =>
        cases.reassess(a, id, b.version, {
          result: b.result as 'upheld' | 'changed',
          reason: b.reason as string,
          ...(b.overrides ? { overrides: b.overrides as Record<string, { value: unknown; reason: string }> } : {}),
          ...(b.discretion ? { discretion: b.discretion as Record<string, { option: string; reason: string }> } : {}),
        }),
    },
    { path: 'approve-abhilfe', summary: 'Vorgeschlagene Abhilfe freigeben (zweite, nicht beteiligte Person): sie wird angewendet und bekanntgegeben', body: versionBody(), run: (a, id, b) => cases.approveAbhilfe(a, id, b.version) },
    { path: 'return-abhilfe', summary: 'Vorgeschlagene Abhilfe zurückgeben (mit Begründung): nichts davon wird angewendet', body: versionBody({ reason: REASON }, ['reason']), run: (a, id, b) => cases.returnAbhilfe(a, id, b.version, b.reason as string) },
  ];
  for (const s of steps) {
    app.post(`/api/cases/:id/${s.path}`, { config: { access: STAFF }, schema: { tags, summary: s.summary, params: ID_PARAMS, body: s.body } }, async (req) => {
      const a = actorOf(req);
      const { id } = req.params as { id: string };
      const c = await s.run(a, id, req.body as Record<string, unknown> & { version: number });
      // the answer carries the Rechenweg when the step evaluated again, and with it the application's facts: a read like GET /api/cases/{id}
      if (c.decision?.trace?.length) await logRead(a, id, `Fallbearbeitung (${s.summary})`, 'Rechenweg mit Antragsangaben');
      return view(c);
    });
  }
}
