-- Participation (src/participation): public consultations per register entry with moderated
-- comments, the staff council's procedure, feedback routed to the system's owners, objection
-- routing; and the experimentation space (sandbox), which is a tenant of its own: its tables
-- hold synthetic data only and no sandbox query touches a municipality's tables.
-- The gate's facts (consultation record, staff-council vote) are written to the governance
-- tables (0300) in the same transaction, through GovernanceStore.

CREATE TABLE participation_consultations (
  id uuid PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities(id),
  entry_id text NOT NULL,
  entry_version integer NOT NULL,
  occasion text NOT NULL CHECK (occasion IN ('before-activation', 'major-change')),
  status text NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'responded')),
  -- title, plain-language and Leichte-Sprache texts, guiding questions, documents
  content jsonb NOT NULL,
  opens_on date NOT NULL,
  closes_on date NOT NULL CHECK (closes_on >= opens_on),
  opened_on date,
  closed_on date,
  response jsonb,
  version integer NOT NULL CHECK (version >= 1),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'responded' OR response IS NOT NULL)
);
CREATE INDEX participation_consultations_entry ON participation_consultations (municipality_id, entry_id);
-- one running comment phase per register entry
CREATE UNIQUE INDEX participation_consultations_one_open ON participation_consultations (municipality_id, entry_id) WHERE status = 'open';

-- Comments are public; the author of a citizen comment is not recorded at all, a staff
-- author only by user id (never shown).
CREATE TABLE participation_comments (
  id uuid PRIMARY KEY,
  consultation_id uuid NOT NULL REFERENCES participation_consultations(id) ON DELETE CASCADE,
  municipality_id text NOT NULL,
  number integer NOT NULL CHECK (number >= 1),
  author_kind text NOT NULL CHECK (author_kind IN ('citizen', 'staff')),
  author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  author_label text NOT NULL,
  section text,
  body text NOT NULL,
  conduct_version text NOT NULL,
  status text NOT NULL CHECK (status IN ('visible', 'under_review', 'hidden')),
  reports integer NOT NULL DEFAULT 0,
  disposition jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (consultation_id, number)
);

-- One report per reporter and comment; the reporter is a keyed hash (user id, or client
-- address with a daily salt), never the address itself.
CREATE TABLE participation_reports (
  id uuid PRIMARY KEY,
  comment_id uuid NOT NULL REFERENCES participation_comments(id) ON DELETE CASCADE,
  municipality_id text NOT NULL,
  rule text NOT NULL,
  note text,
  reporter text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (comment_id, reporter)
);

-- Every moderation decision with who, when, why and which rule (append-only).
CREATE TABLE participation_moderation (
  seq bigserial PRIMARY KEY,
  comment_id uuid NOT NULL REFERENCES participation_comments(id) ON DELETE CASCADE,
  municipality_id text NOT NULL,
  action text NOT NULL CHECK (action IN ('hide', 'restore', 'auto-review')),
  rule text,
  reason text NOT NULL,
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX participation_moderation_comment ON participation_moderation (comment_id, seq);

CREATE TABLE participation_staff_council (
  id uuid PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities(id),
  entry_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('informed', 'deliberation', 'approved', 'approved-with-conditions', 'rejected', 'conciliation')),
  procedure jsonb NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX participation_staff_council_entry ON participation_staff_council (municipality_id, entry_id, created_at);

CREATE TABLE participation_staff_council_steps (
  seq bigserial PRIMARY KEY,
  procedure_id uuid NOT NULL REFERENCES participation_staff_council(id) ON DELETE CASCADE,
  municipality_id text NOT NULL,
  step text NOT NULL,
  data jsonb NOT NULL,
  actor_id text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);

-- Feedback: only the redacted text is stored (personal data replaced before writing).
CREATE TABLE participation_feedback (
  id uuid PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities(id),
  entry_id text,
  subject text NOT NULL CHECK (subject IN ('decision', 'letter', 'explanation', 'chatbot-answer')),
  subject_ref text,
  case_id uuid REFERENCES cases(id) ON DELETE SET NULL,
  pack_id text,
  channel text NOT NULL CHECK (channel IN ('portal', 'workbench', 'public', 'sandbox')),
  author_kind text NOT NULL CHECK (author_kind IN ('citizen', 'staff', 'anonymous')),
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  text text,
  removed text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done')),
  note text,
  handled_by text,
  handled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX participation_feedback_entry ON participation_feedback (municipality_id, entry_id, created_at);

-- Who reassesses an objection: a person of the case's team not involved in the decision.
CREATE TABLE participation_objections (
  objection_id uuid PRIMARY KEY REFERENCES objections(id) ON DELETE CASCADE,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  municipality_id text NOT NULL,
  assigned_to uuid REFERENCES users(id) ON DELETE SET NULL,
  assigned_by text,
  assigned_at timestamptz
);
CREATE INDEX participation_objections_assignee ON participation_objections (assigned_to);

-- ——— the experimentation space (Experimentierraum) ———

-- The day the current pool was generated; the daily reset replaces everything below.
CREATE TABLE sandbox_meta (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  day date NOT NULL,
  seed text NOT NULL,
  reset_at timestamptz NOT NULL DEFAULT now()
);

-- The day's synthetic cases, from the fairness module's population generator.
CREATE TABLE sandbox_pool (
  no integer PRIMARY KEY,
  pack_id text NOT NULL,
  label text NOT NULL,
  application jsonb NOT NULL,
  planted jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE TABLE sandbox_sessions (
  id uuid PRIMARY KEY,
  day date NOT NULL,
  kiosk boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);

-- What a visitor did with a synthetic case as a caseworker (discretion decisions, edits).
CREATE TABLE sandbox_work (
  session_id uuid NOT NULL REFERENCES sandbox_sessions(id) ON DELETE CASCADE,
  no integer NOT NULL,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, no)
);
