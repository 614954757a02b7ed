import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase, uniqueEmail } from '../support/database.js';
import { spawnEntry } from '../support/process.js';

/** Runs one of our entry points to completion, the way a user would. */
async function run(script: string, args: string[], env: Record<string, string>) {
  const p = spawnEntry(script, args, env);
  const code = await p.exited;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

async function userRow(email: string): Promise<{ is_admin: boolean; password_hash: string } | undefined> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ is_admin: boolean; password_hash: string }>(
      'SELECT is_admin, password_hash FROM users WHERE email = $1',
      [email],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

describe('start-up configuration', () => {
  it('when production runs with a short SECRET_KEY, then the server refuses to start and names the variable', async () => {
    const r = await run('src/main.ts', [], { NODE_ENV: 'production', SECRET_KEY: 'too-short', DATABASE_URL: db.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SECRET_KEY');
  });

  it('when production runs with no SECRET_KEY, then it refuses to start', async () => {
    const r = await run('src/main.ts', [], { NODE_ENV: 'production', DATABASE_URL: db.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SECRET_KEY');
  });

  it('when PORT is not a number, then start-up stops with a message naming PORT', async () => {
    const r = await run('src/main.ts', [], { PORT: 'eighty', DATABASE_URL: db.url });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PORT');
  });

  it('when PORT is taken by another process, then start-up stops with a log line naming PORT and the cause, and exits 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const r = await run('src/main.ts', [], { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url, LOG_LEVEL: 'info' });
      expect(r.code).toBe(1);
      const fatal = r.stdout.split('\n').find((l) => l.includes('cannot listen'));
      expect(fatal).toBeDefined();
      expect(JSON.parse(fatal ?? '{}')).toMatchObject({ level: 60, code: 'EADDRINUSE', port });
      expect(fatal).toContain('PORT');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
  });
});

describe('npm run create-admin', () => {
  const env = () => ({ DATABASE_URL: db.url, SECRET_KEY: randomBytes(32).toString('hex') });

  it('when run twice for a new email, then it creates an admin once and is idempotent after', async () => {
    const email = uniqueEmail('cli');
    const first = await run('src/cli/create-admin.ts', ['--email', email, '--password', 'cli-password-1'], env());
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created');
    const before = await userRow(email);
    expect(before?.is_admin).toBe(true);

    const second = await run('src/cli/create-admin.ts', ['--email', email, '--password', 'another-password'], env());
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('unchanged');
    expect((await userRow(email))?.password_hash).toBe(before?.password_hash);
  });

  it('when the password breaks the policy, then it fails and writes nothing', async () => {
    const email = uniqueEmail('cli');
    const r = await run('src/cli/create-admin.ts', ['--email', email, '--password', 'short'], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('at least 8');
    expect(await userRow(email)).toBeUndefined();
  });

  it('when arguments are missing, then it prints the usage and exits 2', async () => {
    const r = await run('src/cli/create-admin.ts', [], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage');
  });
});
