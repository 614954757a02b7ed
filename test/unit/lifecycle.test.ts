import { type IncomingMessage, type Server, type ServerResponse, createServer, get, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { GracefulShutdown } from '../../src/infrastructure/lifecycle.js';
import { createLogger } from '../../src/infrastructure/logging/logger.js';

interface Harness {
  server: Server;
  port: number;
  shutdown: GracefulShutdown;
  stop: (reason: string) => void;
  exited: Promise<number>;
  closed: () => boolean;
  /** Lets the held request answer. */
  release: () => void;
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.closeAllConnections();
});

/** A server whose /slow request is held until released, under a shutdown whose exit is recorded. */
async function harness(graceMs: number, opts: { closeLimitMs?: number; close?: () => Promise<void> } = {}): Promise<Harness> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => { release = resolve; });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/slow') void held.then(() => res.end('done'));
    else res.end('fast');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let exit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => { exit = resolve; });
  const shutdown = new GracefulShutdown({
    logger: createLogger('silent'),
    graceMs,
    ...(opts.closeLimitMs === undefined ? {} : { closeLimitMs: opts.closeLimitMs }),
    exit: (code) => { exit(code); },
  });
  let closed = false;
  const stop = shutdown.stopper(server, async () => {
    // Closing takes a while, as the pool's does: the exit must wait for it.
    await (opts.close ? opts.close() : sleep(50));
    closed = true;
  });
  return { server, port: (server.address() as AddressInfo).port, shutdown, stop, exited, closed: () => closed, release };
}

function fetchText(port: number, path: string, agent?: Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => { resolve(body); });
    }).on('error', reject);
  });
}

describe('graceful shutdown', () => {
  it('when stopped with a request in flight, then it drains, refuses new connections, finishes the request, closes and exits 0', async () => {
    const h = await harness(5_000);
    const agent = new Agent({ keepAlive: true });
    await fetchText(h.port, '/fast', agent);                 // leaves an idle keep-alive socket
    const slow = fetchText(h.port, '/slow', agent);
    await sleep(50);
    h.stop('SIGTERM');
    expect(h.shutdown.isDraining()).toBe(true);
    await expect(fetchText(h.port, '/fast')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(h.closed()).toBe(false);
    h.release();
    expect(await slow).toBe('done');
    // The in-flight request's keep-alive socket goes idle afterwards and must not hold the exit.
    expect(await h.exited).toBe(0);
    expect(h.closed()).toBe(true);
    agent.destroy();
  });

  it('when the grace period runs out, then the request is cut, the pool and the rest are still closed, and it exits 1', async () => {
    const h = await harness(200);
    // Handled at once: the cut comes before the exit, which waits for closing.
    const slow = fetchText(h.port, '/slow').then(() => 'answered', () => 'cut');
    await sleep(50);
    h.stop('SIGTERM');
    expect(await h.exited).toBe(1);
    expect(h.closed()).toBe(true);
    expect(await slow).toBe('cut');
  });

  it('when the grace period is zero and nothing is in flight, then it closes and exits 0, idle keep-alive sockets included', async () => {
    const h = await harness(0);
    const agent = new Agent({ keepAlive: true });
    await fetchText(h.port, '/fast', agent);
    h.stop('SIGTERM');
    expect(await h.exited).toBe(0);
    expect(h.closed()).toBe(true);
    agent.destroy();
  });

  it('when closing hangs after the requests are done, then it exits 1 once the close limit is over', async () => {
    const h = await harness(5_000, { closeLimitMs: 100, close: () => new Promise<void>(() => undefined) });
    h.stop('SIGTERM');
    expect(await h.exited).toBe(1);
    expect(h.closed()).toBe(false);
  });

  it('when a second stop request comes during the drain, then it exits 1 at once', async () => {
    const h = await harness(60_000);
    const slow = fetchText(h.port, '/slow').catch(() => 'dropped');
    await sleep(50);
    h.stop('SIGTERM');
    h.stop('SIGINT');
    expect(await h.exited).toBe(1);
    h.release();
    await slow;
  });
});
