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

  nextId(): string {
    return randomUUID();
  }

  async open(s: NewSession, token: Omit<RefreshTokenRecord, 'usedAt'>): Promise<Session> {
    await this.dropOrphans();
    // PostgreSQL refuses a session for a missing user (foreign key); so does this adapter.
    if (!(await this.users.findById(s.userId))) throw new Error(`no user ${s.userId}`);
    const props: SessionProps = { ...s, revokedAt: null };
    this.sessions.set(props.id, props);
    this.tokens.set(token.fingerprint, { ...token, usedAt: null });
    return Session.restore(props);
  }

  async findActiveUser(sessionId: string, userId: number, now: Date): Promise<User | null> {
    const s = await this.find(sessionId);
    if (!s || s.userId !== userId || !Session.restore(s).isActive(now)) return null;
    const user = await this.users.findById(userId);
    return user?.isActive ? user : null;
  }

  async findById(sessionId: string): Promise<Session | null> {
    const s = await this.find(sessionId);
    return s ? Session.restore(s) : null;
  }

  async listActive(userId: number, now: Date): Promise<Session[]> {
    await this.dropOrphans();
    return [...this.sessions.values()]
      .map((s) => Session.restore(s))
      .filter((s) => s.userId === userId && s.isActive(now))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.id.localeCompare(b.id));
  }

  async touch(sessionId: string, at: Date, expiresAt: Date): Promise<void> {
    const s = await this.find(sessionId);
    if (s) this.sessions.set(sessionId, { ...s, lastUsedAt: at, expiresAt });
  }

  async revoke(sessionId: string, userId: number, at: Date, _reason: RevokeReason): Promise<boolean> {
    const s = await this.find(sessionId);
    if (!s || s.userId !== userId || s.revokedAt !== null) return false;
    this.sessions.set(sessionId, { ...s, revokedAt: at });
    return true;
  }

  async revokeAllForUser(userId: number, at: Date, _reason: RevokeReason, exceptSessionId?: string): Promise<number> {
    await this.dropOrphans();
    let count = 0;
    for (const s of this.sessions.values()) {
      if (s.userId !== userId || s.revokedAt !== null || s.id === exceptSessionId) continue;
      this.sessions.set(s.id, { ...s, revokedAt: at });
      count++;
    }
    return count;
  }

  addRefreshToken(r: Omit<RefreshTokenRecord, 'usedAt'>): Promise<void> {
    this.tokens.set(r.fingerprint, { ...r, usedAt: null });
    return Promise.resolve();
  }

  async lockRefreshToken(fingerprint: string): Promise<RefreshTokenRecord | null> {
    await this.dropOrphans();
    const r = this.tokens.get(fingerprint);
    return r ? { ...r } : null;
  }

  async markRefreshTokenUsed(fingerprint: string, at: Date): Promise<void> {
    await this.dropOrphans();
    const r = this.tokens.get(fingerprint);
    if (r) this.tokens.set(fingerprint, { ...r, usedAt: at });
  }

  async deleteExpiredRefreshTokens(sessionId: string, now: Date): Promise<number> {
    await this.dropOrphans();
    let count = 0;
    for (const [fp, r] of this.tokens) {
      if (r.sessionId !== sessionId || r.expiresAt > now) continue;
      this.tokens.delete(fp);
      count++;
    }
    return count;
  }

  async deleteEnded(before: Date, limit: number): Promise<number> {
    await this.dropOrphans();
    const ended = [...this.sessions.values()]
      .filter((s) => s.expiresAt < before || (s.revokedAt !== null && s.revokedAt < before))
      .slice(0, limit);
    for (const s of ended) this.forget(s.id);
    return ended.length;
  }

  private async find(sessionId: string): Promise<SessionProps | undefined> {
    await this.dropOrphans();
    return this.sessions.get(sessionId);
  }

  /** A deleted user's sessions and their tokens go with him, as ON DELETE CASCADE does in PostgreSQL. */
  private async dropOrphans(): Promise<void> {
    for (const s of [...this.sessions.values()]) {
      if (!(await this.users.findById(s.userId))) this.forget(s.id);
    }
  }

  private forget(sessionId: string): void {
    this.sessions.delete(sessionId);
    for (const [fp, r] of this.tokens) if (r.sessionId === sessionId) this.tokens.delete(fp);
  }
}
