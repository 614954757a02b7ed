import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PeriodicJob } from '../../../src/infrastructure/scheduling/periodic-job.js';
import { captureLogs } from '../../support/logs.js';

describe('PeriodicJob', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('when started, then it runs at once and again every interval', async () => {
    let runs = 0;
    const job = new PeriodicJob('count', 1_000, () => { runs++; return Promise.resolve(); }, captureLogs().logger);
    job.start();
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(runs).toBe(4);
    await job.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(4);
  });

  it('when a run fails, then the failure is logged and the next run goes ahead', async () => {
    const logs = captureLogs();
    let runs = 0;
    const job = new PeriodicJob('flaky', 1_000, () => (++runs === 1 ? Promise.reject(new Error('database down')) : Promise.resolve()), logs.logger);
    job.start();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(2);
    expect(logs.records().filter((r) => String(r.msg).startsWith('periodic job failed'))).toHaveLength(1);
    await job.stop();
  });

  it('when a run outlasts the interval, then the next is skipped, never overlapped, and stop waits for it', async () => {
    let active = 0;
    let most = 0;
    let finished = 0;
    const job = new PeriodicJob('slow', 1_000, async () => {
      active++;
      most = Math.max(most, active);
      await new Promise((r) => setTimeout(r, 2_500));
      active--;
      finished++;
    }, captureLogs().logger);
    job.start();
    await vi.advanceTimersByTimeAsync(2_000);
    const stopped = job.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    await stopped;
    expect(most).toBe(1);
    expect(finished).toBe(1);
  });
});
