import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { Gauge, Histogram, type Registry } from 'prom-client';
import { sendProblem } from '../problem.js';
import { routeOfRequest } from './route-label.js';

// From 1 ms (a cached read) to 10 s (the statement timeout): Argon2 logins land around 20-50 ms.
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Times every request by method, route template and status, and counts those in flight. */
export function httpMetrics(registry: Registry): RequestHandler {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to finishing (or abandoning) its response.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  const inFlight = new Gauge({ name: 'http_requests_in_flight', help: 'Requests being served now.', registers: [registry] });
  return (req, res, next) => {
    inFlight.inc();
    const stop = duration.startTimer({ method: req.method, route: routeOfRequest(res) });
    // 'close' fires once per response, after 'finish' or when the client goes away first.
    res.once('close', () => {
      inFlight.dec();
      stop({ status_code: String(res.statusCode) });
    });
    next();
  };
}

/** GET /metrics in Prometheus text; with a token configured, only for `Authorization: Bearer <token>`. */
export function metricsEndpoint(registry: Registry, token: string | undefined): RequestHandler {
  return async (req, res) => {
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      sendProblem(res, { status: 401, detail: 'A valid metrics token is required.' });
      return;
    }
    res.set('Cache-Control', 'no-store').type(registry.contentType).send(await registry.metrics());
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '';
  // Comparing digests gives equal lengths, so the comparison takes the same time whatever was sent.
  return timingSafeEqual(sha256(presented), sha256(token));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();
