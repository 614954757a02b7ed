import { ContainerModule } from 'inversify';
import { ConfirmPasswordReset } from '../../application/accounts/confirm-password-reset.js';
import { RequestPasswordReset } from '../../application/accounts/request-password-reset.js';
import { ResendVerification } from '../../application/accounts/resend-verification.js';
import { SendVerificationEmail } from '../../application/accounts/send-verification-email.js';
import { TokenMailer } from '../../application/accounts/token-mailer.js';
import { VerifyEmail } from '../../application/accounts/verify-email.js';
import { NewPassword } from '../../application/users/new-password.js';
import { PgUserTokenRepository } from '../accounts/pg-user-token-repository.js';
import { CryptoSecretTokens } from '../security/crypto-secret-tokens.js';
import { TOKENS } from './tokens.js';

export const accountsModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.UserTokenRepository).toDynamicValue((c) => new PgUserTokenRepository(c.get(TOKENS.Pool))).inSingletonScope();
  bind(TOKENS.SecretTokens).toConstantValue(new CryptoSecretTokens());

  const uow = TOKENS.UnitOfWork;
  const secrets = TOKENS.SecretTokens;
  const clock = TOKENS.Clock;
  bind(TokenMailer)
    .toDynamicValue((c) => {
      const cfg = c.get(TOKENS.Config);
      return new TokenMailer(c.get(TOKENS.UserTokenRepository), c.get(secrets), c.get(TOKENS.MailSender), c.get(clock), {
        password_reset: cfg.PASSWORD_RESET_EXPIRE_MINUTES * 60,
        email_verification: cfg.EMAIL_VERIFY_EXPIRE_HOURS * 3600,
      });
    })
    .inSingletonScope();
  bind(SendVerificationEmail).toDynamicValue((c) => new SendVerificationEmail(c.get(TokenMailer))).inSingletonScope();
  bind(RequestPasswordReset)
    .toDynamicValue((c) => new RequestPasswordReset(c.get(TokenMailer), c.get(TOKENS.MailLimiters).passwordResetPerAddress, c.get(TOKENS.BackgroundWork)))
    .inSingletonScope();
  bind(ConfirmPasswordReset)
    .toDynamicValue((c) => new ConfirmPasswordReset(c.get(uow), c.get(secrets), c.get(NewPassword), c.get(clock)))
    .inSingletonScope();
  bind(VerifyEmail).toDynamicValue((c) => new VerifyEmail(c.get(uow), c.get(secrets), c.get(clock))).inSingletonScope();
  bind(ResendVerification)
    .toDynamicValue((c) => new ResendVerification(c.get(SendVerificationEmail), c.get(TOKENS.MailLimiters).verifyResendPerAccount))
    .inSingletonScope();
});
