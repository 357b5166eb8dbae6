import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AmtsklarError, sha256Hex } from '../../common/index.ts';
import type { Actor, CaseRecord, PersonalData } from '../../cases/index.ts';
import {
  addressedTo,
  applyEdits,
  approveDraft,
  checkLetter,
  gateFacts,
  letterInputFromCase,
  letterText,
  prepareDraft,
  settingsFromCase,
  type Block,
  type DraftingModel,
  type DraftKind,
  type Letter,
  type PdfMeta,
  type PreparedDraft,
  type SectionEdit,
} from '../../drafting/index.ts';
import { discretionOptionLabels, explain, type Decision } from '../../engine/index.ts';
import { receiptToText } from '../../ledger/index.ts';
import { modelEndpointConfig, modelEndpointFromEnv, OpenAiCompatibleClient } from '../../model-client/index.ts';
import { TypstPdfRenderer } from '../../pdf/index.ts';
import type { KnownValue } from '../../privacy/index.ts';
import { getSettings, openLedger, type Sql } from '../../store/index.ts';
import { resolvePack } from '../../pack-files/index.ts';
import { actorOf } from '../access.ts';
import { ID_PARAMS, VERSION, type ServerContext } from '../context.ts';
import { governanceStore } from './governance-context.ts';

const STAFF = ['caseworker', 'team_lead'] as const;
const tags = ['Entwürfe'];
const KINDS = ['bescheid', 'nachforderung', 'erlaeuterung', 'antwort'] as const;

const DRAFT_PARAMS = {
  type: 'object',
  required: ['id', 'draftId'],
  additionalProperties: false,
  properties: { id: { type: 'string', format: 'uuid', description: 'ID des Falls' }, draftId: { type: 'string', format: 'uuid', description: 'ID des Entwurfs' } },
} as const;

const BLOCK = {
  oneOf: [
    { type: 'object', required: ['type', 'text'], additionalProperties: false, properties: { type: { const: 'p' }, text: { type: 'string', minLength: 1, maxLength: 5000 } } },
    { type: 'object', required: ['type', 'items'], additionalProperties: false, properties: { type: { const: 'list' }, items: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 2000 } } } },
    {
      type: 'object',
      required: ['type', 'caption', 'head', 'rows'],
      additionalProperties: false,
      properties: { type: { const: 'table' }, caption: { type: 'string', maxLength: 300 }, head: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 300 } }, rows: { type: 'array', maxItems: 2000, items: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 1000 } } } },
    },
  ],
} as const;

interface DraftRow {
  id: string;
  case_id: string;
  kind: DraftKind;
  revision: number;
  parent_id: string | null;
  result_hash: string;
  letter: Letter;
  text_hash: string;
  gate: PreparedDraft['gate'];
  gate_passed: boolean;
  model_use: PreparedDraft['modelUse'];
  provenance: PreparedDraft['provenance'];
  created_by: string;
  created_at: string;
  review: { reviewer: string; reviewedAt: string; diff: string[]; diffHash: string; aiLabel: string | null } | null;
  approved_at: string | null;
}

/** What drafting needs from the world besides the request: the model (if any) and the PDF renderer. */
export interface DraftingRuntime {
  model: DraftingModel | null;
  renderer: { render: TypstPdfRenderer['render'] };
  /**
   * The AI register's gate for the feature „drafting" in one municipality (governance
   * featureUsable); by default read from the governance store on every draft.
   */
  governance?: (municipalityId: string) => Promise<{ allowed: boolean; message: string; entryIds: string[] }>;
}

/** The AI register's answer for „drafting" in this municipality, from the governance store. */
function registerGate(ctx: ServerContext) {
  return async (municipalityId: string) => {
    const g = await governanceStore(ctx).gate(municipalityId, { feature: 'drafting' });
    return { allowed: g.allowed, message: g.message, entryIds: g.entryIds };
  };
}

export function draftingRuntimeFromEnv(env: NodeJS.ProcessEnv = process.env): DraftingRuntime {
  const endpoint = modelEndpointFromEnv(env);
  let renderer: TypstPdfRenderer | null = null;
  return {
    model: endpoint ? new OpenAiCompatibleClient(endpoint, env) : null,
    renderer: { render: (letter, meta) => (renderer ??= new TypstPdfRenderer()).render(letter, meta) },
  };
}

function view(r: DraftRow) {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind,
    revision: r.revision,
    parentId: r.parent_id,
    resultHash: r.result_hash,
    letter: r.letter,
    text: letterText(r.letter),
    textHash: r.text_hash,
    gate: r.gate,
    modelUse: r.model_use,
    provenance: r.provenance,
    createdBy: r.created_by,
    createdAt: r.created_at,
    review: r.review,
    approvedAt: r.approved_at,
  };
}

function knownValues(p: PersonalData | null): KnownValue[] {
  if (!p) return [];
  const a = p.applicant;
  return [
    { category: 'name', value: a.name },
    ...(a.anschrift ? [{ category: 'adresse' as const, value: a.anschrift }] : []),
    ...(a.email ? [{ category: 'email' as const, value: a.email }] : []),
    ...(a.telefon ? [{ category: 'telefon' as const, value: a.telefon }] : []),
  ];
}

/** The recipient in a stored letter stays a placeholder; personal data is only filled in for the PDF. */
function withoutRecipient(letter: Letter): Letter {
  return { ...letter, recipient: ['{{empfaenger.name}}', '{{empfaenger.anschrift}}'], salutation: 'Sehr geehrte Damen und Herren,' };
}

/**
 * Drafting in the workflow: prepare a draft (binding letters from data; explanation and
 * reply optionally by a model, behind the AI-register gate and the privacy guard), edit it
 * (every edit is checked again), approve it — refused while the fact gate fails; the
 * approval records reviewer, time and the diff of the human edits and then approves the
 * case — and render it as PDF/A-2b + PDF/UA-1.
 */
export async function draftingPlugin(app: FastifyInstance, opts: { ctx: ServerContext; runtime?: DraftingRuntime }): Promise<void> {
  const { ctx } = opts;
  const { cases, db } = ctx;
  const runtime = opts.runtime ?? draftingRuntimeFromEnv();
  const gate = runtime.governance ?? registerGate(ctx);
  // A municipality may configure its own model server in its settings (`drafting.model`); the key stays in the environment.
  const clients = new Map<string, DraftingModel>();
  const modelFor = (settings: object): DraftingModel | null => {
    const cfg = (settings as { drafting?: { model?: unknown } }).drafting?.model;
    if (cfg === undefined || cfg === null) return runtime.model;
    const key = JSON.stringify(cfg);
    let client = clients.get(key);
    if (!client) {
      client = new OpenAiCompatibleClient(modelEndpointConfig(cfg, '$.settings.drafting.model'));
      clients.set(key, client);
    }
    return client;
  };

  const context = async (actor: Actor, c: CaseRecord, purpose: string) => {
    const settings = await getSettings(db, c.municipalityId);
    if (!settings || !c.decision) throw new AmtsklarError('conflict', 'Für diesen Fall gibt es noch keine Entscheidung, zu der ein Entwurf passt.', [{ path: '$.decision', message: 'fehlt' }]);
    const personal = await cases.personal(actor, c.id, purpose);
    const docs = c.decision.outcome === 'missing_inputs' ? await cases.missing(actor, c.id) : [];
    // the case's pack, read once: the Berechnung needs its release, the letter its option labels
    let pack: ReturnType<typeof resolvePack> | undefined;
    try {
      pack = resolvePack(c.packId);
    } catch {
      pack = undefined;
    }
    const input = letterInputFromCase(
      {
        case: c,
        decision: cases.withTrace({ ...c, decision: c.decision }, personal),
        personal,
        settings: settings as typeof settings & { drafting?: never },
        ...(docs.length > 0 ? { missing: docs.map((m) => ({ label: m.label, ...(m.norm ? { norm: m.norm } : {}) })) } : {}),
        ...(c.documentsDue ? { deadline: c.documentsDue } : {}),
      },
      new Date(),
      {
        berechnung: (d) => (pack && pack.release === c.packRelease ? explain(pack, d as unknown as Decision, 'caseworker') : undefined),
        discretionOptions: () => (pack ? discretionOptionLabels(pack) : undefined),
      },
    );
    return { input, settings: settingsFromCase(settings), personal, model: modelFor(settings) };
  };

  const load = async (sql: Sql, caseId: string, draftId: string): Promise<DraftRow> => {
    const rows = await sql.query<DraftRow>('SELECT * FROM drafting_drafts WHERE id = $1 AND case_id = $2', [draftId, caseId]);
    if (!rows[0]) throw new AmtsklarError('not_found', 'Diesen Entwurf gibt es zu diesem Fall nicht.', [{ path: '$.draftId', message: 'unbekannt' }]);
    return rows[0];
  };

  const insert = async (sql: Sql, c: CaseRecord, actor: Actor, d: { kind: DraftKind; revision: number; parentId: string | null; letter: Letter; gate: PreparedDraft['gate']; modelUse: PreparedDraft['modelUse']; provenance: PreparedDraft['provenance'] }): Promise<DraftRow> => {
    const letter = withoutRecipient(d.letter);
    const rows = await sql.query<DraftRow>(
      `INSERT INTO drafting_drafts (id, municipality_id, case_id, kind, revision, parent_id, result_hash, letter, text_hash, gate, gate_passed, model_use, provenance, holds_personal_data, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING *`,
      [
        randomUUID(),
        c.municipalityId,
        c.id,
        d.kind,
        d.revision,
        d.parentId,
        c.decision!.receipt.resultHash,
        JSON.stringify(letter),
        `sha256:${sha256Hex(letterText(letter))}`,
        JSON.stringify(d.gate),
        d.gate.passed,
        JSON.stringify(d.modelUse),
        JSON.stringify(d.provenance),
        d.kind === 'antwort',
        actor.id,
      ],
    );
    return rows[0]!;
  };

  app.post(
    '/api/cases/:id/drafting/drafts',
    {
      config: { answers: [201], access: STAFF },
      schema: {
        tags,
        summary: 'Entwurf erstellen (Bescheid/Nachforderung aus Daten; Erklärung und Antwort ggf. mit Sprachmodell)',
        params: ID_PARAMS,
        body: { type: 'object', required: ['kind'], additionalProperties: false, properties: { kind: { type: 'string', enum: [...KINDS] }, enquiry: { type: 'string', minLength: 1, maxLength: 20000 } } },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { id } = req.params as { id: string };
      const body = req.body as { kind: DraftKind; enquiry?: string };
      if (body.kind === 'antwort' && !body.enquiry) throw new AmtsklarError('invalid_input', 'Für eine Antwort fehlt die Nachricht der Bürgerin oder des Bürgers.', [{ path: '$.enquiry', message: 'fehlt' }]);
      const c = await cases.get(actor, id);
      const { input, settings, personal, model } = await context(actor, c, `Entwurf (${body.kind}) erstellen`);
      const draft = await prepareDraft(
        { kind: body.kind, input: { ...input, ...(body.enquiry ? { enquiry: body.enquiry } : {}) }, known: knownValues(personal) },
        {
          settings,
          model,
          governance: { checkDrafting: () => gate(c.municipalityId) },
          audit: { record: (e) => req.log.info({ drafting_outbound: { purpose: e.purpose, decision: e.decision, reason: e.reason ?? null, audits: e.audits } }, 'Modellanfrage geprüft') },
        },
      );
      const row = await insert(db, c, actor, { kind: body.kind, revision: 1, parentId: null, letter: draft.letter, gate: draft.gate, modelUse: draft.modelUse, provenance: draft.provenance });
      reply.code(201);
      return view(row);
    },
  );

  app.get('/api/cases/:id/drafting/drafts', { config: { access: STAFF }, schema: { tags, summary: 'Entwürfe des Falls mit Prüfergebnis und Herkunft', params: ID_PARAMS } }, async (req) => {
    const { id } = req.params as { id: string };
    await cases.get(actorOf(req), id);
    return { items: (await db.query<DraftRow>('SELECT * FROM drafting_drafts WHERE case_id = $1 ORDER BY created_at DESC, revision DESC', [id])).map(view) };
  });

  app.get('/api/cases/:id/drafting/drafts/:draftId', { config: { access: STAFF }, schema: { tags, summary: 'Ein Entwurf', params: DRAFT_PARAMS } }, async (req) => {
    const { id, draftId } = req.params as { id: string; draftId: string };
    await cases.get(actorOf(req), id);
    return view(await load(db, id, draftId));
  });

  app.put(
    '/api/cases/:id/drafting/drafts/:draftId',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: 'Entwurf bearbeiten: neue Fassung, erneut gegen die Entscheidung geprüft',
        params: DRAFT_PARAMS,
        body: {
          type: 'object',
          required: ['edits'],
          additionalProperties: false,
          properties: { edits: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'object', required: ['section', 'blocks'], additionalProperties: false, properties: { section: { type: 'string', maxLength: 40 }, blocks: { type: 'array', maxItems: 200, items: BLOCK } } } } },
        },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { id, draftId } = req.params as { id: string; draftId: string };
      const c = await cases.get(actor, id);
      const base = await load(db, id, draftId);
      if (base.approved_at) throw new AmtsklarError('conflict', 'Ein freigegebener Entwurf wird nicht mehr geändert; bitte einen neuen erstellen.');
      if (base.result_hash !== c.decision?.receipt.resultHash) throw new AmtsklarError('conflict', 'Der Entwurf passt nicht mehr zur aktuellen Entscheidung; bitte neu erstellen.');
      const edited = applyEdits(base.letter, (req.body as { edits: { section: SectionEdit['section']; blocks: Block[] }[] }).edits);
      const { input, settings } = await context(actor, c, 'Entwurf bearbeiten');
      const gate = checkLetter(edited, gateFacts(input, settings));
      const rootId = base.parent_id ?? base.id;
      const latest = await db.query<{ n: number }>('SELECT max(revision) AS n FROM drafting_drafts WHERE id = $1 OR parent_id = $1', [rootId]);
      const provenance = { ...base.provenance, hashes: { ...base.provenance.hashes, text: `sha256:${sha256Hex(letterText(edited))}` }, gate: { ...base.provenance.gate, passed: gate.passed, findings: gate.findings.length, factsChecked: gate.factsChecked } };
      return view(await insert(db, c, actor, { kind: base.kind, revision: Number(latest[0]?.n ?? base.revision) + 1, parentId: rootId, letter: edited, gate, modelUse: base.model_use, provenance }));
    },
  );

  app.post(
    '/api/cases/:id/drafting/drafts/:draftId/approve',
    {
      config: { access: STAFF },
      schema: {
        tags,
        summary: 'Entwurf freigeben: nur wenn die Prüfung gegen die Entscheidung besteht; hält Prüferin/Prüfer und Änderungen fest (ein Bescheid gibt zugleich den Fall frei)',
        params: DRAFT_PARAMS,
        body: { type: 'object', required: ['version'], additionalProperties: false, properties: { version: VERSION } },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { id, draftId } = req.params as { id: string; draftId: string };
      const { version } = req.body as { version: number };
      const c = await cases.get(actor, id);
      const row = await load(db, id, draftId);
      if (row.approved_at) throw new AmtsklarError('conflict', 'Dieser Entwurf ist bereits freigegeben.');
      if (row.result_hash !== c.decision?.receipt.resultHash) throw new AmtsklarError('conflict', 'Der Entwurf passt nicht mehr zur aktuellen Entscheidung; bitte neu erstellen.');
      const { input, settings } = await context(actor, c, 'Entwurf freigeben');
      const root = row.parent_id ? await load(db, id, row.parent_id) : row;
      const prepared: PreparedDraft = {
        kind: root.kind,
        letter: root.letter,
        standard: root.letter,
        text: letterText(root.letter),
        textHash: root.text_hash,
        gate: root.gate,
        modelUse: root.model_use,
        provenance: root.provenance,
      };
      const edits = row.id === root.id ? [] : row.letter.sections.filter((s) => JSON.stringify(s) !== JSON.stringify(root.letter.sections.find((r) => r.id === s.id))).map((s) => ({ section: s.id, blocks: s.blocks }));
      const approved = approveDraft(prepared, { input, settings, reviewer: actor.name, at: new Date(), edits });
      // a Bescheid's approval is the case's (checked and counted there); any other letter is checked
      // against the case version the reviewer read, so nobody approves a letter for a case changed meanwhile
      if (row.kind === 'bescheid') await cases.approve(actor, id, version);
      else if (version !== c.version) throw new AmtsklarError('conflict', `Der Fall wurde inzwischen geändert (Version ${c.version}, gelesen ${version}); bitte neu laden und prüfen.`);
      const review = { reviewer: actor.name, reviewedAt: approved.provenance.review!.reviewedAt, diff: approved.diff, diffHash: approved.provenance.review!.diffHash, aiLabel: approved.aiLabel };
      const rows = await db.query<DraftRow>('UPDATE drafting_drafts SET review = $2, approved_at = now(), provenance = $3, letter = $4 WHERE id = $1 AND approved_at IS NULL RETURNING *', [
        row.id,
        JSON.stringify(review),
        JSON.stringify(approved.provenance),
        JSON.stringify(withoutRecipient(approved.letter)),
      ]);
      // two reviewers at once: the second finds it approved
      if (!rows[0]) throw new AmtsklarError('conflict', 'Dieser Entwurf ist bereits freigegeben.');
      return view(rows[0]);
    },
  );

  app.get('/api/cases/:id/drafting/drafts/:draftId/pdf', { config: { access: STAFF }, schema: { tags, summary: 'Entwurf als PDF/A-2b + PDF/UA-1 (mit Anschrift, KI-Kennzeichnung und Prüfcode)', params: DRAFT_PARAMS } }, async (req, reply) => {
    const actor = actorOf(req);
    const { id, draftId } = req.params as { id: string; draftId: string };
    const c = await cases.get(actor, id);
    const row = await load(db, id, draftId);
    const personal = await cases.personal(actor, id, 'Schreiben als PDF erstellen');
    const a = personal.applicant;
    const letter: Letter = addressedTo(row.letter, a);
    let receipt: PdfMeta['receipt'] = null;
    if (row.approved_at && c.decision?.outcome === 'decided') {
      try {
        receipt = { text: receiptToText(await openLedger(db).receiptForCase(id)) };
      } catch {
        receipt = null;
      }
    }
    const p = row.provenance;
    const aiAssisted = p.generator === 'model';
    const label = row.review?.aiLabel ?? (aiAssisted ? 'Mit KI-Unterstützung erstellt; noch nicht geprüft und freigegeben (Entwurf).' : null);
    const pdf = await runtime.renderer.render(letter, {
      labelling: label,
      receipt,
      xmp: {
        aiAssisted,
        statement: label,
        model: p.model ? `${p.model.name} (${p.model.reported})` : null,
        promptTemplate: p.promptTemplate ? `${p.promptTemplate.id}@${p.promptTemplate.version}` : null,
        reviewedBy: row.review?.reviewer ?? null,
        reviewedAt: row.review?.reviewedAt ?? null,
        decisionResultHash: row.result_hash,
        letterKind: row.letter.kind,
      },
    });
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `attachment; filename="${row.letter.aktenzeichen}-${row.kind}-${row.revision}.pdf"`);
    reply.header('x-pdf-sha256', sha256Hex(pdf));
    return reply.send(Buffer.from(pdf));
  });
}
