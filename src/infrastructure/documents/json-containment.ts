import { type JsonValue, isJsonObject } from '../../domain/documents/json-object.js';

/**
 * PostgreSQL's jsonb `@>` for the in-memory adapter: an object contains the keys of the pattern with
 * contained values; an array contains each element of the pattern somewhere in it; scalars are equal.
 * (A nested array never contains a bare scalar: `{"tags":["a"]}` does not contain `{"tags":"a"}`.)
 */
export function jsonContains(target: JsonValue, pattern: JsonValue): boolean {
  if (Array.isArray(pattern)) {
    return Array.isArray(target) && pattern.every((p) => target.some((t) => jsonContains(t, p)));
  }
  if (isJsonObject(pattern)) {
    return (
      isJsonObject(target) &&
      Object.entries(pattern).every(([key, value]) => Object.hasOwn(target, key) && jsonContains(target[key] as JsonValue, value))
    );
  }
  return target === pattern;
}
