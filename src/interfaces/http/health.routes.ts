import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { problem } from './openapi.js';
import { sendProblem } from './problem.js';

/** Resolves true when the database answers; never rejects. */
export type DatabaseProbe = () => Promise<boolean>;

/** True once the process has been asked to stop: readiness fails so load balancers move traffic away. */
export type DrainingCheck = () => boolean;

export function healthRoutes(probeDatabase: DatabaseProbe, isDraining: DrainingCheck): Router {
  const r = Router();
  r.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'healthy' });
  });
  r.get('/health/db', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    if (isDraining()) {
      sendProblem(res, { status: 503, detail: 'The service is shutting down.' });
      return;
    }
    if (await probeDatabase()) {
      res.json({ status: 'healthy', database: 'connected' });
      return;
    }
    sendProblem(res, { status: 503, detail: 'The database cannot be reached.' });
  });
  return r;
}

export function registerHealthDocs(registry: OpenAPIRegistry, prefix: string): void {
  registry.registerPath({
    method: 'get', path: `${prefix}/health`, tags: ['health'], summary: 'Liveness',
    responses: { 200: { description: 'The process is up' } },
  });
  registry.registerPath({
    method: 'get', path: `${prefix}/health/db`, tags: ['health'], summary: 'Readiness (database reachable)',
    responses: {
      200: { description: 'The database answers' },
      503: problem('The database cannot be reached, or the process is shutting down'),
    },
  });
}
