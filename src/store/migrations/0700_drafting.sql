-- Drafts of the drafting capability (src/drafting): the letter model, the fact gate's result,
-- whether and why a model wrote part of it, and its provenance. Every edit is a new revision;
-- an approved revision records reviewer, time, the diff of the human edits and its hash.
-- The recipient's name and address are not stored here: letters keep placeholders and the
-- personal data is filled in from the case's personal data when the PDF is made.
CREATE TABLE drafting_drafts (
  id uuid PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities(id),
  case_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('bescheid', 'nachforderung', 'erlaeuterung', 'antwort')),
  revision integer NOT NULL CHECK (revision >= 1),
  parent_id uuid REFERENCES drafting_drafts(id),
  result_hash text NOT NULL,
  letter jsonb NOT NULL,
  text_hash text NOT NULL,
  gate jsonb NOT NULL,
  gate_passed boolean NOT NULL,
  model_use jsonb NOT NULL,
  provenance jsonb NOT NULL,
  -- an answer to a citizen's e-mail may quote what the citizen wrote
  holds_personal_data boolean NOT NULL DEFAULT false,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  review jsonb,
  approved_at timestamptz
);

CREATE INDEX drafting_drafts_case ON drafting_drafts (case_id, created_at DESC);
