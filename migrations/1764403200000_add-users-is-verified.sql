-- Up Migration
-- Whether the user has proven he receives mail at his address (a verification link, or a password
-- reset, which reaches the same inbox). Existing accounts start unproven: nothing has shown it yet.
ALTER TABLE users ADD COLUMN is_verified boolean NOT NULL DEFAULT false;

-- Down Migration
ALTER TABLE users DROP COLUMN is_verified;
