import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { BEARER, problem } from '../openapi.js';
import { ChangePasswordBody, LogoutBody, SessionIdParams, SessionListResponse } from './users.schemas.js';

const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });
const unauthenticated = problem('Missing, invalid or expired access token, or its session has ended');
const invalid = problem('Invalid request (the failing fields are listed)');
const done = { description: 'Done' };

/** The session routes: logout, logout everywhere, the list of one's sessions, password change. */
export function registerSessionDocs(registry: OpenAPIRegistry, prefix: string): void {
  registry.registerPath({
    method: 'post', path: `${prefix}/auth/logout`, tags: ['auth'], security: BEARER,
    summary: "End this token's session (and, with refresh_token, the session that token belongs to)",
    request: { body: { required: false, ...json(LogoutBody) } },
    responses: { 204: done, 401: unauthenticated, 422: invalid },
  });
  registry.registerPath({
    method: 'post', path: `${prefix}/auth/logout-all`, tags: ['auth'], security: BEARER,
    summary: 'End every session of the caller', responses: { 204: done, 401: unauthenticated },
  });
  registry.registerPath({
    method: 'put', path: `${prefix}/users/me/password`, tags: ['users'], security: BEARER,
    summary: 'Change my password; every other session ends',
    request: { body: json(ChangePasswordBody) },
    responses: {
      204: done, 400: problem('The current password is wrong'), 401: unauthenticated,
      422: problem('The new password is too short, too long or too common'),
      429: problem('Too many wrong current passwords: the account is locked for Retry-After seconds'),
    },
  });
  registry.registerPath({
    method: 'get', path: `${prefix}/users/me/sessions`, tags: ['users'], security: BEARER,
    summary: 'List my live sessions, newest first',
    responses: { 200: { description: 'My sessions (no token material)', ...json(SessionListResponse) }, 401: unauthenticated },
  });
  registry.registerPath({
    method: 'delete', path: `${prefix}/users/me/sessions/{id}`, tags: ['users'], security: BEARER,
    summary: 'End one of my sessions', request: { params: SessionIdParams },
    responses: { 204: done, 401: unauthenticated, 404: problem('No such session of mine'), 422: invalid },
  });
}
