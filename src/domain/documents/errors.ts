import { DomainError } from '../shared/domain-error.js';

export class InvalidEmbeddingError extends DomainError {
  readonly code = 'document.invalid_embedding';
}

export class InvalidContentError extends DomainError {
  readonly code = 'document.invalid_content';
}

export class InvalidMetadataError extends DomainError {
  readonly code = 'document.invalid_metadata';
}

export class InvalidBatchError extends DomainError {
  readonly code = 'document.invalid_batch';
}

/** Also what a caller sees for another user's document, so ids reveal nothing about other accounts. */
export class DocumentNotFoundError extends DomainError {
  readonly code = 'document.not_found';
  constructor() {
    super('The document does not exist.');
  }
}

/** The account the document would belong to is gone (deleted while the request was under way). */
export class OwnerNotFoundError extends DomainError {
  readonly code = 'document.owner_not_found';
  constructor() {
    super('The account no longer exists.');
  }
}

export class InvalidSearchLimitError extends DomainError {
  readonly code = 'search.invalid_k';
}

export class InvalidFilterError extends DomainError {
  readonly code = 'search.invalid_filter';
}

export class InvalidMinScoreError extends DomainError {
  readonly code = 'search.invalid_min_score';
}
