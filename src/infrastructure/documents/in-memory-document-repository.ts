import type { DocumentRepository, SearchHit } from '../../application/documents/ports/document-repository.js';
import type { Page, PageResult } from '../../application/shared/page.js';
import { Document, type DocumentChanges, type DocumentProps, type NewDocument } from '../../domain/documents/document.js';
import { OwnerNotFoundError } from '../../domain/documents/errors.js';
import { similarity } from '../../domain/documents/metric.js';
import type { SearchCriteria } from '../../domain/documents/search.js';
import { jsonContains } from './json-containment.js';

/** For unit tests of use cases: exact search over every document; held to the pg adapter's contract. */
export class InMemoryDocumentRepository implements DocumentRepository {
  private readonly rows = new Map<number, DocumentProps>();
  private nextId = 1;

  /**
   * `ownerExists` plays PostgreSQL's foreign key to users; by default every owner exists, for use-case
   * tests that have no accounts.
   */
  constructor(private readonly ownerExists: (id: number) => boolean = () => true) {}

  findById(id: number): Promise<Document | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row ? Document.restore(row) : null);
  }

  insert(documents: readonly NewDocument[]): Promise<Document[]> {
    if (!documents.every((d) => this.ownerExists(d.ownerId))) return Promise.reject(new OwnerNotFoundError());
    const stored = documents.map((d) => ({ ...d, id: this.nextId++ }));
    for (const row of stored) this.rows.set(row.id, row);
    return Promise.resolve(stored.map((r) => Document.restore(r)));
  }

  update(id: number, ownerId: number, changes: DocumentChanges, at: Date): Promise<Document | null> {
    const row = this.owned(id, ownerId);
    if (!row) return Promise.resolve(null);
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const next: DocumentProps = { ...row, ...defined, updatedAt: at };
    this.rows.set(id, next);
    return Promise.resolve(Document.restore(next));
  }

  delete(id: number, ownerId: number): Promise<boolean> {
    return Promise.resolve(this.owned(id, ownerId) !== undefined && this.rows.delete(id));
  }

  listByOwner(ownerId: number, page: Page): Promise<PageResult<Document>> {
    const mine = [...this.rows.values()].filter((r) => r.ownerId === ownerId).sort((a, b) => a.id - b.id);
    return Promise.resolve({
      items: mine.slice(page.skip, page.skip + page.limit).map((r) => Document.restore(r)),
      total: mine.length,
    });
  }

  search(c: SearchCriteria): Promise<SearchHit[]> {
    const { minScore } = c;
    const hits = [...this.rows.values()]
      .filter((r) => r.ownerId === c.ownerId && (c.filter === null || jsonContains(r.metadata, c.filter)))
      .map((r) => ({ id: r.id, content: r.content, metadata: r.metadata, score: similarity(c.metric, c.embedding, r.embedding) }))
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, c.k);
    return Promise.resolve(minScore === null ? hits : hits.filter((h) => h.score >= minScore));
  }

  private owned(id: number, ownerId: number): DocumentProps | undefined {
    const row = this.rows.get(id);
    return row?.ownerId === ownerId ? row : undefined;
  }
}
