import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AmtsklarError } from '../../common/index.ts';
import { receiptToText, toBase64 } from '../../ledger/index.ts';
import { STATE_LABELS } from '../../cases/index.ts';
import { startLedgerSchedule } from '../../jobs/index.ts';
import { openLedger, witnessKeys, type Ledger } from '../../store/index.ts';
import { actorOf } from '../access.ts';
import { ID_PARAMS, type ServerContext } from '../context.ts';
import { DECIDED_FOR_CITIZEN } from '../views.ts';

const tags = ['Protokoll (Ledger)'];
const SIZE = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const RECEIPT_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: { format: { type: 'string', enum: ['json', 'text'], default: 'json', description: 'json: Quittung; text: Kurzform für QR-Code/Bescheid' } },
} as const;

/**
 * The tamper-evident log, in public: the latest signed checkpoint, proofs and entries for
 * anyone (they hold no personal data), receipts per case for those who may see the case,
 * and the witnesses' reports for auditors. Also hooks the log to committed case events and
 * publishes checkpoints on a schedule.
 */
export async function ledgerPlugin(app: FastifyInstance, opts: { ctx: ServerContext; ledger?: Ledger; checkpointEveryMs?: number }): Promise<void> {
  const { ctx } = opts;
  const ledger = opts.ledger ?? openLedger(ctx.db);
  // The commit answers without waiting for the log; every read of the log waits for it.
  const listener = { onCaseEvents: () => ledger.catchUpSoon((e) => app.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'Protokoll: Nachtrag fehlgeschlagen')) };
  ctx.cases.addListener(listener);
  ctx.recalc.addListener(listener);
  app.addHook('onClose', async () => ledger.settled());
  if (ctx.queue) {
    const schedule = await startLedgerSchedule({ queue: ctx.queue, ledger, everyMs: opts.checkpointEveryMs ?? 60 * 60_000 });
    app.addHook('onClose', async () => schedule.stop());
  }

  app.get('/api/ledger/checkpoint', { config: { access: 'public' }, schema: { tags, summary: 'Neuester signierter Prüfpunkt (C2SP tlog-checkpoint, Text)' } }, async (_req, reply) => {
    const cp = (await ledger.latestCheckpoint()) ?? (await ledger.publishCheckpoint());
    return reply.type('text/plain; charset=utf-8').send(cp.note);
  });

  app.get('/api/ledger/key', { config: { access: 'public' }, schema: { tags, summary: 'Prüfschlüssel des Protokolls (C2SP-vkey)' } }, async (_req, reply) =>
    reply.type('text/plain; charset=utf-8').send(`${ledger.verifierKey}\n`),
  );

  app.get(
    '/api/ledger/proof/inclusion',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Inklusionsbeweis (RFC 9162)', querystring: { type: 'object', required: ['index', 'size'], additionalProperties: false, properties: { index: SIZE, size: SIZE } } },
    },
    async (req) => {
      const { index, size } = req.query as { index: number; size: number };
      const proof = await proofOrError(() => ledger.inclusionProof(index, size));
      return { index, size, proof: proof.map(toBase64) };
    },
  );

  app.get(
    '/api/ledger/proof/consistency',
    {
      config: { access: 'public' },
      schema: { tags, summary: 'Konsistenzbeweis (RFC 9162)', querystring: { type: 'object', required: ['from', 'to'], additionalProperties: false, properties: { from: SIZE, to: SIZE } } },
    },
    async (req) => {
      const { from, to } = req.query as { from: number; to: number };
      const proof = await proofOrError(() => ledger.consistencyProof(from, to));
      return { from, to, proof: proof.map(toBase64) };
    },
  );

  app.get(
    '/api/ledger/entries/:index',
    { config: { access: 'public' }, schema: { tags, summary: 'Ein Protokolleintrag (nur Hashes und Commitments)', params: { type: 'object', required: ['index'], properties: { index: SIZE } } } },
    async (req) => ledger.entry((req.params as { index: number }).index),
  );

  const receipt = async (req: FastifyRequest, caseId: string) => {
    const r = await ledger.receiptForCase(caseId);
    return (req.query as { format?: string }).format === 'text' ? { text: receiptToText(r) } : r;
  };

  app.get(
    '/api/my/cases/:id/receipt',
    { config: { access: ['citizen'] }, schema: { tags, summary: 'Quittung meiner Entscheidung', params: ID_PARAMS, querystring: RECEIPT_QUERY } },
    async (req) => {
      const c = await ctx.cases.get(actorOf(req), (req.params as { id: string }).id);
      // the receipt names the outcome: the citizen gets it with the Bescheid, not while people still review
      if (!DECIDED_FOR_CITIZEN.has(c.state)) throw new AmtsklarError('conflict', 'Die Quittung gibt es, sobald der Bescheid erlassen ist.', [{ path: '$.state', message: `Status „${STATE_LABELS[c.state]}“` }]);
      return receipt(req, c.id);
    },
  );

  app.get(
    '/api/cases/:id/receipt',
    { config: { access: ['caseworker', 'team_lead', 'auditor'] }, schema: { tags, summary: 'Quittung der Entscheidung eines Falls', params: ID_PARAMS, querystring: RECEIPT_QUERY } },
    async (req) => {
      const a = actorOf(req);
      const { id } = req.params as { id: string };
      if (a.role === 'auditor') {
        // Auditors see every case of their municipality; the receipt holds no personal data.
        const [row] = await ctx.db.query<{ id: string }>('SELECT id FROM cases WHERE id = $1 AND municipality_id = $2', [id, a.municipalityId]);
        if (!row) throw new AmtsklarError('not_found', 'Der Fall wurde nicht gefunden.');
        return receipt(req, row.id);
      }
      const c = await ctx.cases.get(a, id);
      return receipt(req, c.id);
    },
  );

  app.get('/api/ledger/witnesses', { config: { access: ['auditor', 'dpo'] }, schema: { tags, summary: 'Stand der Zeugen: letzter Bericht je Zeuge' } }, async () => {
    const latest = await ledger.latestCheckpoint();
    const status = await ledger.witnessStatus();
    return {
      origin: ledger.origin,
      checkpointSize: latest?.size ?? 0,
      witnesses: status.map((w) => ({ witness: w.witness, status: w.status, size: w.size, message: w.message, receivedAt: w.receivedAt, alarm: w.status !== 'ok' })),
    };
  });

  app.post(
    '/api/ledger/witness-reports',
    { config: { answers: [201], access: 'public' }, schema: { tags, summary: 'Signierter Zeugenbericht (amtsklar-witness-report/v1)', body: { type: 'string', maxLength: 20_000 } } },
    async (req, reply) => {
      const r = await ledger.recordWitnessReport(String(req.body), witnessKeys());
      return reply.code(201).send({ witness: r.witness, status: r.status, size: r.size });
    },
  );
  app.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: 20_000 }, (_req, body, done) => done(null, body));
}

async function proofOrError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Error && e.name === 'LedgerProofError') throw new AmtsklarError('invalid_input', e.message, [{ path: 'Abfrageparameter', message: e.message }]);
    throw e;
  }
}
