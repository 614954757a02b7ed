import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

// A caller's id is kept only when it is a plain token: it lands in logs and a response header, so
// nothing that could forge a log line or split a header gets through, and nothing unbounded.
const SANE_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The id that ties a request's log lines together: the caller's X-Request-ID (a load balancer or a
 * client correlating its own logs) when sane, else a new UUID. Echoed back so the caller can quote it.
 */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-ID', id);
  return id;
}
