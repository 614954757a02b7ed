import { type RequestHandler, Router } from 'express';
import type { DeleteUser } from '../../../application/users/delete-user.js';
import type { GetUser } from '../../../application/users/get-user.js';
import type { ListUsers } from '../../../application/users/list-users.js';
import type { UpdateMe } from '../../../application/users/update-me.js';
import type { UpdateUser } from '../../../application/users/update-user.js';
import { currentUser, requireAdmin } from '../auth.js';
import { parseInput } from '../validate.js';
import {
  ListUsersQuery,
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
