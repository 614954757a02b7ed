import { type Algorithm, hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../../application/users/ports/password-hasher.js';

// Algorithm is an ambient const enum, which isolatedModules cannot read at runtime: use its value.
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
const ARGON2ID: Algorithm.Argon2id = 2;

/** OWASP's Argon2id minimum: m=19456 KiB, t=2, p=1. */
export const ARGON2_PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export class Argon2PasswordHasher implements PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password, ARGON2_PARAMS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false; // an unreadable hash is a failed login, not a server error
    }
  }
}
