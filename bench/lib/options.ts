import { parseArgs } from 'node:util';

export interface BenchOptions {
  n: number;
  queries: number;
  efSearch: number[];
  concurrency: number[];
  seconds: number;
  rounds: number;
  seed: number;
  databaseUrl: string;
  out: string | undefined;
}

const USAGE = `usage: npm run bench:vectors -- [--n 100000] [--queries 200] [--ef 10,20,40,80,160]
       [--concurrency 1,4,16] [--seconds 3] [--rounds 3] [--seed 1] [--database-url URL] [--out FILE]
Each flag also reads BENCH_<NAME> from the environment (BENCH_N, BENCH_DATABASE_URL, ...).
The database server gets a fresh database named seed_bench_vectors (dropped first if it exists).`;

const list = (v: string) => v.split(',').map((x) => positive(x));

function positive(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`not a positive integer: ${v}\n${USAGE}`);
  return n;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      n: { type: 'string' }, queries: { type: 'string' }, ef: { type: 'string' }, concurrency: { type: 'string' },
      seconds: { type: 'string' }, rounds: { type: 'string' }, seed: { type: 'string' }, 'database-url': { type: 'string' }, out: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const pick = (flag: string | undefined, name: string, fallback: string) => flag ?? env[`BENCH_${name}`] ?? fallback;
  return {
    n: positive(pick(values.n, 'N', '100000')),
    queries: positive(pick(values.queries, 'QUERIES', '200')),
    efSearch: list(pick(values.ef, 'EF', '10,20,40,80,160')),
    concurrency: list(pick(values.concurrency, 'CONCURRENCY', '1,4,16')),
    seconds: positive(pick(values.seconds, 'SECONDS', '3')),
    rounds: positive(pick(values.rounds, 'ROUNDS', '3')),
    seed: positive(pick(values.seed, 'SEED', '1')),
    databaseUrl: pick(values['database-url'], 'DATABASE_URL', 'postgresql://postgres@127.0.0.1:5432/postgres'),
    out: values.out ?? env.BENCH_OUT,
  };
}
