import { DomainError } from '../../domain/shared/domain-error.js';

export class EmbeddingRequiredError extends DomainError {
  readonly code = 'document.embedding_required';
}

export class QueryNeedsProviderError extends DomainError {
  readonly code = 'search.query_needs_provider';
  constructor() {
    super('Searching by `query` text needs an embedding provider, and none is configured (EMBEDDING_API_URL): send `embedding` instead.');
  }
}

/** The provider answered, but with a refusal (bad key, unknown model) or a malformed or mis-sized result. */
export class EmbeddingProviderFailedError extends DomainError {
  readonly code = 'embedding.provider_failed';
}

/** The provider could not be reached, timed out, or stayed overloaded through every retry. */
export class EmbeddingProviderUnavailableError extends DomainError {
  readonly code = 'embedding.provider_unavailable';
  constructor() {
    super('The embedding provider is unavailable. Try again shortly.');
  }
}
