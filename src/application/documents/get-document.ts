import type { Document, Reader } from '../../domain/documents/document.js';
import { DocumentNotFoundError } from '../../domain/documents/errors.js';
import type { DocumentRepository } from './ports/document-repository.js';

export class GetDocument {
  constructor(private readonly documents: DocumentRepository) {}

  async execute(cmd: { reader: Reader; id: number }): Promise<Document> {
    const document = await this.documents.findById(cmd.id);
    // Someone else's document answers exactly like a missing one.
    if (!document?.isReadableBy(cmd.reader)) throw new DocumentNotFoundError();
    return document;
  }
}
