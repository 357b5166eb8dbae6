-- The citizen assistant (src/assistant): revisions of service descriptions under the editorial
-- workflow, and feedback that citizens chose to give. Conversations themselves are not stored.

-- Every revision of every service description, with its workflow state and history (who, when).
-- The repository's content/services files are the starting point; a published revision here
-- replaces the file's text for that service.
CREATE TABLE assistant_revisions (
  municipality_id text NOT NULL REFERENCES municipalities(id),
  service_id text NOT NULL CHECK (service_id ~ '^[a-z][a-z0-9-]*$'),
  revision integer NOT NULL CHECK (revision >= 1),
  state text NOT NULL CHECK (state IN ('entwurf', 'in_pruefung', 'veroeffentlicht', 'ersetzt', 'zurueckgezogen')),
  text text NOT NULL,
  text_hash text NOT NULL,
  author text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  history jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (municipality_id, service_id, revision)
);
-- at most one published and one open (draft or in review) revision per service
CREATE UNIQUE INDEX assistant_revisions_published ON assistant_revisions (municipality_id, service_id) WHERE state = 'veroeffentlicht';
CREATE UNIQUE INDEX assistant_revisions_open ON assistant_revisions (municipality_id, service_id) WHERE state IN ('entwurf', 'in_pruefung');

-- Feedback on one answer, only with the citizen's explicit consent; personal data is replaced by
-- placeholders before it is stored, and nothing links it to a person or a session.
CREATE TABLE assistant_feedback (
  id uuid PRIMARY KEY,
  municipality_id text NOT NULL REFERENCES municipalities(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  helpful boolean NOT NULL,
  question text NOT NULL,
  answer text NOT NULL,
  citations jsonb NOT NULL,
  comment text,
  language text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('generated', 'extractive', 'handover')),
  content_version text NOT NULL
);
CREATE INDEX assistant_feedback_recent ON assistant_feedback (municipality_id, created_at DESC);
