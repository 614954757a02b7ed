-- Up Migration
-- Mail accepted for delivery and not yet delivered or given up, shared by every replica: a crash or a
-- restart loses none of it. The mail itself is in payload, sealed with AES-256-GCM under a key derived
-- from SECRET_KEY: it carries a one-time link, and user_tokens keeps only hashes so that a copy of the
-- database resets no password; this table must not undo that. Purpose and recipient stay readable for
-- operators (and are bound to the ciphertext). A row is deleted once its mail is delivered or given up.
CREATE TABLE mail_outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  purpose text NOT NULL CONSTRAINT mail_outbox_purpose_check CHECK (purpose IN ('password_reset', 'email_verification')),
  recipient text NOT NULL,
  payload bytea NOT NULL,
  -- Deliveries started, counted when each is claimed: a mail that was in delivery when its holder
  -- crashed counts that attempt too.
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  -- The lease: until then the mail belongs to the replica that claimed it (and queued it, or waits to
  -- retry it), and no other replica takes it. NULL: handed back, anyone may take it once due.
  locked_until timestamptz,
  created_at timestamptz NOT NULL,
  -- The last failure's code and message (never the mail): why a mail is still waiting.
  last_error jsonb
);

-- Serves the claim: due rows, earliest first, read in index order up to the LIMIT with no sort.
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at, id);

-- Down Migration
DROP TABLE mail_outbox;
