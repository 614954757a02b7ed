import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { freePort } from '../../support/net.js';
import { createInterface } from 'node:readline';

export interface LogLine {
  level: number;
  msg: string;
  raw: string;
}

export interface ServerProcess {
  url: string;
  pid: number;
  /** The V8 inspector's port when started with `inspect: true`. */
  inspectorPort: number | undefined;
  child: ChildProcess;
  /** Parsed pino lines the server wrote (LOG_LEVEL warn: warnings and errors only). */
  logs: LogLine[];
  /** Anything it wrote that is not a pino line (a crash, a stack trace). */
  otherOutput: string[];
  /** SIGTERM to the node process itself (no npm in between) and its exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

export const PREFIX = '/api/v1';

const INSPECTOR_NOTICE = /^(Debugger listening on ws:|For help, see: https:\/\/nodejs\.org\/|Debugger attached\.$|Debugger ending on ws:|Waiting for the debugger to disconnect\.\.\.$)/;

/**
 * The real server, as an operator starts it: `node --import tsx src/main.ts`, production mode, its
 * own port; resolves once GET /api/v1/health/db answers 200 (the database is reachable). `inspect`
 * adds node's inspector on another loopback port, for a test that drives the GC (see inspector.ts).
 */
export async function startServerProcess(
  env: Record<string, string>,
  opts: { inspect?: boolean } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const inspectorPort = opts.inspect ? await freePort() : undefined;
  const nodeArgs = inspectorPort === undefined ? [] : [`--inspect=127.0.0.1:${inspectorPort}`];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SECRET_KEY: randomBytes(32).toString('hex'),
      HOST: '127.0.0.1',
      PORT: String(port),
      // Ignored by a service without a rate limiter; keeps a future one from turning load into 429s.
      RATE_LIMIT_ENABLED: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const otherOutput: string[] = [];
  const collect = (line: string) => {
    try {
      const parsed = JSON.parse(line) as { level?: unknown; msg?: unknown };
      if (typeof parsed.level === 'number') {
        // Bounded: an outage writes one warning per failed request.
        if (logs.length < 50_000) logs.push({ level: parsed.level, msg: String(parsed.msg), raw: line });
        return;
      }
    } catch {
      // not JSON
    }
    // node's own notices about the inspector the caller asked for are not the server's output.
    if (inspectorPort !== undefined && INSPECTOR_NOTICE.test(line)) return;
    otherOutput.push(line);
  };
  createInterface({ input: child.stdout }).on('line', collect);
  createInterface({ input: child.stderr }).on('line', collect);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the server exited with ${child.exitCode} during start-up:\n${otherOutput.concat(logs.map((l) => l.raw)).join('\n')}`);
    }
    try {
      if ((await fetch(`${url}${PREFIX}/health/db`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the server did not become ready within 90 s');
    }
    await sleep(200);
  }
  return {
    url,
    pid: child.pid!,
    inspectorPort,
    child,
    logs,
    otherOutput,
    stop: (timeoutMs = 20_000) =>
      new Promise((resolve) => {
        if (child.exitCode !== null) {
          resolve(child.exitCode);
          return;
        }
        const timer = setTimeout(() => { child.kill('SIGKILL'); }, timeoutMs);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Resident set size of a process in KiB, from /proc/<pid>/status (VmRSS). */
export async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** pino's numeric levels: 50 error, 60 fatal. */
export const LEVEL_ERROR = 50;
