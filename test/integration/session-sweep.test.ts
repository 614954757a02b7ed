import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS } from '../../src/infrastructure/container/tokens.js';
import { type TestApp, createAccount, startTestApp } from '../support/app.js';
import { WaitTimedOut, until } from '../support/wait.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ REFRESH_TOKEN_EXPIRE_DAYS: '1' });
});
afterAll(() => t.close());

describe('the periodic sweep of ended sessions, as the container wires it', () => {
  it('when it starts, then sessions that ended over a refresh lifetime ago go, of users who never log in again, and live ones stay', async () => {
    const gone = await createAccount(t);
    const stays = await createAccount(t);
    // Ended two days ago, with a refresh lifetime of one day: due for deletion.
    await t.pool.query(
      "UPDATE sessions SET expires_at = now() - interval '2 days' WHERE user_id = (SELECT id FROM users WHERE email = $1)",
      [gone.email],
    );
    const count = async (email: string) =>
      (await t.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1', [email])).rows[0]?.n;
    const job = t.container.get(TOKENS.SessionSweeper);
    job.start();
    try {
      // Running out of time is not the verdict: stop() waits for a sweep under way, so the
      // assertions below decide.
      await until('the ended sessions to go', async () => (await count(gone.email)) === 0, { timeoutMs: 5_000, intervalMs: 50 })
        .catch((err: unknown) => { if (!(err instanceof WaitTimedOut)) throw err; });
    } finally {
      await job.stop();
    }
    expect(await count(gone.email)).toBe(0);
    expect(await count(stays.email)).toBe(1);
  });
});
