import { IncomingMessage, ServerResponse } from 'node:http';
import { stdSerializers } from 'pino';

// Matched against every key at any depth: header names, body fields, error properties, entity props.
const SECRET_KEY = /passw(or)?d|passphrase|secret|token|authorization|cookie|hash|api[-_]?key|credential/i;
const CENSOR = '[redacted]';
const MAX_DEPTH = 8;

/**
 * A copy of a log record's merging object in which every value under a secret-looking key is censored.
 * Errors, requests and responses are turned into pino's standard shapes first, so their own fields
 * (an error's enumerable properties, a request's headers) are scrubbed too.
 */
export function scrubSecrets(record: Record<string, unknown>): Record<string, unknown> {
  return scrubObject(record, new WeakSet(), 0);
}

function scrub(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (value instanceof Error) return scrubObject(stdSerializers.err(value), seen, depth);
  if (value instanceof IncomingMessage) return scrubObject(stdSerializers.req(value), seen, depth);
  if (value instanceof ServerResponse) return scrubObject(stdSerializers.res(value as ServerResponse), seen, depth);
  // Dates, Buffers, URLs: JSON.stringify uses their toJSON, which carries no nested keys.
  if ('toJSON' in value && typeof value.toJSON === 'function') return value;
  if (Array.isArray(value)) {
    seen.add(value);
    return value.map((v: unknown) => scrub(v, seen, depth + 1));
  }
  return scrubObject(value, seen, depth);
}

function scrubObject(value: object, seen: WeakSet<object>, depth: number): Record<string, unknown> {
  seen.add(value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? CENSOR : scrub(v, seen, depth + 1);
  }
  return out;
}
