import { CreateDocument } from '../../../src/application/documents/create-document.js';
import { CreateDocumentsBatch } from '../../../src/application/documents/create-documents-batch.js';
import { DeleteDocument } from '../../../src/application/documents/delete-document.js';
import { Embeddings } from '../../../src/application/documents/embeddings.js';
import { GetDocument } from '../../../src/application/documents/get-document.js';
import { ListDocuments } from '../../../src/application/documents/list-documents.js';
import type { EmbeddingProvider } from '../../../src/application/documents/ports/embedding-provider.js';
import { SearchDocuments } from '../../../src/application/documents/search-documents.js';
import { UpdateDocument } from '../../../src/application/documents/update-document.js';
import { EmbeddingDimension } from '../../../src/domain/documents/embedding.js';
import { InMemoryDocumentRepository } from '../../../src/infrastructure/documents/in-memory-document-repository.js';
import { NoEmbeddingProvider } from '../../../src/infrastructure/embeddings/no-embedding-provider.js';
import { DIM } from '../../support/vectors.js';

/** Every documents use case wired to in-memory adapters, as the container wires them to real ones. */
export function documentsFixture(provider: EmbeddingProvider = new NoEmbeddingProvider()) {
  const repo = new InMemoryDocumentRepository();
  const clock = { at: new Date('2026-03-01T10:00:00Z'), now: () => clock.at };
  const embeddings = new Embeddings(provider, EmbeddingDimension.of(DIM));
  return {
    repo,
    clock,
    createDocument: new CreateDocument(repo, embeddings, clock),
    createBatch: new CreateDocumentsBatch(repo, embeddings, clock),
    getDocument: new GetDocument(repo),
    listDocuments: new ListDocuments(repo),
    updateDocument: new UpdateDocument(repo, embeddings, clock),
    deleteDocument: new DeleteDocument(repo),
    searchDocuments: new SearchDocuments(repo, embeddings),
  };
}
