-- Fairness monitoring in the running product (docs/fairness.md, phase 2): decision records
-- written when a decision is issued and when an objection is decided, the Ed25519 key that
-- signs the reports, the ledger leaf of each report, and the alerts raised in the AI
-- register. All in the schema `fairness`, which only the fairness store reads.

-- One pseudonymous record per issued case, keyed by the survey pseudonym (HMAC of the case
-- id under the key in fairness.pseudonym_keys). No case id, no Aktenzeichen, no result
-- hash, no personal data: the record cannot be joined to the case tables without that key.
CREATE TABLE fairness.decision_records (
  municipality_id text NOT NULL REFERENCES municipalities(id),
  pseudonym text NOT NULL CHECK (pseudonym ~ '^[0-9a-f]{32}$'),
  system_id text NOT NULL CHECK (system_id ~ '^[a-z][a-z0-9-]{0,62}$'),
  -- month of the first issue, in Germany
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  -- the first decision as issued; null only when it was changed before it could be read
  claim boolean,
  amount_cents bigint CHECK (amount_cents >= 0),
  routed_to_human boolean NOT NULL,
  nachforderung boolean NOT NULL,
  processing_days integer NOT NULL CHECK (processing_days >= 0),
  objection_filed boolean NOT NULL DEFAULT false,
  changed_on_objection boolean NOT NULL DEFAULT false,
  -- the claim as settled by an objection that changed the decision
  claim_after_objection boolean,
  retain_until date NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, pseudonym),
  CHECK (NOT changed_on_objection OR objection_filed),
  CHECK (claim IS NOT NULL OR amount_cents IS NULL)
);
CREATE INDEX fairness_records_report ON fairness.decision_records (municipality_id, system_id, period);
CREATE INDEX fairness_records_retention ON fairness.decision_records (retain_until);

-- The key that signs a municipality's reports; the public half is published for verification.
CREATE TABLE fairness.signing_keys (
  municipality_id text PRIMARY KEY REFERENCES municipalities(id),
  key_id text NOT NULL,
  private_key_pem text NOT NULL,
  public_key_pem text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Where the ledger recorded each report (leaf index of its fairness_report entry).
ALTER TABLE fairness.reports ADD COLUMN ledger_index bigint;

-- Alerts: a report crossed a threshold; recorded as an incident on each register entry
-- linked to the system (null entry: no entry links the system, the alert stays here).
CREATE TABLE fairness.alerts (
  municipality_id text NOT NULL REFERENCES municipalities(id),
  report_id text NOT NULL,
  system_id text NOT NULL,
  register_entry_id text NOT NULL DEFAULT '',
  incident_id text,
  summary jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, report_id, register_entry_id),
  FOREIGN KEY (municipality_id, report_id) REFERENCES fairness.reports (municipality_id, report_id)
);

-- How far the reconciliation has read case_events (it re-reads an overlap, because ids are
-- drawn before their transactions commit; recording a case twice changes nothing).
CREATE TABLE fairness.event_watermark (
  id smallint PRIMARY KEY CHECK (id = 1),
  last_event_id bigint NOT NULL
);
INSERT INTO fairness.event_watermark (id, last_event_id) VALUES (1, 0);

-- The public status of each report (src/governance/transparency.ts: unauffaellig,
-- auffaellig, in-pruefung), so the transparency page does not read whole reports.
ALTER TABLE fairness.reports ADD COLUMN status text CHECK (status IN ('unauffaellig', 'auffaellig', 'in-pruefung'));
ALTER TABLE fairness.reports ADD COLUMN generated_at timestamptz;
