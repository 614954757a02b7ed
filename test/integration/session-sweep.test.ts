import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS } from '../../src/infrastructure/container/tokens.js';
import { type TestApp, createAccount, startTestApp } from '../support/app.js';

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
    const job = t.container.get(TOKENS.SessionSweeper);
    job.start();
    try {
      for (let i = 0; i < 100; i++) {
        const { rows } = await t.pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1', [gone.email]);
        if (rows[0]?.n === 0) break;
        await sleep(50);
      }
    } finally {
      await job.stop();
    }
    const count = async (email: string) =>
      (await t.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1', [email])).rows[0]?.n;
    expect(await count(gone.email)).toBe(0);
    expect(await count(stays.email)).toBe(1);
  });
});
