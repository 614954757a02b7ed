import { type Server, createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ServerTimeouts, configureServer } from '../../src/interfaces/http/server.js';
import { PASSWORD, PREFIX, type TestApp, startTestApp } from '../support/app.js';
import { type CapturedLogs, captureLogs } from '../support/logs.js';
import { type RawAnswer, parseRawAnswer } from '../support/net.js';

describe('server timeouts as configured for production', () => {
  const server = createServer();
  configureServer(server);

  it('when no timeouts are given, then idle keep-alive 65 s, headers 15 s, whole request 30 s', () => {
    expect({ keepAliveTimeout: server.keepAliveTimeout, headersTimeout: server.headersTimeout, requestTimeout: server.requestTimeout })
      .toEqual({ keepAliveTimeout: 65_000, headersTimeout: 15_000, requestTimeout: 30_000 });
  });

  it('when no timeouts are given, then headers are due before the whole request, and idle connections outlive a load balancer (60 s)', () => {
    expect(server.headersTimeout).toBeLessThan(server.requestTimeout);
    expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
  });
});

// Node looks for late requests only every connectionsCheckingInterval (30 s by default): checking
// often lets one-second limits expire in about a second.
const CHECK_INTERVAL_MS = 100;
const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
// The slow client sends something this often: slow, but never idle.
const DRIP_MS = 100;
// A server that never answers or never closes fails here, well inside vitest's 30 s.
const GIVE_UP_MS = 20_000;

let t: TestApp;
let logs: CapturedLogs;
const servers: Server[] = [];
beforeAll(async () => {
  logs = captureLogs();
  t = await startTestApp({}, { logger: logs.logger });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => {
    s.closeAllConnections();
    s.close(resolve);
  })));
});
afterAll(() => t.close());

/** The real app behind a server configured as in production, except for the timeouts given. */
async function serve(timeouts: Partial<ServerTimeouts>): Promise<number> {
  const server = createServer({ connectionsCheckingInterval: CHECK_INTERVAL_MS }, t.app);
  configureServer(server, timeouts);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

interface SlowAnswer extends RawAnswer {
  /** From the first byte sent to the answer. */
  answeredAfterMs: number;
}

/**
 * Sends `head` at once, then one piece of `drip` every DRIP_MS, and carries on after the answer: a
 * slow-loris client does not stop because the server has half-closed (allowHalfOpen). Resolves once
 * the server has closed the connection for good; rejects if it closes without answering.
 */
function slowRequest(port: number, head: string, drip: string[]): Promise<SlowAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const chunks: Buffer[] = [];
    let answeredAt: number | undefined;
    const startedAt = performance.now();
    const dripping = setInterval(() => {
      const piece = drip.shift();
      if (piece !== undefined && socket.writable) socket.write(piece);
    }, DRIP_MS);
    const giveUp = setTimeout(() => {
      socket.destroy(new Error(answeredAt === undefined ? `no answer within ${GIVE_UP_MS} ms` : `connection still open ${GIVE_UP_MS} ms after the answer`));
    }, GIVE_UP_MS);
    socket.on('data', (c: Buffer) => {
      answeredAt ??= performance.now();
      chunks.push(c);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // Writing to a connection the server has closed is refused: that is how a closed one shows.
      if (answeredAt !== undefined && (err.code === 'EPIPE' || err.code === 'ECONNRESET')) return;
      reject(err);
    });
    socket.on('close', () => {
      clearInterval(dripping);
      clearTimeout(giveUp);
      // Closed without a byte of answer: fail now rather than at vitest's timeout (after an error,
      // the promise has already settled with it).
      if (answeredAt === undefined) {
        reject(new Error('the server closed the connection without answering'));
        return;
      }
      resolve({ ...parseRawAnswer(Buffer.concat(chunks)), answeredAfterMs: answeredAt - startedAt });
    });
    socket.write(head);
  });
}

const expect408 = (res: SlowAnswer) => {
  expect(res.status).toBe(408);
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(res.headers.connection).toBe('close');
  expect(res.body).toEqual({ type: 'about:blank', title: 'Request Timeout', status: 408, detail: 'The request did not arrive in time.' });
};

describe('clients too slow to send their request', () => {
  it('when the headers trickle in past headersTimeout, then 408 problem+json and the server closes the connection', async () => {
    // The whole-request limit is far off: only the headers limit can explain an answer within GIVE_UP_MS.
    const port = await serve({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: 60_000 });
    const headerLines = Array.from({ length: 1_000 }, (_, i) => `X-Drip-${i}: a\r\n`);
    const res = await slowRequest(port, `GET ${PREFIX}/health HTTP/1.1\r\nHost: x\r\n`, headerLines);
    expect408(res);
    expect(res.answeredAfterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS);
  });

  it('when the headers arrive but the body trickles in past requestTimeout, then 408 problem+json and the server closes the connection', async () => {
    const port = await serve({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS });
    // A registration a byte at a time, padded (JSON allows trailing blanks) to outlast GIVE_UP_MS.
    const body = `${JSON.stringify({ email: 'slow-body@example.com', password: PASSWORD })}${' '.repeat(GIVE_UP_MS / DRIP_MS)}`;
    const head = `POST ${PREFIX}/auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const res = await slowRequest(port, head, Array.from(body));
    expect408(res);
    // Past the headers limit too: the whole-request limit is the one that cut it.
    expect(res.answeredAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
    // A client too slow is not a defect of ours: nothing at pino's error level (50) or above.
    expect(logs.records().filter((r) => typeof r.level === 'number' && r.level >= 50)).toEqual([]);
  });
});
