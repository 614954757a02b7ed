import { parseArgs } from 'node:util';
import { loadConfig } from '../infrastructure/config/env.js';
import { createLogger } from '../infrastructure/logging/logger.js';
import { EnsureAdmin } from '../application/users/ensure-admin.js';
import { startRuntime } from '../infrastructure/runtime.js';

const USAGE = 'usage: npm run create-admin -- --email EMAIL --password PASSWORD';

const { values } = parseArgs({ options: { email: { type: 'string' }, password: { type: 'string' } } });
if (!values.email || !values.password) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
const runtime = await startRuntime(config, logger);
try {
  const { user, outcome } = await runtime.container.get(EnsureAdmin).execute({ email: values.email, password: values.password });
  process.stdout.write(`admin ${user.email.value} (id ${user.id}): ${outcome}\n`);
} catch (err) {
  process.stderr.write(`create-admin failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await runtime.close();
}
