import type { ServiceIdentifier } from 'inversify';
import type { Express } from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { DocumentRepository } from '../../application/documents/ports/document-repository.js';
import type { EmbeddingProvider } from '../../application/documents/ports/embedding-provider.js';
import type { Clock } from '../../application/shared/clock.js';
import type { PasswordHasher } from '../../application/users/ports/password-hasher.js';
import type { TokenService } from '../../application/users/ports/token-service.js';
import type { UserRepository } from '../../application/users/ports/user-repository.js';
import type { Config } from '../config/env.js';

export const TOKENS = {
  Config: Symbol.for('Config') as ServiceIdentifier<Config>,
  Logger: Symbol.for('Logger') as ServiceIdentifier<Logger>,
  Pool: Symbol.for('Pool') as ServiceIdentifier<pg.Pool>,
  Clock: Symbol.for('Clock') as ServiceIdentifier<Clock>,
  UserRepository: Symbol.for('UserRepository') as ServiceIdentifier<UserRepository>,
  PasswordHasher: Symbol.for('PasswordHasher') as ServiceIdentifier<PasswordHasher>,
  TokenService: Symbol.for('TokenService') as ServiceIdentifier<TokenService>,
  DocumentRepository: Symbol.for('DocumentRepository') as ServiceIdentifier<DocumentRepository>,
  EmbeddingProvider: Symbol.for('EmbeddingProvider') as ServiceIdentifier<EmbeddingProvider>,
  App: Symbol.for('App') as ServiceIdentifier<Express>,
};
