import { setTimeout as sleep } from 'node:timers/promises';

export interface Polling {
  timeoutMs: number;
  intervalMs: number;
}

/** What `until` throws when its time is up. */
export class WaitTimedOut extends Error {}

/**
 * Asks `probe` every `intervalMs` until it gives a value other than undefined or false, and resolves
 * with that value; throws `WaitTimedOut` once `timeoutMs` have passed without one. A probe that
 * answers synchronously is not awaited, so a test sees the state it waited for without extra ticks.
 */
export async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs, intervalMs }: Polling,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = probe();
    const value = answer instanceof Promise ? await answer : answer;
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new WaitTimedOut(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}
