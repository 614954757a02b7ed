import { type Algorithm, hash, parseOptions, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '../../application/users/ports/password-hasher.js';

// Algorithm is an ambient const enum, which isolatedModules cannot read at runtime: use its value.
// eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
const ARGON2ID: Algorithm.Argon2id = 2;

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's Argon2id minimum: m=19456 KiB, t=2, p=1. */
export const ARGON2_PARAMS: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export class Argon2PasswordHasher implements PasswordHasher {
  constructor(private readonly params: Argon2Params = ARGON2_PARAMS) {}

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: ARGON2ID, ...this.params });
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false; // an unreadable hash is a failed login, not a server error
    }
  }

  needsRehash(passwordHash: string): boolean {
    if (!passwordHash.startsWith('$argon2id$')) return true;
    try {
      const p = parseOptions(passwordHash);
      return p.memoryCost !== this.params.memoryCost || p.timeCost !== this.params.timeCost || p.parallelism !== this.params.parallelism;
    } catch {
      return true;
    }
  }
}
