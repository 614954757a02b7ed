import type { Metric } from '../../domain/documents/metric.js';
import { parseSearchOptions } from '../../domain/documents/search.js';
import type { Embeddings } from './embeddings.js';
import type { DocumentRepository, SearchHit } from './ports/document-repository.js';

export type SearchDocumentsCommand = {
  ownerId: number;
  k?: number;
  metric?: Metric;
  filter?: unknown;
  minScore?: number | null;
} & ({ embedding: number[]; query?: undefined } | { query: string; embedding?: undefined });

/** k-nearest neighbours among the caller's own documents, by a vector or by text the provider embeds. */
export class SearchDocuments {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly embeddings: Embeddings,
  ) {}

  async execute(cmd: SearchDocumentsCommand): Promise<SearchHit[]> {
    // Everything but the vector is checked first, so a bad k does not cost a provider call.
    const options = parseSearchOptions(cmd);
    const embedding = cmd.embedding ? this.embeddings.parse(cmd.embedding) : await this.embeddings.forQuery(cmd.query);
    return this.documents.search({ ...options, embedding });
  }
}
