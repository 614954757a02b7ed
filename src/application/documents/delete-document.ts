import { DocumentNotFoundError } from '../../domain/documents/errors.js';
import type { DocumentRepository } from './ports/document-repository.js';

export class DeleteDocument {
  constructor(private readonly documents: DocumentRepository) {}

  async execute(cmd: { ownerId: number; id: number }): Promise<void> {
    if (!(await this.documents.delete(cmd.id, cmd.ownerId))) throw new DocumentNotFoundError();
  }
}
