import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { startProcess } from './process.js';

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
  const args = serverMode.startsWith('node') ? ['--enable-source-maps', 'dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const server = await startProcess(
    args,
    { NODE_ENV: 'production', SECRET_KEY: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', HOST: '127.0.0.1', MIGRATE_ON_START: 'false', ...env },
    `${PREFIX}/health/db`,
    30_000,
  );
  try {
    const res = await fetch(`${server.url}${PREFIX}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(login) });
    const { access_token: token } = (await res.json()) as { access_token: string };
    return { url: server.url, token, stop: () => server.stop() };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
