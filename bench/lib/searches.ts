import type pg from 'pg';
import type { Embedding } from '../../src/domain/documents/embedding.js';
import type { JsonObject } from '../../src/domain/documents/json-object.js';
import { inTransaction } from '../../src/infrastructure/database/transaction.js';
import { PgDocumentRepository, searchStatement } from '../../src/infrastructure/documents/pg-document-repository.js';
import type { Loaded } from './database.js';
import { type RecallResult, recallPass } from './measure.js';
import type { BenchOptions } from './options.js';
import { PREFIX } from './server.js';

export const K = 10;
export const EXACT_SAMPLE = 20;

/** Searches query number `query`; returns the row numbers of the hits, best first. */
export type Search = (query: number) => Promise<number[]>;

export interface Workload {
  opts: BenchOptions;
  pool: pg.Pool;
  url: string;
  ownerId: number;
  loaded: Loaded;
  queries: Embedding[];
}

export function repositorySearch(w: Workload, efSearch: number, filter: JsonObject | null): Search {
  const repo = new PgDocumentRepository(w.pool, { efSearch });
  return async (q) => {
    const hits = await repo.search({ ownerId: w.ownerId, embedding: w.queries[q]!, k: K, metric: 'cosine', filter, minScore: null });
    return hits.map((h) => w.loaded.rowOf.get(h.id) ?? -1);
  };
}

export function httpSearch(w: Workload, server: { url: string; token: string }): Search {
  const bodies = w.queries.map((e) => JSON.stringify({ embedding: e.toArray(), k: K }));
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${server.token}` };
  return async (q) => {
    const res = await fetch(`${server.url}${PREFIX}/documents/search`, { method: 'POST', headers, body: bodies[q]! });
    if (!res.ok) throw new Error(`search answered ${res.status}: ${await res.text()}`);
    const { results } = (await res.json()) as { results: { id: number }[] };
    return results.map((r) => w.loaded.rowOf.get(r.id) ?? -1);
  };
}

/** PostgreSQL's own exact answer (index scans off) for a sample: its latency, and agreement with the JS truth. */
export async function exactBaseline(w: Workload, truth: number[][]): Promise<RecallResult> {
  const sample = truth.slice(0, EXACT_SAMPLE);
  return recallPass(sample, async (q) => {
    const { text, values } = searchStatement({ ownerId: w.ownerId, embedding: w.queries[q]!, k: K, metric: 'cosine', filter: null, minScore: null });
    const rows = await inTransaction(w.pool, { enable_indexscan: 'off' }, async (c) => (await c.query<{ id: string }>(text, values)).rows);
    return rows.map((r) => w.loaded.rowOf.get(Number(r.id)) ?? -1);
  });
}
