import { type RequestHandler, Router } from 'express';
import type { ConfirmPasswordReset } from '../../../application/accounts/confirm-password-reset.js';
import type { RequestPasswordReset } from '../../../application/accounts/request-password-reset.js';
import type { ResendVerification } from '../../../application/accounts/resend-verification.js';
import type { VerifyEmail } from '../../../application/accounts/verify-email.js';
import { currentUser } from '../auth.js';
import { NEW_PASSWORD, fieldNames } from '../problem.js';
import { type RequestLimiter, limitByIp } from '../rate-limit.js';
import { parseInput } from '../validate.js';
import { PasswordResetConfirmBody, PasswordResetRequestBody, VerifyEmailBody } from './accounts.schemas.js';

export interface AccountUseCases {
  requestPasswordReset: RequestPasswordReset;
  confirmPasswordReset: ConfirmPasswordReset;
  verifyEmail: VerifyEmail;
  resendVerification: ResendVerification;
}

export interface AccountLimiters {
  passwordReset: RequestLimiter | null;
  verifyResend: RequestLimiter | null;
}

export function accountsRoutes(uc: AccountUseCases, limiters: AccountLimiters, requireAuth: RequestHandler): Router {
  const r = Router();

  // 202 whether or not the address has an account: the answer must not tell.
  r.post('/auth/password-reset/request', limitByIp(limiters.passwordReset), async (req, res) => {
    const body = parseInput(PasswordResetRequestBody, req.body, 'body');
    await uc.requestPasswordReset.execute(body.email);
    res.status(202).end();
  });

  r.post('/auth/password-reset/confirm', limitByIp(limiters.passwordReset), fieldNames(NEW_PASSWORD), async (req, res) => {
    const body = parseInput(PasswordResetConfirmBody, req.body, 'body');
    await uc.confirmPasswordReset.execute({ token: body.token, newPassword: body.new_password });
    res.status(204).end();
  });

  // 204, no user in the answer: whoever holds the link learns nothing more of the account than it says.
  r.post('/auth/verify-email', async (req, res) => {
    const body = parseInput(VerifyEmailBody, req.body, 'body');
    await uc.verifyEmail.execute(body.token);
    res.status(204).end();
  });

  r.post('/auth/verify-email/resend', limitByIp(limiters.verifyResend), requireAuth, async (_req, res) => {
    await uc.resendVerification.execute(currentUser(res));
    res.status(202).end();
  });

  return r;
}
