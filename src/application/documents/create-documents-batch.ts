import { type Document, MAX_BATCH_DOCUMENTS } from '../../domain/documents/document.js';
import { InvalidBatchError } from '../../domain/documents/errors.js';
import type { Clock } from '../shared/clock.js';
import { type DocumentInput, draftDocuments } from './draft-documents.js';
import type { Embeddings } from './embeddings.js';
import type { DocumentRepository } from './ports/document-repository.js';

/** Stores every document or none. */
export class CreateDocumentsBatch {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly embeddings: Embeddings,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: { ownerId: number; documents: readonly DocumentInput[] }): Promise<Document[]> {
    const count = cmd.documents.length;
    if (count < 1 || count > MAX_BATCH_DOCUMENTS) {
      throw new InvalidBatchError(`A batch must have from 1 to ${MAX_BATCH_DOCUMENTS} documents, not ${count}.`);
    }
    const drafts = await draftDocuments(this.embeddings, cmd.ownerId, cmd.documents, this.clock.now());
    return this.documents.insert(drafts);
  }
}
