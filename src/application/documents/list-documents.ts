import type { Document } from '../../domain/documents/document.js';
import type { Page, PageResult } from '../shared/page.js';
import type { DocumentRepository } from './ports/document-repository.js';

/** The caller's own documents; admins too see only theirs here. */
export class ListDocuments {
  constructor(private readonly documents: DocumentRepository) {}

  execute(cmd: { ownerId: number; page: Page }): Promise<PageResult<Document>> {
    return this.documents.listByOwner(cmd.ownerId, cmd.page);
  }
}
