const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
// SQLSTATEs meaning "the server cannot serve you right now", not "your query is wrong":
// admin/crash shutdown, cannot connect now, too many connections, and query_canceled — which our
// own statement_timeout raises when the database is too slow to answer in time (overload), and
// nothing in this service cancels statements otherwise.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);
const POOL_MESSAGES = ['timeout exceeded when trying to connect', 'Connection terminated', 'connection timeout'];

/** True when an error means the database is unreachable, which clients should see as 503, not 500. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) return true;
  }
  if (POOL_MESSAGES.some((m) => err.message.includes(m))) return true;
  return err instanceof AggregateError && err.errors.some(isDatabaseUnavailable);
}
