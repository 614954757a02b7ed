-- Up Migration
-- One-time tokens mailed to a user: password reset and email verification links. Only a SHA-256
-- hash of each token is kept, so a copy of this table resets no password and verifies no address.
CREATE TABLE user_tokens (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose text NOT NULL CONSTRAINT user_tokens_purpose_check CHECK (purpose IN ('password_reset', 'email_verification')),
  -- The address the token was mailed to: the token works only while the account still has it.
  email text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Serves "the user's tokens of a purpose" (the other reset links die when one is used) and the purge
-- of his expired tokens, used or not, whenever a new one is issued.
CREATE INDEX user_tokens_user_idx ON user_tokens (user_id, purpose);

-- Down Migration
DROP TABLE user_tokens;
