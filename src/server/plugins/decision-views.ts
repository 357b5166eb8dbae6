import type { FastifyInstance } from 'fastify';
import { AmtsklarError, sha256Hex } from '../../common/index.ts';
import { STATE_LABELS, storedTrace } from '../../cases/index.ts';
import { addressedTo, caseDrafter, type Letter, type PdfMeta } from '../../drafting/index.ts';
import { discretionOptionLabels, explain, type Decision } from '../../engine/index.ts';
import { receiptToText } from '../../ledger/index.ts';
import { TypstPdfRenderer } from '../../pdf/index.ts';
import { getSettings, openLedger } from '../../store/index.ts';
import { actorOf } from '../access.ts';
import { caseExplanation, EXPLANATION_RESPONSE, LEVEL_QUERY, packOf } from '../case-explanation.ts';
import { ID_PARAMS, type ServerContext } from '../context.ts';
import { DECIDED_FOR_CITIZEN } from '../views.ts';

interface ApprovedDraftRow {
  letter: Letter;
  provenance: { generator?: string; model?: { name: string; reported: string } | null; promptTemplate?: { id: string; version: string } | null };
  review: { reviewer: string; reviewedAt: string; aiLabel: string | null } | null;
  result_hash: string;
}

/**
 * What a decision means, from its trace (recomputed and checked against the receipt when the
 * decision was stored without it, see cases/trace.ts; never a second opinion): the explanation for
 * citizens and the full Rechenweg, for the citizen (once the Bescheid is issued) and for staff;
 * and the issued Bescheid as PDF/A-2b + PDF/UA-1 for the citizen, with the receipt's QR code.
 */
export async function decisionViewsPlugin(app: FastifyInstance, opts: { ctx: ServerContext; renderer?: { render: TypstPdfRenderer['render'] } }): Promise<void> {
  const { ctx } = opts;
  const { cases, db } = ctx;
  let renderer = opts.renderer ?? null;

  app.get(
    '/api/my/cases/:id/explanation',
    { config: { access: ['citizen'] }, schema: { tags: ['Bürgerportal'], summary: 'Mein Bescheid erklärt: in einfacher Sprache oder der vollständige Rechenweg', params: ID_PARAMS, querystring: LEVEL_QUERY, response: { 200: EXPLANATION_RESPONSE } } },
    async (req) => {
      const c = await cases.getWithTrace(actorOf(req), (req.params as { id: string }).id, 'Erklärung des Bescheids (betroffene Person)', (found) => {
        if (!DECIDED_FOR_CITIZEN.has(found.state)) throw new AmtsklarError('conflict', 'Über Ihren Antrag ist noch nicht entschieden; die Erklärung gibt es mit dem Bescheid.', [{ path: '$.state', message: found.state }]);
      });
      return caseExplanation(c, (req.query as { level: string }).level === 'rechenweg' ? 'caseworker' : 'citizen');
    },
  );

  app.get(
    '/api/cases/:id/explanation',
    { config: { access: ['caseworker', 'team_lead'] }, schema: { tags: ['Sachbearbeitung'], summary: 'Rechenweg des aktuellen Ergebnisses mit Rechtsgrundlagen (oder die Erklärung für Bürgerinnen und Bürger)', params: ID_PARAMS, querystring: LEVEL_QUERY, response: { 200: EXPLANATION_RESPONSE } } },
    async (req) => {
      const c = await cases.getWithTrace(actorOf(req), (req.params as { id: string }).id, 'Fallbearbeitung (Erklärung ansehen)');
      return caseExplanation(c, (req.query as { level: string }).level === 'kurz' ? 'citizen' : 'caseworker');
    },
  );

  app.get('/api/my/cases/:id/bescheid.pdf', { config: { access: ['citizen'] }, schema: { tags: ['Bürgerportal'], summary: 'Mein Bescheid als PDF (barrierefrei, mit Prüfcode)', params: ID_PARAMS } }, async (req, reply) => {
    const actor = actorOf(req);
    const c = await cases.get(actor, (req.params as { id: string }).id);
    if (!DECIDED_FOR_CITIZEN.has(c.state) || !c.decision) throw new AmtsklarError('conflict', 'Über Ihren Antrag ist noch nicht entschieden; der Bescheid folgt.', [{ path: '$.state', message: `Status „${STATE_LABELS[c.state]}“` }]);
    // Without stored personal data (erased after the retention period) the letter has no address block.
    const personal = await cases.personal(actor, c.id, 'Bescheid als PDF (betroffene Person)').catch((e: unknown) => {
      if (e instanceof AmtsklarError && e.code === 'not_found') return null;
      throw e;
    });
    const settings = (await getSettings(db, c.municipalityId))!;
    const a = personal?.applicant;
    // After an objection was granted the issued letter is the Abhilfebescheid.
    const [objection] = await db.query<{ filed_at: string | Date }>("SELECT filed_at FROM objections WHERE case_id = $1 AND result = 'changed' ORDER BY decided_at DESC LIMIT 1", [c.id]);
    const changed = objection !== undefined;
    // The text approved in the draft editor when there is one; else the deterministic letter of the decision.
    const approved = changed
      ? []
      : await db.query<ApprovedDraftRow>(
          "SELECT letter, provenance, review, result_hash FROM drafting_drafts WHERE case_id = $1 AND kind = 'bescheid' AND approved_at IS NOT NULL AND result_hash = $2 ORDER BY approved_at DESC LIMIT 1",
          [c.id, c.decision.receipt.resultHash],
        );
    const row = approved[0];
    let letter: Letter;
    let meta: PdfMeta['xmp'] & { labelling: string | null };
    if (row) {
      letter = addressedTo(row.letter, a);
      const aiAssisted = row.provenance.generator === 'model';
      const label = row.review?.aiLabel ?? null;
      meta = {
        labelling: label,
        aiAssisted,
        statement: label,
        model: row.provenance.model ? `${row.provenance.model.name} (${row.provenance.model.reported})` : null,
        promptTemplate: row.provenance.promptTemplate ? `${row.provenance.promptTemplate.id}@${row.provenance.promptTemplate.version}` : null,
        reviewedBy: row.review?.reviewer ?? null,
        reviewedAt: row.review?.reviewedAt ?? null,
        decisionResultHash: row.result_hash,
        letterKind: row.letter.kind,
      };
    } else {
      const pack = packOf(c);
      const drafter = caseDrafter({
        now: () => new Date(c.issuedAt ?? c.updatedAt),
        berechnung: (d) => explain(pack, d as unknown as Decision, 'caseworker'),
        discretionOptions: () => discretionOptionLabels(pack),
      });
      letter = drafter.letter(changed ? 'abhilfebescheid' : 'bescheid', {
        case: { aktenzeichen: c.aktenzeichen, discretion: c.discretion, overrides: c.overrides, createdAt: c.createdAt },
        decision: personal ? cases.withTrace({ ...c, decision: c.decision }, personal) : storedTrace(c.decision),
        personal,
        settings,
        objection: objection ? { filedAt: new Date(objection.filed_at).toISOString() } : null,
      });
      letter = addressedTo(letter, a);
      meta = { labelling: null, aiAssisted: false, statement: null, model: null, promptTemplate: null, reviewedBy: c.approvals.map((x) => x.name).join(', ') || null, reviewedAt: c.approvals[0]?.at ?? null, decisionResultHash: c.decision.receipt.resultHash, letterKind: letter.kind };
    }
    let receipt: PdfMeta['receipt'] = null;
    if (c.decision.outcome === 'decided') {
      try {
        receipt = { text: receiptToText(await openLedger(db).receiptForCase(c.id)) };
      } catch {
        receipt = null;
      }
    }
    renderer ??= new TypstPdfRenderer();
    const { labelling, ...xmp } = meta;
    const pdf = await renderer.render(letter, { labelling, receipt, xmp });
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `attachment; filename="${c.aktenzeichen}-bescheid.pdf"`);
    reply.header('x-pdf-sha256', sha256Hex(pdf));
    return reply.send(Buffer.from(pdf));
  });
}
