import { parseContent } from '../../domain/documents/content.js';
import type { Document, DocumentChanges } from '../../domain/documents/document.js';
import { DocumentNotFoundError } from '../../domain/documents/errors.js';
import { parseMetadata } from '../../domain/documents/metadata.js';
import type { Clock } from '../shared/clock.js';
import type { Embeddings } from './embeddings.js';
import type { DocumentRepository } from './ports/document-repository.js';

export interface UpdateDocumentCommand {
  ownerId: number;
  id: number;
  content?: string;
  metadata?: unknown;
  embedding?: number[];
}

/** The owner changing his document. New content without a new vector gets one from the provider. */
export class UpdateDocument {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly embeddings: Embeddings,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: UpdateDocumentCommand): Promise<Document> {
    const changes: DocumentChanges = {};
    if (cmd.metadata !== undefined) changes.metadata = parseMetadata(cmd.metadata);
    if (cmd.content !== undefined) changes.content = parseContent(cmd.content);
    if (cmd.embedding !== undefined) changes.embedding = this.embeddings.parse(cmd.embedding);
    else if (changes.content !== undefined) {
      // Keeping the old vector would make search find the old text: the content needs a new one.
      [changes.embedding] = await this.embeddings.forTexts([{ content: changes.content }], () => 'The new content');
    }
    const updated = await this.documents.update(cmd.id, cmd.ownerId, changes, this.clock.now());
    if (!updated) throw new DocumentNotFoundError();
    return updated;
  }
}
