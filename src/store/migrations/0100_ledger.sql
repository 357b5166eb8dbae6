-- The tamper-evident ledger: an RFC 9162 Merkle log (src/ledger) stored as leaves plus
-- every completed perfect subtree hash, so a proof is one indexed read of O(log n) rows.
-- Leaves hold canonical JSON entries with hashes and salted commitments only.

CREATE TABLE ledger_head (
  id smallint PRIMARY KEY CHECK (id = 1),
  size bigint NOT NULL CHECK (size >= 0)
);
INSERT INTO ledger_head (id, size) VALUES (1, 0);

CREATE TABLE ledger_leaves (
  idx bigint PRIMARY KEY CHECK (idx >= 0),
  data bytea NOT NULL,
  hash bytea NOT NULL,
  entry_type text NOT NULL,
  -- The record the entry covers: the case (a pseudonymous UUID) and which part of it
  -- ('decision', 'approval:2', 'draft:<id>', 'letter:<id>', 'objection:<id>', …).
  case_id uuid,
  covers text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_leaves_case ON ledger_leaves (case_id, idx) WHERE case_id IS NOT NULL;

-- Level ≥ 1 subtree hashes; level 0 (the leaf hashes) lives in ledger_leaves.
CREATE TABLE ledger_nodes (
  level smallint NOT NULL CHECK (level > 0),
  idx bigint NOT NULL CHECK (idx >= 0),
  hash bytea NOT NULL,
  PRIMARY KEY (level, idx)
);

-- Signed checkpoints (C2SP tlog-checkpoint notes), with witness cosignatures added later.
CREATE TABLE ledger_checkpoints (
  id bigserial PRIMARY KEY,
  size bigint NOT NULL,
  note text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_checkpoints_size ON ledger_checkpoints (size, id);

-- The salt of a case's commitments. Part of the case data: erased with it, after which
-- the case's entries can no longer be linked to anyone.
CREATE TABLE ledger_case_salts (
  case_id uuid PRIMARY KEY,
  salt bytea NOT NULL
);

-- How far each source (case_events, data_access_log, drafts) has been entered.
CREATE TABLE ledger_cursors (
  source text PRIMARY KEY,
  last_id text NOT NULL
);

-- What witnesses reported about the checkpoints they saw.
CREATE TABLE ledger_witness_reports (
  id bigserial PRIMARY KEY,
  witness text NOT NULL,
  origin text NOT NULL,
  size bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('ok', 'rollback', 'split_view', 'invalid')),
  message text NOT NULL,
  checkpoint text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_witness_reports_witness ON ledger_witness_reports (witness, id);
