-- The AI register and its governance records (src/governance). Each row holds the core's
-- JSON as it was decided; the core recomputes statuses and gates from these facts, so no
-- derived status is stored that could drift from its inputs.

-- One register entry per system and municipality: current content and lifecycle state.
CREATE TABLE governance_entries (
  municipality_id text NOT NULL REFERENCES municipalities(id),
  id text NOT NULL,
  uuid uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('product', 'external')),
  status text NOT NULL CHECK (status IN ('draft', 'consultation', 'approved', 'active', 'retired')),
  version integer NOT NULL CHECK (version >= 1),
  -- the whole entry (content, history, lifecycle dates) as the core returns it
  entry jsonb NOT NULL,
  material_hash text NOT NULL,
  -- staff users who own the entry (may edit it and its records besides the administrators)
  owners text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, id),
  UNIQUE (uuid)
);

-- Every classification ever recorded; the latest per entry is the current one.
CREATE TABLE governance_classifications (
  seq bigserial PRIMARY KEY,
  municipality_id text NOT NULL,
  entry_id text NOT NULL,
  hash text NOT NULL,
  data jsonb NOT NULL,
  recorded_by text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (municipality_id, entry_id) REFERENCES governance_entries (municipality_id, id)
);
CREATE INDEX governance_classifications_entry ON governance_classifications (municipality_id, entry_id, seq);

-- Statements about obligations without an automatic check (append-only; the latest counts).
CREATE TABLE governance_obligation_records (
  seq bigserial PRIMARY KEY,
  municipality_id text NOT NULL,
  entry_id text NOT NULL,
  obligation_id text NOT NULL,
  record jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (municipality_id, entry_id) REFERENCES governance_entries (municipality_id, id)
);
CREATE INDEX governance_obligation_records_entry ON governance_obligation_records (municipality_id, entry_id, seq);

-- The deployer bundle (FRIA, DPIA, instructions, monitoring, notice, EU database, incidents).
CREATE TABLE governance_bundles (
  municipality_id text NOT NULL,
  entry_id text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  bundle jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, entry_id),
  FOREIGN KEY (municipality_id, entry_id) REFERENCES governance_entries (municipality_id, id)
);

-- The records the activation gate reads from participation: the staff council's votes and
-- the public consultations (written through the store functions recordStaffCouncilVote and
-- recordConsultation, by the participation capability or the governance API).
CREATE TABLE governance_staff_council (
  seq bigserial PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities(id),
  system_id text NOT NULL,
  record jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX governance_staff_council_system ON governance_staff_council (municipality_id, system_id, seq);

CREATE TABLE governance_consultations (
  municipality_id text NOT NULL REFERENCES municipalities(id),
  system_id text NOT NULL,
  opened_at date NOT NULL,
  record jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, system_id, opened_at)
);

-- Governance settings per municipality (legal version, anticipation, AI log retention ≥ 6 months).
CREATE TABLE governance_settings (
  municipality_id text PRIMARY KEY REFERENCES municipalities(id),
  settings jsonb NOT NULL,
  CHECK ((settings->>'aiLogRetentionMonths')::int >= 6),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Switches of the gated features; append-only, the latest per feature counts.
CREATE TABLE governance_feature_switches (
  seq bigserial PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities(id),
  feature text NOT NULL CHECK (feature IN ('drafting', 'chatbot', 'automated-decisions')),
  pack_id text NOT NULL DEFAULT '',
  enabled boolean NOT NULL,
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX governance_feature_switches_feature ON governance_feature_switches (municipality_id, feature, pack_id, seq);

-- AI literacy: every quiz attempt per person with unit version and content hash.
CREATE TABLE governance_literacy_completions (
  seq bigserial PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities(id),
  person_id text NOT NULL,
  unit_id text NOT NULL,
  record jsonb NOT NULL,
  completed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX governance_literacy_person ON governance_literacy_completions (municipality_id, person_id, seq);

-- The audit trail of every governance change with its payload; the ledger holds its hash.
CREATE TABLE governance_events (
  seq bigserial PRIMARY KEY,
  municipality_id text NOT NULL,
  type text NOT NULL,
  entry_id text,
  actor_kind text NOT NULL,
  actor_id text NOT NULL,
  summary text NOT NULL,
  payload jsonb NOT NULL,
  payload_hash text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX governance_events_entry ON governance_events (municipality_id, entry_id, seq);
