import { createHash, randomBytes } from 'node:crypto';
import type { SecretToken, SecretTokens } from '../../application/accounts/ports/secret-tokens.js';

// 256 bits: guessing one of the live tokens is out of reach however many are outstanding.
const TOKEN_BYTES = 32;

export class CryptoSecretTokens implements SecretTokens {
  generate(): SecretToken {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    return { token, hash: this.hash(token) };
  }

  /** SHA-256 suffices: the token is long and random, not a password to stretch. */
  hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }
}
