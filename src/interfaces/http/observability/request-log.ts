import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { requestId } from './request-id.js';
import { routeOfRequest } from './route-label.js';

interface Finished {
  responseTime: number;
}

/**
 * One JSON line per request, written when it ends: request id, method, path, route template, status,
 * duration and client address. Headers and bodies are not logged at all; the logger scrubs secrets
 * from anything else a handler logs through `req.log`, which carries the same request id.
 */
export function requestLogger(logger: Logger) {
  const summary = (req: Request, res: Response, { responseTime }: Finished) => ({
    method: req.method,
    path: req.originalUrl.split('?', 1)[0],
    route: routeOfRequest(res),
    status: res.statusCode,
    durationMs: responseTime,
    ip: req.ip,
    // The client hung up before the answer was sent: the status is what it would have been.
    ...(res.writableFinished ? {} : { aborted: true }),
  });
  return pinoHttp<Request, Response>({
    logger,
    genReqId: requestId,
    customAttributeKeys: { reqId: 'requestId' },
    quietReqLogger: true,
    quietResLogger: true,
    // Keep the logger's own serializers, which scrub secrets, instead of pino-http's copies.
    wrapSerializers: false,
    // pino-http binds the whole request to a child logger on every request, even in quiet mode where
    // nothing logs through it; without this the IncomingMessage was stringified each time (a sixth
    // of the CPU of GET /users/me).
    serializers: { req: omitted },
    customLogLevel: (_req, res, err) => levelOf(res.statusCode, err),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, val: Finished) => summary(req, res, val),
    customErrorObject: (req, res, _err, val: Finished) => summary(req, res, val),
  });
}

const omitted = (): undefined => undefined;

/**
 * 503 means a dependency is down (already logged once as a warning with its cause): an outage is
 * an operating condition, not a defect, so it must not page like a 500 does.
 */
function levelOf(status: number, err: unknown): 'info' | 'warn' | 'error' {
  if (status === 503) return 'warn';
  return err !== undefined || status >= 500 ? 'error' : 'info';
}

