import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { CreateDocument } from '../../application/documents/create-document.js';
import { CreateDocumentsBatch } from '../../application/documents/create-documents-batch.js';
import { DeleteDocument } from '../../application/documents/delete-document.js';
import { Embeddings } from '../../application/documents/embeddings.js';
import { GetDocument } from '../../application/documents/get-document.js';
import { ListDocuments } from '../../application/documents/list-documents.js';
import type { EmbeddingProvider } from '../../application/documents/ports/embedding-provider.js';
import { SearchDocuments } from '../../application/documents/search-documents.js';
import { UpdateDocument } from '../../application/documents/update-document.js';
import { EmbeddingDimension } from '../../domain/documents/embedding.js';
import type { Config } from '../config/env.js';
import { PgDocumentRepository } from '../documents/pg-document-repository.js';
import { NoEmbeddingProvider } from '../embeddings/no-embedding-provider.js';
import { OpenAiEmbeddingProvider } from '../embeddings/openai-embedding-provider.js';
import { TOKENS } from './tokens.js';

// First retry after 250 ms, then about 500 ms: long enough for a 429 to clear, short for a request.
const EMBEDDING_BACKOFF_MS = 250;

function embeddingProvider(cfg: Config, logger: Logger): EmbeddingProvider {
  if (!cfg.EMBEDDING_API_URL || !cfg.EMBEDDING_MODEL) return new NoEmbeddingProvider();
  return new OpenAiEmbeddingProvider(
    {
      baseUrl: cfg.EMBEDDING_API_URL,
      apiKey: cfg.EMBEDDING_API_KEY,
      model: cfg.EMBEDDING_MODEL,
      timeoutMs: cfg.EMBEDDING_TIMEOUT_MS,
      maxRetries: cfg.EMBEDDING_MAX_RETRIES,
      backoffMs: EMBEDDING_BACKOFF_MS,
    },
    logger.child({ module: 'embeddings' }),
  );
}

export const documentsModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.DocumentRepository)
    .toDynamicValue((c) => new PgDocumentRepository(c.get(TOKENS.Pool), { efSearch: c.get(TOKENS.Config).HNSW_EF_SEARCH }))
    .inSingletonScope();
  bind(TOKENS.EmbeddingProvider)
    .toDynamicValue((c) => embeddingProvider(c.get(TOKENS.Config), c.get(TOKENS.Logger)))
    .inSingletonScope();
  bind(Embeddings)
    .toDynamicValue((c) => new Embeddings(c.get(TOKENS.EmbeddingProvider), EmbeddingDimension.of(c.get(TOKENS.Config).EMBEDDING_DIM)))
    .inSingletonScope();

  const docs = TOKENS.DocumentRepository;
  bind(CreateDocument).toDynamicValue((c) => new CreateDocument(c.get(docs), c.get(Embeddings), c.get(TOKENS.Clock))).inSingletonScope();
  bind(CreateDocumentsBatch).toDynamicValue((c) => new CreateDocumentsBatch(c.get(docs), c.get(Embeddings), c.get(TOKENS.Clock))).inSingletonScope();
  bind(GetDocument).toDynamicValue((c) => new GetDocument(c.get(docs))).inSingletonScope();
  bind(ListDocuments).toDynamicValue((c) => new ListDocuments(c.get(docs))).inSingletonScope();
  bind(UpdateDocument).toDynamicValue((c) => new UpdateDocument(c.get(docs), c.get(Embeddings), c.get(TOKENS.Clock))).inSingletonScope();
  bind(DeleteDocument).toDynamicValue((c) => new DeleteDocument(c.get(docs))).inSingletonScope();
  bind(SearchDocuments).toDynamicValue((c) => new SearchDocuments(c.get(docs), c.get(Embeddings))).inSingletonScope();
});
