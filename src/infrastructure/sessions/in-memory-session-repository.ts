import { randomUUID } from 'node:crypto';
import type { RevokeReason, SessionRepository } from '../../application/sessions/ports/session-repository.js';
import type { UserRepository } from '../../application/users/ports/user-repository.js';
import { type NewSession, type RefreshTokenRecord, Session, type SessionProps } from '../../domain/sessions/session.js';
import type { User } from '../../domain/users/user.js';

/** For unit tests of use cases; held to the same contract suite as the pg adapter. */
export class InMemorySessionRepository implements SessionRepository {
  private readonly sessions = new Map<string, SessionProps>();
  private readonly tokens = new Map<string, RefreshTokenRecord>();

  constructor(private readonly users: UserRepository) {}

  create(s: NewSession): Promise<Session> {
    const props: SessionProps = { ...s, id: randomUUID(), revokedAt: null };
    this.sessions.set(props.id, props);
    return Promise.resolve(Session.restore(props));
  }

  async findActiveUser(sessionId: string, userId: number, now: Date): Promise<User | null> {
    const s = this.sessions.get(sessionId);
    if (!s || s.userId !== userId || !Session.restore(s).isActive(now)) return null;
    const user = await this.users.findById(userId);
    return user?.isActive ? user : null;
  }

  findById(sessionId: string): Promise<Session | null> {
    const s = this.sessions.get(sessionId);
    return Promise.resolve(s ? Session.restore(s) : null);
  }

  async listActive(userId: number, now: Date): Promise<Session[]> {
    // A deleted user's sessions go with him, as ON DELETE CASCADE does in PostgreSQL.
    if (!(await this.users.findById(userId))) return [];
    return [...this.sessions.values()]
      .map((s) => Session.restore(s))
      .filter((s) => s.userId === userId && s.isActive(now))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.id.localeCompare(b.id));
  }

  touch(sessionId: string, at: Date, expiresAt: Date): Promise<void> {
    const s = this.sessions.get(sessionId);
    if (s) this.sessions.set(sessionId, { ...s, lastUsedAt: at, expiresAt });
    return Promise.resolve();
  }

  revoke(sessionId: string, userId: number, at: Date, _reason: RevokeReason): Promise<boolean> {
    const s = this.sessions.get(sessionId);
    if (!s || s.userId !== userId || s.revokedAt !== null) return Promise.resolve(false);
    this.sessions.set(sessionId, { ...s, revokedAt: at });
    return Promise.resolve(true);
  }

  revokeAllForUser(userId: number, at: Date, _reason: RevokeReason, exceptSessionId?: string): Promise<number> {
    let count = 0;
    for (const s of this.sessions.values()) {
      if (s.userId !== userId || s.revokedAt !== null || s.id === exceptSessionId) continue;
      this.sessions.set(s.id, { ...s, revokedAt: at });
      count++;
    }
    return Promise.resolve(count);
  }

  addRefreshToken(r: Omit<RefreshTokenRecord, 'usedAt'>): Promise<void> {
    this.tokens.set(r.fingerprint, { ...r, usedAt: null });
    return Promise.resolve();
  }

  lockRefreshToken(fingerprint: string): Promise<RefreshTokenRecord | null> {
    const r = this.tokens.get(fingerprint);
    return Promise.resolve(r ? { ...r } : null);
  }

  markRefreshTokenUsed(fingerprint: string, at: Date): Promise<void> {
    const r = this.tokens.get(fingerprint);
    if (r) this.tokens.set(fingerprint, { ...r, usedAt: at });
    return Promise.resolve();
  }
}
