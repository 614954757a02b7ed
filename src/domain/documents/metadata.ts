import { InvalidFilterError, InvalidMetadataError } from './errors.js';
import { type JsonObject, parseJsonObject } from './json-object.js';

export const MAX_METADATA_BYTES = 16 * 1024;

export function parseMetadata(raw: unknown): JsonObject {
  return parseJsonObject(raw, MAX_METADATA_BYTES, (m) => new InvalidMetadataError(`metadata: ${m}`));
}

/** A search filter is a metadata fragment (containment), so it has the same shape and budget. */
export function parseFilter(raw: unknown): JsonObject {
  return parseJsonObject(raw, MAX_METADATA_BYTES, (m) => new InvalidFilterError(`filter: ${m}`));
}
