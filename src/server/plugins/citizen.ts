import type { FastifyInstance } from 'fastify';
import { AmtsklarError } from '../../common/index.ts';
import { caseHistory, getDocument, listCases, listDocuments, listDrafts, recordAccess } from '../../store/index.ts';
import { actorOf } from '../access.ts';
import { underAntrag } from './applications.ts';
import { ID_PARAMS, REASON, versionBody, type ServerContext } from '../context.ts';
import { receiveDocument, UPLOAD_FORM } from '../documents.ts';
import { citizenCaseView, documentView } from '../views.ts';

const DOC_PARAMS = {
  type: 'object',
  required: ['id', 'docId'],
  additionalProperties: false,
  properties: { id: { type: 'string', format: 'uuid' }, docId: { type: 'string', format: 'uuid' } },
} as const;

/** The citizen's own cases: status, missing evidence, letters, decision once issued, objection. */
export async function citizenPlugin(app: FastifyInstance, opts: { ctx: ServerContext }): Promise<void> {
  const { ctx } = opts;
  const { cases, db } = ctx;
  const access = ['citizen'] as const;
  const tags = ['Bürgerportal'];

  app.get('/api/my/cases', { config: { access }, schema: { tags, summary: 'Meine Anträge' } }, async (req) => {
    const a = actorOf(req);
    const page = await listCases(db, { municipalityId: a.municipalityId, citizenId: a.id, page: 1, pageSize: 200 });
    return { items: page.items.map((c) => ({ id: c.id, aktenzeichen: c.aktenzeichen, packId: c.packId, state: c.state, documentsDue: c.documentsDue, version: c.version })), total: page.total };
  });

  app.get('/api/my/cases/:id', { config: { access }, schema: { tags, summary: 'Mein Antrag: Stand, fehlende Unterlagen, Schreiben, Bescheid', params: ID_PARAMS } }, async (req) => {
    const a = actorOf(req);
    const { id } = req.params as { id: string };
    const c = await cases.get(a, id);
    const missing = await cases.missing(a, id);
    const letters = await listDrafts(db, id);
    const issued = (await caseHistory(db, id)).filter((e) => e.type === 'issue' && typeof e.data.resultHash === 'string').map((e) => e.data.resultHash as string);
    return citizenCaseView(c, missing, letters, new Set(issued));
  });

  app.get('/api/my/cases/:id/application', { config: { access }, schema: { tags, summary: 'Meine Antragsdaten (Einsicht wird protokolliert)', params: ID_PARAMS } }, async (req) => {
    const { id } = req.params as { id: string };
    return cases.personal(actorOf(req), id, 'Einsicht durch die betroffene Person');
  });

  app.put(
    '/api/my/cases/:id/application',
    { config: { access }, schema: { tags, summary: 'Antragsdaten ergänzen oder berichtigen', params: ID_PARAMS, body: versionBody({ antrag: { type: 'object' } }, ['antrag']) } },
    async (req) => {
      const { id } = req.params as { id: string };
      const b = req.body as { version: number; antrag: Record<string, unknown> };
      const c = await underAntrag(() => cases.updateApplication(actorOf(req), id, b.version, b.antrag));
      return { id: c.id, state: c.state, version: c.version };
    },
  );

  app.post('/api/my/cases/:id/complete', { config: { access }, schema: { tags, summary: 'Nachgeforderte Unterlagen sind vollständig eingereicht', params: ID_PARAMS, body: versionBody() } }, async (req) => {
    const { id } = req.params as { id: string };
    const c = await cases.complete(actorOf(req), id, (req.body as { version: number }).version);
    return { id: c.id, state: c.state, version: c.version, outcome: c.decision?.outcome ?? null };
  });

  app.post(
    '/api/my/cases/:id/objection',
    { config: { answers: [201], access }, schema: { tags, summary: 'Widerspruch einlegen (innerhalb eines Monats nach Bekanntgabe)', params: ID_PARAMS, body: versionBody({ reason: REASON }, ['reason']) } },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      const b = req.body as { version: number; reason: string };
      const c = await cases.fileObjection(actorOf(req), id, b.version, b.reason);
      return reply.status(201).send({ id: c.id, state: c.state, version: c.version });
    },
  );

  app.get('/api/my/cases/:id/documents', { config: { access }, schema: { tags, summary: 'Meine eingereichten Unterlagen', params: ID_PARAMS } }, async (req) => {
    const { id } = req.params as { id: string };
    await cases.get(actorOf(req), id);
    return { items: (await listDocuments(db, ctx.keys, id)).map(documentView) };
  });

  app.post('/api/my/cases/:id/documents', { config: { answers: [201], documentedBody: UPLOAD_FORM, access }, schema: { tags, summary: 'Unterlage hochladen (PDF, PNG, JPEG; multipart: checklistId, datei)', params: ID_PARAMS, consumes: ['multipart/form-data'] } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const d = await receiveDocument(req, cases, actorOf(req), id, ctx.config.maxDocumentBytes);
    return reply.status(201).send(documentView(d));
  });

  app.get('/api/my/cases/:id/documents/:docId', { config: { access }, schema: { tags, summary: 'Eigene Unterlage herunterladen', params: DOC_PARAMS } }, async (req, reply) => {
    const a = actorOf(req);
    const { id, docId } = req.params as { id: string; docId: string };
    await cases.get(a, id);
    const d = await getDocument(db, ctx.keys, id, docId);
    if (!d) throw new AmtsklarError('not_found', 'Die Unterlage wurde nicht gefunden.');
    await recordAccess(db, { municipalityId: a.municipalityId, caseId: id, actorKind: a.kind, actorId: a.id, purpose: 'Einsicht durch die betroffene Person', what: `Unterlage ${docId}` });
    reply.header('content-type', d.contentType).header('content-disposition', `attachment; filename="${encodeURIComponent(d.filename)}"`);
    return reply.send(Buffer.from(d.content));
  });
}
