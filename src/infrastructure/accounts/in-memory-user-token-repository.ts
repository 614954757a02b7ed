import type {
  NewUserToken,
  UserTokenPurpose,
  UserTokenRepository,
} from '../../application/accounts/ports/user-token-repository.js';
import type { UserRepository } from '../../application/users/ports/user-repository.js';

interface TokenRow extends NewUserToken {
  userId: number;
  usedAt: Date | null;
}

/** For unit tests of use cases; held to the same contract suite as the pg adapter. */
export class InMemoryUserTokenRepository implements UserTokenRepository {
  private readonly rows = new Map<string, TokenRow>();

  constructor(private readonly users: UserRepository) {}

  async issue(t: NewUserToken): Promise<boolean> {
    const user = await this.users.findByEmail(t.email);
    if (!user?.isActive) return false;
    for (const [hash, row] of this.rows) {
      if (row.userId === user.id && row.expiresAt <= t.createdAt) this.rows.delete(hash);
    }
    this.rows.set(t.tokenHash, { ...t, email: user.email, userId: user.id, usedAt: null });
    return true;
  }

  async consume(purpose: UserTokenPurpose, tokenHash: string, now: Date): Promise<number | null> {
    const live = (r: TokenRow | undefined): r is TokenRow =>
      r !== undefined && r.purpose === purpose && r.usedAt === null && r.expiresAt > now;
    const row = this.rows.get(tokenHash);
    if (!live(row)) return null;
    // A deleted user is absent here, as ON DELETE CASCADE removes his tokens in PostgreSQL.
    const user = await this.users.findById(row.userId);
    if (!user?.isActive || !user.email.equals(row.email)) return null;
    // Checked again after the await: a concurrent consume may have spent it meanwhile.
    const current = this.rows.get(tokenHash);
    if (!live(current)) return null;
    this.rows.set(tokenHash, { ...current, usedAt: now });
    return current.userId;
  }

  revokeAll(userId: number, purpose: UserTokenPurpose, at: Date): Promise<void> {
    for (const [hash, row] of this.rows) {
      if (row.userId === userId && row.purpose === purpose && row.usedAt === null) this.rows.set(hash, { ...row, usedAt: at });
    }
    return Promise.resolve();
  }
}
