import type { Session } from '../../../domain/sessions/session.js';
import type { User } from '../../../domain/users/user.js';
import { MAX_INT4, PageQuery } from '../page.schemas.js';
import { z } from '../zod.js';

// Lengths mirror the domain rules so the OpenAPI document shows them; the domain still checks,
// because the CLI calls the same use cases without this layer.
export const EmailField = z.string().min(1).max(254).openapi({ format: 'email', example: 'ada@example.com' });
export const NewPasswordField = z.string().min(8).max(128).openapi({ format: 'password' });
const PasswordField = z.string().min(1).max(128).openapi({ format: 'password' });
const FullNameField = z.string().max(255).nullable().openapi({ example: 'Ada Lovelace' });

export const UserResponse = z
  .object({
    id: z.number().int(),
    email: z.string(),
    full_name: z.string().nullable(),
    is_active: z.boolean(),
    is_admin: z.boolean(),
    is_verified: z.boolean().openapi({ description: 'The user has proven he receives mail at this address' }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('UserResponse');

export const UserListResponse = z
  .object({ items: z.array(UserResponse), total: z.number().int(), skip: z.number().int(), limit: z.number().int() })
  .openapi('UserList');

export const RegisterBody = z
  .strictObject({ email: EmailField, password: NewPasswordField, full_name: FullNameField.optional() })
  .openapi('RegisterRequest');

export const LoginJsonBody = z.strictObject({ email: EmailField, password: PasswordField }).openapi('LoginRequest');

// RFC 6749 §4.3: the password grant as Swagger UI and OAuth2 clients send it.
export const LoginFormBody = z
  .strictObject({
    grant_type: z.literal('password').optional(),
    username: EmailField,
    password: PasswordField,
    scope: z.string().optional(),
    client_id: z.string().optional(),
    client_secret: z.string().optional(),
  })
  .openapi('LoginForm');

export const RefreshBody = z.strictObject({ refresh_token: z.string().min(1).max(4096) }).openapi('RefreshRequest');

export const TokenResponse = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal('bearer'),
    expires_in: z.number().int().openapi({ description: 'Access token lifetime in seconds' }),
  })
  .openapi('TokenResponse');

export const UpdateMeBody = z.strictObject({ email: EmailField.optional(), full_name: FullNameField.optional() }).openapi('UpdateMeRequest');

export const UpdateUserBody = z
  .strictObject({
    email: EmailField.optional(),
    full_name: FullNameField.optional(),
    password: NewPasswordField.optional(),
    is_active: z.boolean().optional(),
    is_admin: z.boolean().optional(),
  })
  .openapi('UpdateUserRequest');

export const ChangePasswordBody = z
  .strictObject({ current_password: PasswordField, new_password: NewPasswordField })
  .openapi('ChangePasswordRequest');

export const LogoutBody = z
  .strictObject({ refresh_token: z.string().min(1).max(4096).optional() })
  .openapi('LogoutRequest');

export const SessionResponse = z
  .object({
    id: z.uuid(),
    created_at: z.iso.datetime(),
    last_used_at: z.iso.datetime(),
    expires_at: z.iso.datetime(),
    user_agent: z.string().nullable(),
    ip: z.string().nullable(),
    current: z.boolean().openapi({ description: 'True for the session of the token making this request' }),
  })
  .openapi('SessionResponse');

export const SessionListResponse = z.object({ items: z.array(SessionResponse) }).openapi('SessionList');

export const SessionIdParams = z.strictObject({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
});


export const UserIdParams = z.strictObject({
  id: z.coerce.number().int().min(1).max(MAX_INT4).openapi({ param: { name: 'id', in: 'path' }, type: 'integer' }),
});

export const ListUsersQuery = PageQuery;

/** The whitelist: nothing else of a user, above all no password hash, ever leaves the service. */
export function toUserResponse(user: User): z.infer<typeof UserResponse> {
  return {
    id: user.id,
    email: user.email.value,
    full_name: user.fullName,
    is_active: user.isActive,
    is_admin: user.isAdmin,
    is_verified: user.isVerified,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  };
}

/** What a user sees of his sessions: never any token material. */
export function toSessionResponse(session: Session, currentSessionId: string): z.infer<typeof SessionResponse> {
  return {
    id: session.id,
    created_at: session.createdAt.toISOString(),
    last_used_at: session.lastUsedAt.toISOString(),
    expires_at: session.expiresAt.toISOString(),
    user_agent: session.userAgent,
    ip: session.ip,
    current: session.id === currentSessionId,
  };
}
