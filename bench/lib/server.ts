import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { freePort } from '../../test/support/net.js';
import { setTimeout as sleep } from 'node:timers/promises';

export const PREFIX = '/api/v1';

export interface RunningServer {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** How the server runs: the build when there is one (as in production), else from source through tsx. */
export const serverMode = existsSync('dist/main.js') ? 'node dist/main.js' : 'tsx src/main.ts';

/**
 * The API in its own process, as deployed (the benchmark client must not share its event loop),
 * on the bench database with the given HNSW_EF_SEARCH; logged in as the bench user.
 */
export async function startServer(env: Record<string, string>, login: { email: string; password: string }): Promise<RunningServer> {
  const port = await freePort();
  const args = serverMode.startsWith('node') ? ['--enable-source-maps', 'dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', SECRET_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn',
      HOST: '127.0.0.1', PORT: String(port), MIGRATE_ON_START: 'false', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(url, child);
    const res = await fetch(`${url}${PREFIX}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(login) });
    const { access_token: token } = (await res.json()) as { access_token: string };
    return { url, token, stop: () => stop(child) };
  } catch (err) {
    await stop(child);
    throw err;
  }
}

async function waitUntilReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    const ok = await fetch(`${url}${PREFIX}/health/db`).then((r) => r.ok, () => false);
    if (ok) return;
    await sleep(100);
  }
  throw new Error('the server did not become ready in 30 s');
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => { resolve(); });
    child.kill('SIGTERM');
  });
}

