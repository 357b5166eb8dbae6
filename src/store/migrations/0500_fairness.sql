-- Fairness monitoring (src/fairness, docs/fairness.md): the voluntary equality survey and the
-- signed reports. Kept in a schema of its own: no other module's queries name it, the
-- caseworker views and the rule engine never read it, and only the fairness store joins it
-- with decision records, in aggregate (AI Act Art. 4a; GDPR Art. 9 Abs. 2 Buchst. a).

CREATE SCHEMA IF NOT EXISTS fairness;

-- The key that turns a case id into the survey pseudonym (HMAC-SHA-256). It lives only here:
-- whoever sees the case tables cannot link a survey answer to a case.
CREATE TABLE fairness.pseudonym_keys (
  municipality_id text PRIMARY KEY REFERENCES municipalities(id),
  key_hex text NOT NULL CHECK (key_hex ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One response per pseudonym; answers only with consent. Withdrawal deletes the row.
CREATE TABLE fairness.survey_responses (
  municipality_id text NOT NULL REFERENCES municipalities(id),
  pseudonym text NOT NULL CHECK (pseudonym ~ '^[0-9a-f]{32}$'),
  consent boolean NOT NULL,
  consented_at date NOT NULL,
  answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- its own retention, independent of the case files
  retain_until date NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, pseudonym),
  CHECK (consent OR answers = '{}'::jsonb)
);
CREATE INDEX fairness_survey_retention ON fairness.survey_responses (retain_until);

-- Published reports: signed JSON, one per system and fixed period.
CREATE TABLE fairness.reports (
  municipality_id text NOT NULL REFERENCES municipalities(id),
  report_id text NOT NULL,
  system_id text NOT NULL,
  period_from text NOT NULL CHECK (period_from ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  period_to text NOT NULL CHECK (period_to ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  report_hash text NOT NULL,
  signed jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, report_id),
  UNIQUE (municipality_id, system_id, period_from, period_to)
);
