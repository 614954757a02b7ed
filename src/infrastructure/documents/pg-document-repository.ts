import type pg from 'pg';
import { fromSql } from 'pgvector';
import { toSql } from 'pgvector/pg';
import type { DocumentRepository, SearchHit } from '../../application/documents/ports/document-repository.js';
import type { Page, PageResult } from '../../application/shared/page.js';
import { Document, type DocumentChanges, type NewDocument } from '../../domain/documents/document.js';
import { Embedding } from '../../domain/documents/embedding.js';
import { OwnerNotFoundError } from '../../domain/documents/errors.js';
import type { JsonObject } from '../../domain/documents/json-object.js';
import type { Metric } from '../../domain/documents/metric.js';
import type { SearchCriteria } from '../../domain/documents/search.js';
import { inTransaction } from '../database/transaction.js';

interface DocumentRow {
  id: string; // bigint: pg hands it over as text
  owner_id: number;
  content: string;
  metadata: JsonObject;
  embedding: string; // pgvector's text form, '[1,2,3]'
  created_at: Date;
  updated_at: Date;
}

const COLS = 'id, owner_id, content, metadata, embedding, created_at, updated_at';

function toDocument(r: DocumentRow): Document {
  const values = fromSql(r.embedding);
  if (!Array.isArray(values)) throw new Error(`document ${r.id}: embedding is not a vector`);
  return Document.restore({
    id: Number(r.id),
    ownerId: r.owner_id,
    content: r.content,
    metadata: r.metadata,
    embedding: Embedding.restore(values),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

const vector = (e: Embedding): string | null => toSql(e.toArray());

// pgvector's distance operators (smaller is closer) and the score each becomes (larger is closer).
const METRIC_SQL: Record<Metric, { op: string; score: string }> = {
  cosine: { op: '<=>', score: '1 - distance' },
  l2: { op: '<->', score: '-distance' },
  inner_product: { op: '<#>', score: '-distance' }, // <#> is the negated inner product
};

/**
 * The search statement. The inner query is the shape an HNSW index serves (ORDER BY distance LIMIT k
 * with the filters beside it); iterative scans return its rows in only roughly sorted order, so the
 * MATERIALIZED CTE is re-sorted outside, where min_score also applies (inside, it would stop the index).
 */
export function searchStatement(c: SearchCriteria): { text: string; values: unknown[] } {
  const { op, score } = METRIC_SQL[c.metric];
  const values: unknown[] = [vector(c.embedding), c.ownerId, c.k];
  // push() returns the new length, which is the number of the parameter just added.
  const filter = c.filter ? ` AND metadata @> $${values.push(JSON.stringify(c.filter))}::jsonb` : '';
  const minScore = c.minScore === null ? '' : ` WHERE ${score} >= $${values.push(c.minScore)}`;
  const text = `WITH nearest AS MATERIALIZED (
      SELECT id, content, metadata, embedding ${op} $1::vector AS distance
      FROM documents WHERE owner_id = $2${filter}
      ORDER BY distance LIMIT $3
    )
    SELECT id, content, metadata, ${score} AS score FROM nearest${minScore}
    ORDER BY score DESC, id`;
  return { text, values };
}

export interface PgDocumentRepositoryOptions {
  /** hnsw.ef_search: the candidate list size, the recall/speed dial (HNSW_EF_SEARCH). */
  efSearch: number;
}

// The owner's account was deleted between authentication and the insert: the foreign key refuses the
// rows. That is the caller's account gone, not a server fault.
function ownerGone(err: unknown): never {
  if ((err as { code?: string }).code === FOREIGN_KEY_VIOLATION) throw new OwnerNotFoundError();
  throw err;
}

const FOREIGN_KEY_VIOLATION = '23503';

export class PgDocumentRepository implements DocumentRepository {
  constructor(
    private readonly pool: pg.Pool,
    private readonly options: PgDocumentRepositoryOptions,
  ) {}

  async findById(id: number): Promise<Document | null> {
    const { rows } = await this.pool.query<DocumentRow>(`SELECT ${COLS} FROM documents WHERE id = $1`, [id]);
    return rows[0] ? toDocument(rows[0]) : null;
  }

  async insert(documents: readonly NewDocument[]): Promise<Document[]> {
    // One statement for the whole batch: one round trip, and atomic (a statement is its own
    // transaction). Rows are inserted in ordinality order, so their ids ascend in input order; only
    // the ids come back, since echoing every vector would cost more than the insert itself.
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO documents (owner_id, content, metadata, embedding, created_at, updated_at)
       SELECT owner_id, content, metadata, embedding, created_at, updated_at
       FROM unnest($1::int[], $2::text[], $3::jsonb[], $4::vector[], $5::timestamptz[], $6::timestamptz[])
         WITH ORDINALITY AS d(owner_id, content, metadata, embedding, created_at, updated_at, ord)
       ORDER BY ord
       RETURNING id`,
      [
        documents.map((d) => d.ownerId),
        documents.map((d) => d.content),
        documents.map((d) => JSON.stringify(d.metadata)),
        documents.map((d) => vector(d.embedding)),
        documents.map((d) => d.createdAt),
        documents.map((d) => d.updatedAt),
      ],
    ).catch(ownerGone);
    const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    return documents.map((d, i) => Document.restore({ ...d, id: ids[i] as number }));
  }

  async update(id: number, ownerId: number, changes: DocumentChanges, at: Date): Promise<Document | null> {
    // An absent change keeps the column (COALESCE with NULL): one statement for every combination.
    const { rows } = await this.pool.query<DocumentRow>(
      `UPDATE documents SET
         content = COALESCE($3, content),
         metadata = COALESCE($4::jsonb, metadata),
         embedding = COALESCE($5::vector, embedding),
         updated_at = $6
       WHERE id = $1 AND owner_id = $2 RETURNING ${COLS}`,
      [
        id,
        ownerId,
        changes.content ?? null,
        changes.metadata ? JSON.stringify(changes.metadata) : null,
        changes.embedding ? vector(changes.embedding) : null,
        at,
      ],
    );
    return rows[0] ? toDocument(rows[0]) : null;
  }

  async delete(id: number, ownerId: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM documents WHERE id = $1 AND owner_id = $2', [id, ownerId]);
    return (rowCount ?? 0) > 0;
  }

  async listByOwner(ownerId: number, page: Page): Promise<PageResult<Document>> {
    // The total is a separate count (an index-only scan of documents_owner_id_idx), not count(*) OVER ():
    // a window would read every one of the owner's rows, vectors included, to show one page.
    const { rows } = await this.pool.query<DocumentRow & { total: string }>(
      `SELECT ${COLS}, (SELECT count(*) FROM documents WHERE owner_id = $1) AS total
       FROM documents WHERE owner_id = $1 ORDER BY id LIMIT $2 OFFSET $3`,
      [ownerId, page.limit, page.skip],
    );
    if (rows[0]) return { items: rows.map(toDocument), total: Number(rows[0].total) };
    const count = await this.pool.query<{ total: string }>('SELECT count(*) AS total FROM documents WHERE owner_id = $1', [ownerId]);
    return { items: [], total: Number(count.rows[0]?.total ?? 0) };
  }

  search(criteria: SearchCriteria): Promise<SearchHit[]> {
    const { text, values } = searchStatement(criteria);
    // Iterative scans (pgvector 0.8) keep walking the index until k rows pass the owner and metadata
    // filters; without them HNSW stops after ef_search candidates and a filter can leave fewer than k.
    const settings = { 'hnsw.ef_search': this.options.efSearch, 'hnsw.iterative_scan': 'relaxed_order' };
    return inTransaction(this.pool, settings, async (client) => {
      const { rows } = await client.query<{ id: string; content: string; metadata: JsonObject; score: number }>(text, values);
      return rows.map((r) => ({ id: Number(r.id), content: r.content, metadata: r.metadata, score: r.score }));
    });
  }
}
