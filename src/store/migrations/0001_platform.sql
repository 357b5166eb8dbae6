-- Platform schema: tenants, staff, cases and their workflow history.
-- Decision data (pseudonymous: pack, outcome, values, trace) lives in `cases`;
-- personal data (applicant, application, documents, objection texts) lives in tables of
-- its own (`case_personal`, `documents`, `objections`), so per-case encryption and
-- erasure touch only those.

CREATE TABLE municipalities (
  id text PRIMARY KEY,
  name text NOT NULL,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE teams (
  id text NOT NULL,
  municipality_id text NOT NULL REFERENCES municipalities(id),
  name text NOT NULL,
  pack_ids text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (municipality_id, id)
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities(id),
  username text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('caseworker', 'team_lead', 'admin', 'dpo', 'auditor')),
  team_id text,
  password_hash text,
  oidc_issuer text,
  oidc_subject text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, username)
);
CREATE UNIQUE INDEX users_oidc ON users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;

-- A citizen is known only by the cases they applied for; no eID, no account.
CREATE TABLE citizens (
  id uuid PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities(id),
  user_id uuid REFERENCES users(id),
  citizen_id uuid REFERENCES citizens(id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CHECK ((user_id IS NULL) <> (citizen_id IS NULL))
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE login_links (
  token_hash text PRIMARY KEY,
  municipality_id text NOT NULL,
  citizen_id uuid NOT NULL REFERENCES citizens(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE cases (
  id uuid PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities(id),
  aktenzeichen text NOT NULL,
  pack_id text NOT NULL,
  pack_release text NOT NULL,
  state text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  team_id text,
  assigned_to uuid REFERENCES users(id),
  citizen_id uuid REFERENCES citizens(id) ON DELETE SET NULL,
  access_code_hash text,
  -- the last engine result and the human inputs it was computed with
  decision jsonb,
  outcome text,
  result_hash text,
  discretion jsonb NOT NULL DEFAULT '{}'::jsonb,
  overrides jsonb NOT NULL DEFAULT '{}'::jsonb,
  approvals jsonb NOT NULL DEFAULT '[]'::jsonb,
  documents_due date,
  reminded_at timestamptz,
  issued_at timestamptz,
  issued_by uuid REFERENCES users(id),
  objection_due date,
  closed_at timestamptz,
  anonymised_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (municipality_id, aktenzeichen)
);
CREATE INDEX cases_queue ON cases (municipality_id, state, team_id);
CREATE INDEX cases_citizen ON cases (citizen_id);
CREATE INDEX cases_due ON cases (state, documents_due);

-- Personal data of a case: who applied and what they declared. Kept apart from the
-- decision so it can be encrypted per case and erased without touching the decision record.
CREATE TABLE case_personal (
  case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  municipality_id text NOT NULL,
  applicant jsonb NOT NULL,
  application jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The history: every transition with who, when, why. Written from the case event port.
CREATE TABLE case_events (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  municipality_id text NOT NULL,
  type text NOT NULL,
  from_state text,
  to_state text,
  actor_kind text NOT NULL,
  actor_id text,
  actor_name text,
  reason text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE documents (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  municipality_id text NOT NULL,
  checklist_id text,
  filename text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  content bytea NOT NULL,
  uploaded_by_kind text NOT NULL,
  uploaded_by text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_case ON documents (case_id);

CREATE TABLE drafts (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  municipality_id text NOT NULL,
  kind text NOT NULL,
  text text NOT NULL,
  text_hash text NOT NULL,
  result_hash text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX drafts_case ON drafts (case_id, created_at);

CREATE TABLE objections (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  municipality_id text NOT NULL,
  reason text NOT NULL,
  filed_at timestamptz NOT NULL DEFAULT now(),
  result text CHECK (result IN ('upheld', 'changed')),
  assessed_by uuid REFERENCES users(id),
  assessment text,
  decided_at timestamptz
);
CREATE INDEX objections_case ON objections (case_id);

-- Recalculation after a law change: one run per new release, one item per running case.
CREATE TABLE recalc_runs (
  id uuid PRIMARY KEY,
  municipality_id text NOT NULL,
  pack_id text NOT NULL,
  to_release text NOT NULL,
  started_by uuid REFERENCES users(id),
  started_at timestamptz NOT NULL DEFAULT now(),
  total integer NOT NULL DEFAULT 0,
  finished_at timestamptz
);

CREATE TABLE recalc_items (
  run_id uuid NOT NULL REFERENCES recalc_runs(id) ON DELETE CASCADE,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  batch integer NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'unchanged', 'changed', 'failed')),
  handled_count integer NOT NULL DEFAULT 0,
  handled_by text,
  handled_at timestamptz,
  error text,
  PRIMARY KEY (run_id, case_id)
);
CREATE INDEX recalc_items_batch ON recalc_items (run_id, batch);

CREATE TABLE recalc_proposals (
  id uuid PRIMARY KEY,
  run_id uuid NOT NULL REFERENCES recalc_runs(id) ON DELETE CASCADE,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  municipality_id text NOT NULL,
  from_release text NOT NULL,
  to_release text NOT NULL,
  old_decision jsonb NOT NULL,
  new_decision jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected', 'superseded')),
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz,
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (run_id, case_id)
);
CREATE INDEX recalc_proposals_case ON recalc_proposals (case_id);

-- Every read of personal data: who, when, which case, why.
CREATE TABLE data_access_log (
  id bigserial PRIMARY KEY,
  municipality_id text NOT NULL,
  case_id uuid,
  actor_kind text NOT NULL,
  actor_id text,
  purpose text NOT NULL,
  what text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX data_access_log_case ON data_access_log (municipality_id, case_id);

-- Idempotent submissions: the key and the answer are committed with the case itself.
CREATE TABLE idempotency_keys (
  municipality_id text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, key)
);

CREATE SEQUENCE aktenzeichen_seq;

-- Secrets the server processes share (cookie signing); created on first start, never in the repo.
CREATE TABLE server_secrets (
  name text PRIMARY KEY,
  value text NOT NULL
);
