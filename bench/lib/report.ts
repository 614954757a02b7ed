import type { RecallResult } from './measure.js';

export interface PathRow extends RecallResult {
  path: string;
  efSearch: number;
  qps: Record<number, number>;
}

export interface Report {
  date: string;
  command: string;
  machine: Record<string, string>;
  setup: string[];
  concurrency: number[];
  rows: PathRow[];
  filtered: PathRow[];
}

const fixed = (n: number, digits: number) => n.toFixed(digits);

function table(rows: PathRow[], concurrency: number[], withPath: boolean): string[] {
  const qpsHeads = concurrency.map((c) => `QPS c=${c}`);
  const head = [...(withPath ? ['path'] : []), 'ef_search', 'recall@10', 'min hits', 'p50 ms (c=1)', 'p95 ms (c=1)', ...qpsHeads];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const cells = [...(withPath ? [r.path] : []), String(r.efSearch), fixed(r.recall, 3), String(r.minHits), fixed(r.p50Ms, 2), fixed(r.p95Ms, 2)];
    lines.push(`| ${[...cells, ...concurrency.map((c) => fixed(r.qps[c] ?? 0, 0))].join(' | ')} |`);
  }
  return lines;
}

export function renderReport(r: Report): string {
  return [
    `# Vector search benchmark, ${r.date}`,
    '',
    `Command: \`${r.command}\``,
    '',
    '## Machine',
    '',
    ...Object.entries(r.machine).map(([k, v]) => `- ${k}: ${v}`),
    '',
    '## Setup',
    '',
    ...r.setup.map((s) => `- ${s}`),
    '',
    '## k = 10, cosine, no filter',
    '',
    'recall@10 is against exact search (brute force over the same vectors); QPS is a closed loop of c concurrent',
    'clients. "repository" calls PgDocumentRepository.search in the bench process; "http" is POST /documents/search',
    'on the API running in its own process (server, client and PostgreSQL share the same cores).',
    '',
    ...table(r.rows, r.concurrency, true),
    '',
    '## k = 10, cosine, metadata filter keeping 10% of the rows (repository)',
    '',
    'Iterative index scans (relaxed order) keep reading the index until k rows pass the filter; "min hits" is the',
    'fewest results any query got.',
    '',
    ...table(r.filtered, r.concurrency, false),
    '',
  ].join('\n');
}
