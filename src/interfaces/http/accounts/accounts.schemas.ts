import { EmailField, NewPasswordField } from '../users/users.schemas.js';
import { z } from '../zod.js';

// The token is 43 characters; the bound only keeps megabytes away from the hash.
const TokenField = z.string().min(1).max(256).openapi({ description: 'The token from the link in the mail' });

export const PasswordResetRequestBody = z.strictObject({ email: EmailField }).openapi('PasswordResetRequest');

export const PasswordResetConfirmBody = z
  .strictObject({ token: TokenField, new_password: NewPasswordField })
  .openapi('PasswordResetConfirm');

export const VerifyEmailBody = z.strictObject({ token: TokenField }).openapi('VerifyEmailRequest');
