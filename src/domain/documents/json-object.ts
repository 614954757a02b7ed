import type { DomainError } from '../shared/domain-error.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

// PostgreSQL's jsonb refuses the NUL character and lone UTF-16 surrogates, and very deep nesting
// exhausts its parser's stack: each is refused here, as a 422, rather than failing in the database.
const LONE_SURROGATE = /\p{Cs}/u;
export const MAX_JSON_DEPTH = 32;

export function hasUnstorableText(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

/**
 * Checks that a value is a JSON object the database can store within a size budget (bytes of its
 * UTF-8 JSON text). `fail` builds the error for the caller's field (metadata, filter).
 */
export function parseJsonObject(raw: unknown, maxBytes: number, fail: (message: string) => DomainError): JsonObject {
  if (!isJsonObject(raw)) throw fail('It must be a JSON object.');
  const problem = findProblem(raw, 1);
  if (problem) throw fail(problem);
  if (utf8Bytes(JSON.stringify(raw)) > maxBytes) {
    throw fail(`It must be at most ${maxBytes} bytes as JSON.`);
  }
  return raw;
}

const encoder = new TextEncoder();

export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function findProblem(value: unknown, depth: number): string | null {
  if (depth > MAX_JSON_DEPTH) return `It must not nest deeper than ${MAX_JSON_DEPTH} levels.`;
  if (typeof value === 'string') return hasUnstorableText(value) ? 'Text must not contain NUL or unpaired surrogates.' : null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : 'Numbers must be finite.';
  if (value === null || typeof value === 'boolean') return null;
  if (Array.isArray(value)) return firstProblem(value, depth);
  if (isJsonObject(value)) {
    if (Object.keys(value).some(hasUnstorableText)) return 'Keys must not contain NUL or unpaired surrogates.';
    return firstProblem(Object.values(value), depth);
  }
  return 'It must contain only JSON values.';
}

function firstProblem(values: unknown[], depth: number): string | null {
  for (const v of values) {
    const problem = findProblem(v, depth + 1);
    if (problem) return problem;
  }
  return null;
}
