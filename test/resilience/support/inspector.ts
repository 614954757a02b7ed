/** A Chrome DevTools Protocol session with a node process started with `--inspect=127.0.0.1:<port>`. */
export interface InspectorSession {
  /**
   * A full, compacting garbage collection, then the bytes the JS heap still uses: what the process
   * retains, without the garbage that waits for the next major GC.
   */
  retainedHeapBytes(): Promise<number>;
  close(): void;
}

interface Reply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

// A forced GC waits for the event loop behind the requests in flight; longer than this is a stall.
const COMMAND_TIMEOUT_MS = 30_000;

export async function connectInspector(port: number): Promise<InspectorSession> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl?: string }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector target on port ${port}`);
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => { resolve(); }, { once: true });
    ws.addEventListener('error', () => { reject(new Error(`cannot connect to the inspector at ${url}`)); }, { once: true });
  });
  const pending = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  ws.addEventListener('message', (event) => {
    const reply = JSON.parse(String(event.data)) as Reply;
    const waiter = reply.id === undefined ? undefined : pending.get(reply.id);
    if (!waiter || reply.id === undefined) return;
    pending.delete(reply.id);
    if (reply.error) waiter.reject(new Error(reply.error.message));
    else waiter.resolve(reply.result ?? {});
  });
  // A server that exits mid-command would otherwise leave the caller waiting for ever.
  ws.addEventListener('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('the inspector connection closed'));
    pending.clear();
  });
  let nextId = 1;
  const send = (method: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method}: no answer from the inspector within ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      const settle = <T>(fn: (value: T) => void) => (value: T) => {
        clearTimeout(timer);
        fn(value);
      };
      pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
      ws.send(JSON.stringify({ id, method }));
    });
  return {
    async retainedHeapBytes() {
      await send('HeapProfiler.collectGarbage');
      const usage = await send('Runtime.getHeapUsage');
      if (typeof usage.usedSize !== 'number') throw new Error('Runtime.getHeapUsage answered no usedSize');
      return usage.usedSize;
    },
    close() {
      ws.close();
    },
  };
}
