import { createServer } from 'node:net';

/**
 * A loopback port nothing listens on right now: a dependency that is down, or a port for a server
 * about to start.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface RawAnswer {
  status: number;
  /** Names in lower case. */
  headers: Record<string, string>;
  /** The body parsed as JSON; undefined when there is none. */
  body: unknown;
}

/** An HTTP/1.1 answer as read off a socket: status line, headers, and a JSON body if any. */
export function parseRawAnswer(bytes: Buffer): RawAnswer {
  const [head = '', body = ''] = bytes.toString('utf8').split('\r\n\r\n', 2);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i).toLowerCase(), l.slice(i + 1).trim()];
  }));
  return { status: Number(statusLine.split(' ')[1]), headers, body: body ? JSON.parse(body) : undefined };
}
