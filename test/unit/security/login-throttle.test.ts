import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TooManyAttemptsError } from '../../../src/application/users/errors.js';
import type { FlexibleLoginThrottle } from '../../../src/infrastructure/security/rate-limits.js';
import { memoryLoginThrottle } from '../fakes.js';

const KEY = 'ada@example.com';
const POLICY = { threshold: 3, maxSeconds: 16 };

/** Seconds the account must wait, or null when a login may be attempted. */
async function lockedFor(throttle: FlexibleLoginThrottle, key = KEY): Promise<number | null> {
  try {
    await throttle.assertAllowed(key);
    return null;
  } catch (err) {
    if (err instanceof TooManyAttemptsError) return err.retryAfterSeconds;
    throw err;
  }
}

describe('FlexibleLoginThrottle (memory limiters)', () => {
  let throttle: FlexibleLoginThrottle;

  beforeEach(() => {
    vi.useFakeTimers();
    throttle = memoryLoginThrottle(POLICY);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const fail = async (n: number) => {
    for (let i = 0; i < n; i++) await throttle.recordFailure(KEY);
  };

  it('when failures stay below the threshold, then the account is not locked', async () => {
    await fail(POLICY.threshold - 1);
    expect(await lockedFor(throttle)).toBeNull();
  });

  it('when the threshold is reached, then the account is locked for 1 s, and free again after it', async () => {
    await fail(POLICY.threshold);
    expect(await lockedFor(throttle)).toBe(1);
    vi.advanceTimersByTime(1_001);
    expect(await lockedFor(throttle)).toBeNull();
  });

  it('when failures go on, then each one doubles the lockout, up to the cap', async () => {
    const seen: (number | null)[] = [];
    for (let i = 0; i < 7; i++) {
      await fail(i === 0 ? POLICY.threshold : 1);
      seen.push(await lockedFor(throttle));
    }
    expect(seen).toEqual([1, 2, 4, 8, 16, 16, 16]);
  });

  it('when a lockout at the cap has passed, then the account is free: no failure locks for longer than the cap', async () => {
    await fail(POLICY.threshold + 20);
    expect(await lockedFor(throttle)).toBe(POLICY.maxSeconds);
    vi.advanceTimersByTime(POLICY.maxSeconds * 1000 + 1);
    expect(await lockedFor(throttle)).toBeNull();
  });

  it('when a login succeeds (reset), then the lockout and the failure count are cleared', async () => {
    await fail(POLICY.threshold + 2);
    await throttle.reset(KEY);
    expect(await lockedFor(throttle)).toBeNull();
    await fail(POLICY.threshold - 1);
    expect(await lockedFor(throttle)).toBeNull();
  });

  it('when failures are an hour old, then they are forgotten', async () => {
    await fail(POLICY.threshold - 1);
    vi.advanceTimersByTime(3_600_000 + 1);
    await fail(1);
    expect(await lockedFor(throttle)).toBeNull();
  });

  it('when one account is locked, then another is not', async () => {
    await fail(POLICY.threshold);
    expect(await lockedFor(throttle, 'bob@example.com')).toBeNull();
  });

  it('when the per-account attempt limit is spent, then TooManyAttemptsError until its window passes', async () => {
    const limited = memoryLoginThrottle(POLICY, { points: 2, duration: 60 });
    expect(await lockedFor(limited)).toBeNull();
    expect(await lockedFor(limited)).toBeNull();
    expect(await lockedFor(limited)).toBe(60);
    vi.advanceTimersByTime(60_001);
    expect(await lockedFor(limited)).toBeNull();
  });
});
