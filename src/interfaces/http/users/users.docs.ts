import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { BEARER, problem } from '../openapi.js';
import {
  ListUsersQuery,
  LoginFormBody,
  LoginJsonBody,
  RefreshBody,
  RegisterBody,
  TokenResponse,
  UpdateMeBody,
  UpdateUserBody,
  UserIdParams,
  UserListResponse,
  UserResponse,
} from './users.schemas.js';

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });
const user = { description: 'The user', ...json(UserResponse) };
const tokens = { description: 'A new token pair', ...json(TokenResponse) };
const unauthenticated = problem('Missing, invalid or expired access token');
const invalid = problem('Invalid request (the failing fields are listed)');
const tooMany = problem('Rate limit or account lockout reached: retry after Retry-After seconds');

export function registerUserDocs(registry: OpenAPIRegistry, prefix: string): void {
  registry.registerPath({
    method: 'post', path: `${prefix}/auth/register`, tags: ['auth'], summary: 'Register a new user',
    request: { body: json(RegisterBody) },
    responses: { 201: user, 409: problem('Email already registered'), 422: invalid, 429: tooMany },
  });
  registry.registerPath({
    method: 'post', path: `${prefix}/auth/login`, tags: ['auth'], summary: 'Log in (OAuth2 password grant or JSON)',
    request: {
      body: {
        content: {
          'application/x-www-form-urlencoded': { schema: LoginFormBody },
          'application/json': { schema: LoginJsonBody },
        },
      },
    },
    responses: { 200: tokens, 401: problem('Incorrect email or password'), 403: problem('Inactive account, or an unverified address while REQUIRE_EMAIL_VERIFICATION is on'), 422: invalid, 429: tooMany },
  });
  registry.registerPath({
    method: 'post', path: `${prefix}/auth/refresh`, tags: ['auth'], summary: 'Exchange a refresh token for a new pair',
    request: { body: json(RefreshBody) },
    responses: { 200: tokens, 401: problem('Invalid, expired, revoked or reused refresh token'), 422: invalid, 429: tooMany },
  });
  registry.registerPath({
    method: 'get', path: `${prefix}/users/me`, tags: ['users'], summary: 'Read my profile', security: BEARER,
    responses: { 200: user, 401: unauthenticated },
  });
  registry.registerPath({
    method: 'put', path: `${prefix}/users/me`, tags: ['users'], summary: 'Update my name or email', security: BEARER,
    request: { body: json(UpdateMeBody) },
    responses: { 200: user, 401: unauthenticated, 409: problem('Email already registered'), 422: invalid },
  });
  registry.registerPath({
    method: 'get', path: `${prefix}/users`, tags: ['users'], summary: 'List users (admin)', security: BEARER,
    request: { query: ListUsersQuery },
    responses: { 200: { description: 'A page of users', ...json(UserListResponse) }, 401: unauthenticated, 403: problem('Not an admin'), 422: invalid },
  });
  registry.registerPath({
    method: 'get', path: `${prefix}/users/{id}`, tags: ['users'], summary: 'Read a user (admin)', security: BEARER,
    request: { params: UserIdParams },
    responses: { 200: user, 401: unauthenticated, 403: problem('Not an admin'), 404: problem('No such user'), 422: invalid },
  });
  registry.registerPath({
    method: 'put', path: `${prefix}/users/{id}`, tags: ['users'], summary: 'Update a user (admin)', security: BEARER,
    request: { params: UserIdParams, body: json(UpdateUserBody) },
    responses: {
      200: user, 401: unauthenticated, 403: problem('Not an admin, or an admin deactivating or demoting himself'),
      404: problem('No such user'), 409: problem('Email already registered'), 422: invalid,
    },
  });
  registry.registerPath({
    method: 'delete', path: `${prefix}/users/{id}`, tags: ['users'], summary: 'Delete a user (admin)', security: BEARER,
    request: { params: UserIdParams },
    responses: {
      204: { description: 'Deleted' }, 401: unauthenticated, 403: problem('Not an admin, or an admin deleting himself'),
      404: problem('No such user'), 422: invalid,
    },
  });
}
