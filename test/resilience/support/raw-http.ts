import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawRequest {
  method: string;
  /** The request target exactly as sent: path and query, already encoded as the caller wants. */
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** Serves a request listener (an Express app) on a loopback port of this process. */
export async function listen(handler: http.RequestListener): Promise<Listening> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => { resolve(); });
      }),
  };
}

/**
 * One request over a fresh connection, with exactly the headers given (node:http adds Host and, with a
 * body, Content-Length; nothing else). Unlike supertest it never invents a Content-Type, so "no
 * content type" and "a form body on a JSON route" are sent as such. Rejects when no answer arrives
 * within timeoutMs: a hang is a failure too.
 */
export function send(port: number, req: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['Content-Length'] = String(req.body.length);
    const r = http.request(
      { host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent: false },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => {
      r.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    r.on('error', (err) => {
      // The server may answer (413) and close before it has read the whole body: the write then fails
      // after the answer arrived, which is not an error of the exchange.
      if (answered) return;
      clearTimeout(timer);
      reject(err);
    });
    r.end(req.body);
  });
}
