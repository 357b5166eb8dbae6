/**
 * Group commit for submissions. Citizens' applications arrive independently; under load many
 * of them wait for the database at the same moment. Storing them one statement each cost
 * PostgreSQL a parse, plan, executor start and a commit with its WAL flush per application —
 * most of its work per submission (measured: a batch of ten in one statement took a third of the
 * database CPU per row). So applications that arrive while a statement is running go together in
 * the next one: a single statement, atomic for the whole batch, answered row by row.
 *
 * Nothing changes for an application on its own (low load): it is stored by the one-application
 * statement as before, immediately. Nothing waits for a timer: a batch forms only from what
 * queued up while the database was busy anyway, so batching never adds latency of its own.
 *
 * Semantics per application are those of the one-application statement (case-repository.ts):
 * stored only if its idempotency key has no answer and the settings it was checked under are
 * current; otherwise its row answers the earlier answer or "settings changed", and the others
 * in the batch are stored regardless. If the batch statement fails as a whole — typically two
 * requests with the same idempotency key in one batch, whose second row the key's primary key
 * refuses — nothing of it is stored, and each application is stored again on its own, so each
 * gets exactly the answer (or the error) it would have got alone.
 */
import type { StoredSubmission } from '../cases/index.ts';
import { prepared, type Sql } from './db.ts';

/** One application's row, as the batch statement reads it (json_to_recordset). */
export interface SubmissionRow {
  i: number;
  id: string;
  municipality_id: string;
  prefix: string;
  pack_id: string;
  pack_release: string;
  state: string;
  version: number;
  team_id: string | null;
  assigned_to: string | null;
  citizen_id: string | null;
  access_code_hash: string;
  /** The decision's JSON text, stored as written (the column is `json`). */
  decision: unknown;
  outcome: string | null;
  result_hash: string | null;
  discretion: unknown;
  overrides: unknown;
  approvals: unknown;
  created_at: string;
  applicant: string;
  application: string;
  wrapped: string;
  master_key_id: string;
  idem_key: string | null;
  request_hash: string | null;
  status: number | null;
  response: unknown;
  token_hash: string;
  expires_at: string;
  events: unknown;
  settings: unknown;
}

/**
 * The batch in one statement. Each CTE does what its namesake in the one-application statement
 * does, for every row: `az` draws a number only for rows with no earlier answer under their key
 * and current settings (a volatile CTE is evaluated once; its WHERE drops the others before the
 * number is drawn). Foreign keys are checked at the statement's end. One answer row per input row.
 */
const STORE_BATCH = prepared(`
WITH input AS (SELECT * FROM json_to_recordset($1::json) AS x(
    i integer, id uuid, municipality_id text, prefix text, pack_id text, pack_release text, state text, version integer, team_id text,
    assigned_to uuid, citizen_id uuid, access_code_hash text, decision json, outcome text, result_hash text, discretion jsonb,
    overrides jsonb, approvals jsonb, created_at timestamptz, applicant text, application text, wrapped text, master_key_id text,
    idem_key text, request_hash text, status integer, response jsonb, token_hash text, expires_at timestamptz, events jsonb, settings jsonb)),
prior AS (SELECT input.i, k.status, k.response, k.request_hash FROM input
  JOIN idempotency_keys k ON k.municipality_id = input.municipality_id AND k.key = input.idem_key),
current AS (SELECT input.i, m.settings = input.settings AS same FROM input JOIN municipalities m ON m.id = input.municipality_id),
az AS (SELECT input.*, input.prefix || lpad(nextval('aktenzeichen_seq')::text, 6, '0') AS v FROM input
  WHERE NOT EXISTS (SELECT 1 FROM prior WHERE prior.i = input.i) AND EXISTS (SELECT 1 FROM current WHERE current.i = input.i AND current.same)),
citizen AS (INSERT INTO citizens (id, municipality_id) SELECT citizen_id, municipality_id FROM az WHERE citizen_id IS NOT NULL ON CONFLICT (id) DO NOTHING),
c AS (INSERT INTO cases (id, municipality_id, aktenzeichen, pack_id, pack_release, state, version, team_id, assigned_to, citizen_id, access_code_hash,
    decision, outcome, result_hash, discretion, overrides, approvals, created_at, updated_at)
  SELECT id, municipality_id, v, pack_id, pack_release, state, version, team_id, assigned_to, citizen_id, access_code_hash,
    decision, outcome, result_hash, discretion, overrides, approvals, created_at, created_at FROM az),
k AS (INSERT INTO case_keys (case_id, municipality_id, wrapped, master_key_id) SELECT id, municipality_id, wrapped, master_key_id FROM az),
p AS (INSERT INTO case_personal (case_id, municipality_id, applicant, application) SELECT id, municipality_id, applicant, application FROM az),
l AS (INSERT INTO login_links (token_hash, municipality_id, citizen_id, expires_at) SELECT token_hash, municipality_id, citizen_id, expires_at FROM az WHERE citizen_id IS NOT NULL),
e AS (INSERT INTO case_events (case_id, municipality_id, type, from_state, to_state, actor_kind, actor_id, actor_name, reason, data, at)
  SELECT az.id, az.municipality_id, x.e->>'type', x.e->>'from_state', x.e->>'to_state', x.e->>'actor_kind', x.e->>'actor_id', x.e->>'actor_name', x.e->>'reason', x.e->'data', (x.e->>'at')::timestamptz
  FROM az, jsonb_array_elements(az.events) WITH ORDINALITY AS x(e, ord)
  ORDER BY az.i, x.ord),
claim AS (INSERT INTO idempotency_keys (municipality_id, key, request_hash, status, response)
  SELECT municipality_id, idem_key, request_hash, status, jsonb_set(response, '{aktenzeichen}', to_jsonb(v)) FROM az WHERE idem_key IS NOT NULL)
SELECT input.i, az.v AS aktenzeichen, current.same, prior.status, prior.response, prior.request_hash
FROM input LEFT JOIN az ON az.i = input.i LEFT JOIN current ON current.i = input.i LEFT JOIN prior ON prior.i = input.i`);

/** What the batch statement answered for one row, as the one-application statement answers. */
export interface AnswerRow {
  aktenzeichen: string | null;
  same: boolean | null;
  status: number | null;
  response: unknown;
  request_hash: string | null;
}

/** The outcome of one application from its answer row (without a job: jobs go alone). */
export function storedFrom(r: AnswerRow): StoredSubmission {
  if (r.request_hash !== null) return { prior: { status: Number(r.status), response: r.response, requestHash: r.request_hash } };
  if (r.aktenzeichen === null) return { settingsChanged: true };
  return { aktenzeichen: r.aktenzeichen };
}

/** Stores several applications in one statement; answers in the order given. Throws if the statement fails. */
export async function storeBatch(sql: Sql, rows: readonly SubmissionRow[]): Promise<StoredSubmission[]> {
  const answers = await sql.query<AnswerRow & { i: number }>(STORE_BATCH, [JSON.stringify(rows)]);
  const out: StoredSubmission[] = new Array(rows.length);
  for (const a of answers) out[a.i] = storedFrom(a);
  for (let i = 0; i < rows.length; i++) if (out[i] === undefined) throw new Error(`Sammelspeicherung: keine Antwort für Antrag ${i}`);
  return out;
}

/** How many batches may run at once, and how many applications one may hold. */
export const MAX_BATCHES_IN_FLIGHT = 4;
export const MAX_BATCH = 64;

interface Waiting {
  row: SubmissionRow;
  resolve: (s: StoredSubmission) => void;
  reject: (e: unknown) => void;
}

/**
 * The queue in front of the database. `alone` stores one application by the one-application
 * statement (with its own retry for a key taken meanwhile); `together` stores a batch.
 */
export function submissionBatcher(store: {
  alone: (row: SubmissionRow) => Promise<StoredSubmission>;
  together: (rows: SubmissionRow[]) => Promise<StoredSubmission[]>;
}) {
  const waiting: Waiting[] = [];
  let inFlight = 0;

  function pump(): void {
    while (inFlight < MAX_BATCHES_IN_FLIGHT && waiting.length > 0) {
      const batch = waiting.splice(0, MAX_BATCH);
      inFlight++;
      void run(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  async function run(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) {
      const w = batch[0]!;
      await store.alone(w.row).then(w.resolve, w.reject);
      return;
    }
    let answers: StoredSubmission[] | null = null;
    try {
      batch.forEach((w, i) => (w.row.i = i));
      answers = await store.together(batch.map((w) => w.row));
    } catch {
      // nothing of the batch was stored: each on its own, with its own answer or error
    }
    if (answers) {
      batch.forEach((w, i) => w.resolve(answers[i]!));
      return;
    }
    await Promise.all(batch.map((w) => store.alone(w.row).then(w.resolve, w.reject)));
  }

  return {
    store(row: SubmissionRow): Promise<StoredSubmission> {
      return new Promise<StoredSubmission>((resolve, reject) => {
        waiting.push({ row, resolve, reject });
        pump();
      });
    },
  };
}
