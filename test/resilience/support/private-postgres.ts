// A PostgreSQL 15 cluster of its own for a test that stops and starts the database: the machine's
// shared server (127.0.0.1:5432) serves other test runs and must never be stopped.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../support/net.js';

const run = promisify(execFile);

export const PG_BIN = process.env.RESILIENCE_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PrivateCluster {
  port: number;
  /** postgresql://postgres@127.0.0.1:<port>/postgres (trust authentication) */
  url: string;
  dir: string;
  /** pg_ctl stop -m fast: sessions are terminated, open transactions roll back, a checkpoint is written. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** The server's own log, for a failure message. */
  log(): Promise<string>;
  /** Stops it (immediate) and removes its directory; safe to call twice. */
  destroy(): Promise<void>;
}

function id(flag: '-u' | '-g', user: string): number {
  const r = spawnSync('id', [flag, user], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`no "${user}" account on this machine (id ${flag} ${user} failed)`);
  return Number(r.stdout.trim());
}

/**
 * initdb + pg_ctl start as the postgres account (runuser), in a temporary directory, on a free port.
 * Needs root, as CI has. The cluster is removed by destroy(), and at process exit if a test forgot.
 */
export async function startPrivateCluster(): Promise<PrivateCluster> {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'The database-restart test starts a private PostgreSQL cluster as the postgres account with `runuser -u postgres`, ' +
        'which needs root. Run `npm run test:resilience` as root (CI does).',
    );
  }
  for (const bin of ['initdb', 'pg_ctl']) {
    if (!existsSync(join(PG_BIN, bin))) {
      throw new Error(`${join(PG_BIN, bin)} not found: PostgreSQL 15 server binaries are needed (or set RESILIENCE_PG_BIN).`);
    }
  }
  const uid = id('-u', 'postgres');
  const gid = id('-g', 'postgres');
  const dir = await mkdtemp(join(tmpdir(), 'seed-resilience-pg-'));
  await chmod(dir, 0o755);
  await chown(dir, uid, gid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'log');
  const port = await freePort();
  const asPostgres = (bin: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args], { cwd: dir, timeout: 90_000 });

  let destroyed = false;
  const destroySync = () => {
    if (destroyed) return;
    destroyed = true;
    spawnSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore' });
    spawnSync('rm', ['-rf', dir]);
  };
  process.once('exit', destroySync);

  const cluster: PrivateCluster = {
    port,
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    dir,
    stop: async () => {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    },
    start: async () => {
      await asPostgres('pg_ctl', [
        '-D', data, '-l', logFile, '-w', '-t', '60',
        '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50`,
        'start',
      ]);
    },
    log: async () => {
      const r = await run('tail', ['-n', '40', logFile]).catch(() => ({ stdout: '(no log)' }));
      return r.stdout;
    },
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      process.removeListener('exit', destroySync);
      await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    await cluster.start();
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
  return cluster;
}
