import { median } from '../../support/stats.js';

export interface MemorySample {
  /** seconds since the load started */
  t: number;
  /** responses the load generator had received by then */
  answered: number;
  /** JS heap in use right after a forced full GC: what the server retains */
  retainedHeapBytes: number;
  /** resident set size just before that GC */
  rssKiB: number;
}

export interface MemoryTrend {
  samples: number;
  /** medians of the first and the last third of the measured window, MiB */
  heapFirstMiB: number;
  heapLastMiB: number;
  /** heapLast / heapFirst - 1 */
  heapGrowth: number;
  /** responses between the two thirds (difference of their medians) */
  requestsBetween: number;
  /** heap growth divided by requestsBetween (NaN if there were none) */
  heapBytesPerRequest: number;
  rssFirstMiB: number;
  rssLastMiB: number;
  rssGrowth: number;
  rssMinMiB: number;
  rssMaxMiB: number;
}

const MiB = 1024 * 1024;

/**
 * Compares the first and the last third of the samples taken after the warm-up, by their medians.
 * After a full GC the heap varies only by the objects of the requests in flight, so a median of a few
 * samples is steady to well under 1 MiB; RSS is not (see the load test), and is reported alongside.
 */
export function memoryTrend(all: MemorySample[], warmupSeconds: number): MemoryTrend {
  const xs = all.filter((s) => s.t >= warmupSeconds);
  if (xs.length < 6) throw new Error(`only ${xs.length} memory samples after the warm-up; need at least 6`);
  const third = Math.floor(xs.length / 3);
  const first = xs.slice(0, third);
  const last = xs.slice(xs.length - third);
  const of = (part: MemorySample[], pick: (s: MemorySample) => number) => median(part.map(pick));
  const heapFirst = of(first, (s) => s.retainedHeapBytes);
  const heapLast = of(last, (s) => s.retainedHeapBytes);
  const rssFirst = of(first, (s) => s.rssKiB);
  const rssLast = of(last, (s) => s.rssKiB);
  const requestsBetween = of(last, (s) => s.answered) - of(first, (s) => s.answered);
  const rss = xs.map((s) => s.rssKiB / 1024);
  return {
    samples: xs.length,
    heapFirstMiB: heapFirst / MiB,
    heapLastMiB: heapLast / MiB,
    heapGrowth: heapLast / heapFirst - 1,
    requestsBetween,
    heapBytesPerRequest: requestsBetween > 0 ? (heapLast - heapFirst) / requestsBetween : Number.NaN,
    rssFirstMiB: rssFirst / 1024,
    rssLastMiB: rssLast / 1024,
    rssGrowth: rssLast / rssFirst - 1,
    rssMinMiB: Math.min(...rss),
    rssMaxMiB: Math.max(...rss),
  };
}
