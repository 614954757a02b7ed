import type { Clock } from '../shared/clock.js';
import type { SessionRepository } from './ports/session-repository.js';

// Rows per statement: each batch is a short transaction, so a large backlog never holds many locks.
const BATCH = 1_000;

/**
 * Deletes every session (with its refresh tokens) that expired or was revoked more than one refresh
 * lifetime ago, whoever it belongs to, so the tables stay bounded also for users who never come back.
 * Runs periodically on every replica; concurrent sweeps take disjoint rows.
 */
export class SweepEndedSessions {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
    private readonly refreshTtlSeconds: number,
  ) {}

  /** How many sessions were deleted. */
  async execute(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.refreshTtlSeconds * 1000);
    let total = 0;
    for (;;) {
      const deleted = await this.sessions.deleteEnded(before, BATCH);
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}
