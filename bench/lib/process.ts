import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../../test/support/net.js';

export interface Started {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts a server process and waits until its URL answers. */
export async function startServer(args: string[], env: Record<string, string>, readyPath: string): Promise<Started> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url + readyPath)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => { resolve(); });
        child.kill('SIGTERM');
      }),
  };
}
