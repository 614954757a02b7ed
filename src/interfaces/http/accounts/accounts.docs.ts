import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { BEARER, problem } from '../openapi.js';
import { PasswordResetConfirmBody, PasswordResetRequestBody, VerifyEmailBody } from './accounts.schemas.js';

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });
const invalid = problem('Invalid request (the failing fields are listed)');
const tooMany = problem('Too many requests from this address (see Retry-After)');

export function registerAccountDocs(registry: OpenAPIRegistry, prefix: string): void {
  registry.registerPath({
    method: 'post', path: `${prefix}/auth/password-reset/request`, tags: ['auth'], summary: 'Mail a password reset link',
    description: 'Always 202, whether or not an active account has the address; only then is a link mailed.',
    request: { body: json(PasswordResetRequestBody) },
    responses: { 202: { description: 'Accepted' }, 422: invalid, 429: tooMany },
  });
  registry.registerPath({
    method: 'post', path: `${prefix}/auth/password-reset/confirm`, tags: ['auth'], summary: 'Set a new password with a reset token',
    description: 'The token works once. Success signs the user out of every session and marks the address verified.',
    request: { body: json(PasswordResetConfirmBody) },
    responses: {
      204: { description: 'Password changed' }, 400: problem('Invalid, used or expired token (auth.invalid_reset_token)'),
      422: invalid, 429: tooMany,
    },
  });
  registry.registerPath({
    method: 'post', path: `${prefix}/auth/verify-email`, tags: ['auth'], summary: 'Verify the email address with a mailed token',
    request: { body: json(VerifyEmailBody) },
    responses: {
      204: { description: 'Address verified' }, 400: problem('Invalid, used or expired token (auth.invalid_verification_token)'),
      422: invalid,
    },
  });
  registry.registerPath({
    method: 'post', path: `${prefix}/auth/verify-email/resend`, tags: ['auth'], summary: 'Mail me another verification link',
    description: 'Nothing is sent when the address is verified already.',
    security: BEARER,
    responses: {
      202: { description: 'Accepted' }, 401: problem('Missing, invalid or expired access token'),
      429: problem('Too many requests for this account or from this address (see Retry-After)'),
    },
  });
}
