-- Up Migration
-- A session is one login: the family of refresh tokens rotated from it. Access tokens carry its id
-- (sid), and every authenticated request reads it by primary key, so revoking it locks out at once.
CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_reason text,
  user_agent text,
  ip text
);

-- Serves a user's sessions (listing, logout-all, password change, pruning ended ones) and the cascade
-- when a user is deleted, without a scan. Not partial: the cascade and the pruning need revoked rows too.
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Only a SHA-256 fingerprint of each refresh token is kept, never the token. A used token stays
-- until it expires so that presenting it again is recognised as reuse.
CREATE TABLE refresh_tokens (
  fingerprint text PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

-- Down Migration
DROP TABLE refresh_tokens;
DROP TABLE sessions;
