import { type RequestListener, type Server, createServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { problemText } from './problem.js';

export interface ServerTimeouts {
  keepAliveTimeout: number;
  headersTimeout: number;
  requestTimeout: number;
}

const TIMEOUTS: ServerTimeouts = {
  // Longer than the idle timeout of common load balancers (60 s: AWS ALB, nginx upstream keep-alive
  // pools): the balancer must be the side that closes an idle connection, or it may send a request
  // down a socket we are closing at that moment and answer 502.
  keepAliveTimeout: 65_000,
  // A client gets 15 s to send its headers and 30 s for the whole request (bodies are at most 1 MB):
  // slow-loris connections are cut, while a slow mobile upload still fits. Neither bounds the handler.
  headersTimeout: 15_000,
  requestTimeout: 30_000,
};

// Node looks for connections past headersTimeout or requestTimeout only this often (30 s by default,
// which would let the 15 s headers limit run to 45 s).
const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

/** The HTTP server the app listens on, with the limits below. */
export function createHttpServer(app: RequestListener): Server {
  const server = createServer({ connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS }, app);
  configureServer(server);
  return server;
}

/**
 * The listening server's limits, each with its reason, and its answer to requests Express never sees.
 * Tests pass shorter timeouts to see them expire in seconds rather than in half a minute.
 */
export function configureServer(server: Server, timeouts: Partial<ServerTimeouts> = {}): void {
  const { keepAliveTimeout, headersTimeout, requestTimeout } = { ...TIMEOUTS, ...timeouts };
  server.keepAliveTimeout = keepAliveTimeout;
  server.headersTimeout = headersTimeout;
  server.requestTimeout = requestTimeout;
  server.on('clientError', answerClientError);
}

/**
 * Node's HTTP parser refused the request before any handler ran (bytes that are not HTTP, headers over
 * 16 KiB, a request that arrived too slowly). Node would answer a bare status line; clients get the
 * same problem+json as everywhere else. There is no response object here: the answer is written raw.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, detail] = clientErrorProblem(err.code);
  const { statusLine, body } = problemText(status, detail);
  // end() alone only half-closes (node:http sockets allow half-open): a slow-loris client that ignores
  // the FIN would keep the connection, past every timeout, and the parser would go on reading what it
  // sends, up to handling a request already answered 408. Once the answer is out, the socket goes.
  socket.end(
    `HTTP/1.1 ${statusLine}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

function clientErrorProblem(code: string | undefined): [number, string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'The request headers are larger than the server accepts (16 KiB).'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'The request did not arrive in time.'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'The chunk extensions of the request body are too large.'];
    default:
      return [400, 'The request is not valid HTTP (malformed request line, header or encoding).'];
  }
}
