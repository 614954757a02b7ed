import { type RequestHandler, Router } from 'express';
import type { ListSessions } from '../../../application/sessions/list-sessions.js';
import type { RevokeSession } from '../../../application/sessions/revoke-session.js';
import type { ChangePassword } from '../../../application/users/change-password.js';
import type { DeleteUser } from '../../../application/users/delete-user.js';
import type { GetUser } from '../../../application/users/get-user.js';
import type { ListUsers } from '../../../application/users/list-users.js';
import type { UpdateMe } from '../../../application/users/update-me.js';
import type { UpdateUser } from '../../../application/users/update-user.js';
import { currentPrincipal, currentUser, requireAdmin } from '../auth.js';
import { NEW_PASSWORD, fieldNames } from '../problem.js';
import { parseInput } from '../validate.js';
import {
  ChangePasswordBody,
  ListUsersQuery,
  SessionIdParams,
  toSessionResponse,
  UpdateMeBody,
  UpdateUserBody,
  UserIdParams,
  toUserResponse,
} from './users.schemas.js';

export interface UserUseCases {
  getUser: GetUser;
  listUsers: ListUsers;
  updateUser: UpdateUser;
  deleteUser: DeleteUser;
  updateMe: UpdateMe;
  changePassword: ChangePassword;
  listSessions: ListSessions;
  revokeSession: RevokeSession;
}

export function usersRoutes(uc: UserUseCases, requireAuth: RequestHandler): Router {
  const r = Router();
  r.use('/users', requireAuth);

  r.get('/users/me', (_req, res) => {
    res.json(toUserResponse(currentUser(res)));
  });

  r.put('/users/me', async (req, res) => {
    const body = parseInput(UpdateMeBody, req.body, 'body');
    const user = await uc.updateMe.execute({ userId: currentUser(res).id, email: body.email, fullName: body.full_name });
    res.json(toUserResponse(user));
  });

  r.put('/users/me/password', fieldNames(NEW_PASSWORD), async (req, res) => {
    const body = parseInput(ChangePasswordBody, req.body, 'body');
    await uc.changePassword.execute(currentPrincipal(res), { currentPassword: body.current_password, newPassword: body.new_password });
    res.status(204).end();
  });

  r.get('/users/me/sessions', async (_req, res) => {
    const { user, sessionId } = currentPrincipal(res);
    const sessions = await uc.listSessions.execute(user.id);
    res.json({ items: sessions.map((s) => toSessionResponse(s, sessionId)) });
  });

  r.delete('/users/me/sessions/:id', async (req, res) => {
    const { id } = parseInput(SessionIdParams, req.params, 'path');
    await uc.revokeSession.execute({ userId: currentUser(res).id, sessionId: id });
    res.status(204).end();
  });

  r.get('/users', requireAdmin, async (req, res) => {
    const page = parseInput(ListUsersQuery, req.query, 'query');
    const { items, total } = await uc.listUsers.execute(page);
    res.json({ items: items.map(toUserResponse), total, skip: page.skip, limit: page.limit });
  });

  r.get('/users/:id', requireAdmin, async (req, res) => {
    const { id } = parseInput(UserIdParams, req.params, 'path');
    res.json(toUserResponse(await uc.getUser.execute(id)));
  });

  r.put('/users/:id', requireAdmin, async (req, res) => {
    const { id } = parseInput(UserIdParams, req.params, 'path');
    const body = parseInput(UpdateUserBody, req.body, 'body');
    const user = await uc.updateUser.execute({
      actorId: currentUser(res).id,
      userId: id,
      email: body.email,
      fullName: body.full_name,
      password: body.password,
      isActive: body.is_active,
      isAdmin: body.is_admin,
    });
    res.json(toUserResponse(user));
  });

  r.delete('/users/:id', requireAdmin, async (req, res) => {
    const { id } = parseInput(UserIdParams, req.params, 'path');
    await uc.deleteUser.execute({ actorId: currentUser(res).id, userId: id });
    res.status(204).end();
  });

  return r;
}
