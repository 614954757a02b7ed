export interface RecallResult {
  recall: number;
  p50Ms: number;
  p95Ms: number;
  /** The fewest hits any query returned (k unless a filter starved the search). */
  minHits: number;
}

/** Runs every query once, one at a time: recall@k against the truth, and latency percentiles. */
export async function recallPass(
  truth: readonly number[][],
  search: (query: number) => Promise<number[]>,
): Promise<RecallResult> {
  const latencies: number[] = [];
  let found = 0;
  let wanted = 0;
  let minHits = Number.POSITIVE_INFINITY;
  for (let q = 0; q < truth.length; q++) {
    const started = performance.now();
    const hits = await search(q);
    latencies.push(performance.now() - started);
    const expected = new Set(truth[q]);
    found += hits.filter((h) => expected.has(h)).length;
    wanted += expected.size;
    minHits = Math.min(minHits, hits.length);
  }
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { recall: found / wanted, p50Ms: at(0.5), p95Ms: at(0.95), minHits };
}

/** Closed loop: `concurrency` workers issue queries back to back for `seconds`; queries per second. */
export async function throughput(concurrency: number, seconds: number, queries: number, run: (query: number) => Promise<unknown>): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let done = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await run(next++ % queries);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}
