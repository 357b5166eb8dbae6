-- Per-case data keys (crypto-shredding, docs/privacy.md): a case's personal data is stored
-- only as AES-256-GCM ciphertext under the case's own key; the key is kept here, wrapped
-- under a master key from configuration. Deleting the row erases the data, including every
-- copy of its ciphertext in backups.
CREATE TABLE case_keys (
  case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  municipality_id text NOT NULL,
  -- `akk1.<masterKeyId>.…` (src/privacy/envelope.ts)
  wrapped text NOT NULL,
  master_key_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  rewrapped_at timestamptz
);
CREATE INDEX case_keys_master ON case_keys (master_key_id);

-- Applicant and application as ciphertext (`ak1.…`). Rows written before this migration
-- hold their JSON as text until the platform seals them at its next start.
ALTER TABLE case_personal ALTER COLUMN applicant TYPE text USING applicant::text;
ALTER TABLE case_personal ALTER COLUMN application TYPE text USING application::text;

-- Documents keep their bytes sealed (the `ak1` envelope's bytes) and their file name as
-- ciphertext; objections their reason and assessment. The columns keep their types.

-- Every erasure: which case, why, how, by whom (pseudonymous ids) and its ledger entry. No
-- foreign key: erasure in the retention mode 'delete' removes the case row itself.
CREATE TABLE case_erasures (
  case_id uuid PRIMARY KEY,
  municipality_id text NOT NULL,
  legal_basis text NOT NULL,
  method text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('anonymise', 'delete')),
  key_fingerprint text,
  ledger_index bigint NOT NULL,
  actor_role text NOT NULL,
  actor_id text NOT NULL,
  erased_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_erasures_municipality ON case_erasures (municipality_id, erased_at);
