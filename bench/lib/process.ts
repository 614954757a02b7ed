import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../test/support/net.js';

export interface Started {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts a server process (node with `args`, on a free loopback port) and waits until `readyPath`
 * answers 2xx; a server that exits or is not ready in time is stopped and the start fails.
 */
export async function startProcess(args: string[], env: Record<string, string>, readyPath: string, readyWithinMs = 60_000): Promise<Started> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child);
  try {
    await waitUntilReady(url + readyPath, child, readyWithinMs, args.join(' '));
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid ?? 0, stop };
}

async function waitUntilReady(url: string, child: ChildProcess, withinMs: number, what: string): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${withinMs / 1000} s`);
    await sleep(100);
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => { resolve(); });
    child.kill('SIGTERM');
  });
}
