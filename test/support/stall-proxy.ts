import { type Server, type Socket, connect, createServer } from 'node:net';

/**
 * A TCP proxy in front of a server that can be made to stall: after stall(), it keeps every
 * connection open, and accepts new ones, but forwards nothing, as a network partition or a frozen
 * server would look.
 */
export class StallProxy {
  private constructor(
    private readonly server: Server,
    private readonly sockets: Set<Socket>,
    private readonly state: { stalled: boolean },
    readonly port: number,
  ) {}

  static async start(targetPort: number, targetHost = '127.0.0.1'): Promise<StallProxy> {
    const sockets = new Set<Socket>();
    const state = { stalled: false };
    const server = createServer((client) => {
      const upstream = connect(targetPort, targetHost);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
      }
      client.on('data', (chunk) => { if (!state.stalled) upstream.write(chunk); });
      upstream.on('data', (chunk) => { if (!state.stalled) client.write(chunk); });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return new StallProxy(server, sockets, state, address.port);
  }

  stall(): void {
    this.state.stalled = true;
  }

  /** Forwards again; connections opened meanwhile carry on (bytes sent while stalled are lost). */
  resume(): void {
    this.state.stalled = false;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => { resolve(); }));
  }
}
