import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '../support/database.js';
import { PASSWORD, PREFIX, useTestApp } from '../support/app.js';

const t = useTestApp();

describe('a first user journey', () => {
  it('when a user registers, logs in and reads /users/me, then he sees his own profile', async () => {
    const email = uniqueEmail();
    const reg = await request(t.app).post(`${PREFIX}/auth/register`).send({ email, password: PASSWORD }).expect(201);
    expect(reg.body).toMatchObject({ email, full_name: null, is_active: true, is_admin: false });
    const login = await request(t.app).post(`${PREFIX}/auth/login`).type('form').send({ username: email, password: PASSWORD }).expect(200);
    const me = await request(t.app).get(`${PREFIX}/users/me`).set('Authorization', `Bearer ${login.body.access_token}`).expect(200);
    expect(me.body.id).toBe(reg.body.id);
  });

  it('when the database has pgvector, then the vector type works', async () => {
    const { rows } = await t.pool.query<{ d: number }>(`SELECT '[1,2,3]'::vector <-> '[1,2,4]'::vector AS d`);
    expect(rows[0]?.d).toBe(1);
  });
});
