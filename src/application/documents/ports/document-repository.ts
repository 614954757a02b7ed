import type { Document, DocumentChanges, NewDocument } from '../../../domain/documents/document.js';
import type { JsonObject } from '../../../domain/documents/json-object.js';
import type { SearchCriteria } from '../../../domain/documents/search.js';
import type { Page, PageResult } from '../../shared/page.js';

export interface SearchHit {
  id: number;
  content: string;
  metadata: JsonObject;
  score: number;
}

export interface DocumentRepository {
  /** null, never a throw, when absent. */
  findById(id: number): Promise<Document | null>;
  /** All or nothing; the stored documents come back in the order given. OwnerNotFoundError when an owner does not exist. */
  insert(documents: readonly NewDocument[]): Promise<Document[]>;
  /** null when absent or not the owner's: writes are scoped to the owner in the store itself. */
  update(id: number, ownerId: number, changes: DocumentChanges, at: Date): Promise<Document | null>;
  /** false when absent or not the owner's. */
  delete(id: number, ownerId: number): Promise<boolean>;
  /** The owner's documents, ordered by id. */
  listByOwner(ownerId: number, page: Page): Promise<PageResult<Document>>;
  /** At most k hits of the owner's documents, by descending score, all at or above minScore. */
  search(criteria: SearchCriteria): Promise<SearchHit[]>;
}
