-- Up Migration
-- Serve the periodic sweep of ended sessions (src/application/sessions/sweep-ended-sessions.ts), which
-- looks across all users: expired sessions by expiry, revoked ones by revocation time. The second is
-- partial, since live sessions (the most) have no revocation time.
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);
CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;

-- Down Migration
DROP INDEX sessions_revoked_at_idx;
DROP INDEX sessions_expires_at_idx;
