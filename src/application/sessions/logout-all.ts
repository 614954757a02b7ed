import type { Clock } from '../shared/clock.js';
import type { SessionRepository } from './ports/session-repository.js';

export class LogoutAll {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
  ) {}

  async execute(userId: number): Promise<void> {
    await this.sessions.revokeAllForUser(userId, this.clock.now(), 'logout_all');
  }
}
