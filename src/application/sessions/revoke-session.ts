import { SessionNotFoundError } from '../../domain/sessions/errors.js';
import type { Clock } from '../shared/clock.js';
import type { SessionRepository } from './ports/session-repository.js';

/** A user ending one of his own sessions; anyone else's answers exactly like a missing one. */
export class RevokeSession {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: { userId: number; sessionId: string }): Promise<void> {
    const revoked = await this.sessions.revoke(cmd.sessionId, cmd.userId, this.clock.now(), 'revoked_by_user');
    if (!revoked) throw new SessionNotFoundError();
  }
}
