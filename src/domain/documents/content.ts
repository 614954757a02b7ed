import { InvalidContentError } from './errors.js';
import { hasUnstorableText, utf8Bytes } from './json-object.js';

/** 100 KiB of UTF-8: a chunk for retrieval, not a whole book. */
export const MAX_CONTENT_BYTES = 100 * 1024;

/** Content is kept exactly as sent (no trimming): it is what a RAG prompt quotes back. */
export function parseContent(raw: string): string {
  if (raw.trim().length === 0) throw new InvalidContentError('The content must not be empty.');
  if (utf8Bytes(raw) > MAX_CONTENT_BYTES) {
    throw new InvalidContentError(`The content must be at most ${MAX_CONTENT_BYTES} bytes of UTF-8.`);
  }
  // PostgreSQL text cannot hold NUL, and a lone surrogate would be stored as U+FFFD.
  if (hasUnstorableText(raw)) throw new InvalidContentError('The content must not contain NUL or unpaired surrogates.');
  return raw;
}
