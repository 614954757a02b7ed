import { Container } from 'inversify';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config/env.js';
import { SystemClock } from '../security/system-clock.js';
import { documentsModule } from './documents.module.js';
import { accountsModule } from './accounts.module.js';
import { httpModule } from './http.module.js';
import { mailModule } from './mail.module.js';
import { TOKENS } from './tokens.js';
import { securityModule } from './security.module.js';
import { usersModule } from './users.module.js';

export interface Runtime {
  config: Config;
  logger: Logger;
  pool: pg.Pool;
}

/** The one composition root: everything the process runs is wired here. */
export function buildContainer(runtime: Runtime): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.Config).toConstantValue(runtime.config);
  container.bind(TOKENS.Logger).toConstantValue(runtime.logger);
  container.bind(TOKENS.Pool).toConstantValue(runtime.pool);
  container.bind(TOKENS.Clock).toConstantValue(new SystemClock());
  container.load(securityModule, usersModule, mailModule, accountsModule, documentsModule, httpModule);
  return container;
}
