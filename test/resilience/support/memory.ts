export interface RssSample {
  /** seconds since the load started */
  t: number;
  kib: number;
}

export interface RssTrend {
  samples: number;
  /** median RSS of the first and the last third of the measured window, MiB */
  firstThirdMiB: number;
  lastThirdMiB: number;
  /** lastThird / firstThird - 1 */
  growth: number;
  minMiB: number;
  maxMiB: number;
  /** least-squares slope over the measured window, MiB per minute */
  slopeMiBPerMin: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/**
 * Compares the first and last thirds of the samples taken after the warm-up, by their medians: Argon2id
 * allocates 19 MiB per hash in flight, so single samples jump by tens of MiB and a median is what
 * tells a trend from that noise.
 */
export function rssTrend(all: RssSample[], warmupSeconds: number): RssTrend {
  const xs = all.filter((s) => s.t >= warmupSeconds);
  if (xs.length < 6) throw new Error(`only ${xs.length} RSS samples after the warm-up; need at least 6`);
  const third = Math.floor(xs.length / 3);
  const mib = (k: number) => k / 1024;
  const first = median(xs.slice(0, third).map((s) => s.kib));
  const last = median(xs.slice(xs.length - third).map((s) => s.kib));
  const n = xs.length;
  const mt = xs.reduce((a, s) => a + s.t, 0) / n;
  const mk = xs.reduce((a, s) => a + s.kib, 0) / n;
  const cov = xs.reduce((a, s) => a + (s.t - mt) * (s.kib - mk), 0);
  const varT = xs.reduce((a, s) => a + (s.t - mt) ** 2, 0);
  return {
    samples: n,
    firstThirdMiB: mib(first),
    lastThirdMiB: mib(last),
    growth: last / first - 1,
    minMiB: mib(Math.min(...xs.map((s) => s.kib))),
    maxMiB: mib(Math.max(...xs.map((s) => s.kib))),
    slopeMiBPerMin: varT === 0 ? 0 : mib(cov / varT) * 60,
  };
}
