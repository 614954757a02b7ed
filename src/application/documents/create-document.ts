import type { Document } from '../../domain/documents/document.js';
import type { Clock } from '../shared/clock.js';
import { type DocumentInput, draftDocuments } from './draft-documents.js';
import type { Embeddings } from './embeddings.js';
import type { DocumentRepository } from './ports/document-repository.js';

export class CreateDocument {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly embeddings: Embeddings,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: { ownerId: number } & DocumentInput): Promise<Document> {
    const drafts = await draftDocuments(this.embeddings, cmd.ownerId, [cmd], this.clock.now());
    const [stored] = await this.documents.insert(drafts);
    return stored as Document;
  }
}
