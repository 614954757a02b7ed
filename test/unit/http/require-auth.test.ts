import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { Authenticate } from '../../../src/application/users/authenticate.js';
import { StartSession } from '../../../src/application/users/start-session.js';
import { Email } from '../../../src/domain/users/email.js';
import { JoseTokenService } from '../../../src/infrastructure/security/jose-token-service.js';
import { currentUser, requireAuth } from '../../../src/interfaces/http/auth.js';
import { inMemoryWorld } from '../fakes.js';

describe('requireAuth', () => {
  it('when two guards run on one request, then the token is resolved once and the principal kept', async () => {
    const w = inMemoryWorld();
    const tokens = new JoseTokenService(
      { secret: 'a-test-secret-of-at-least-thirty-two-bytes!', issuer: 'seed-api', audience: 'seed-api', accessTtlSeconds: 900, refreshTtlSeconds: 3600 },
      w.clock,
    );
    const user = await w.users.insert({
      email: Email.parse('guard@example.com'), fullName: null, passwordHash: 'plain:x', isActive: true, isAdmin: false,
      isVerified: true, createdAt: w.clock.now(), updatedAt: w.clock.now(),
    });
    const pair = await new StartSession(w.sessions, tokens, w.clock, 3600).execute(user.id, { userAgent: null, ip: null });
    const resolved: string[] = [];
    class CountingAuthenticate extends Authenticate {
      override execute(token: string) {
        resolved.push(token);
        return super.execute(token);
      }
    }
    const guard = requireAuth(new CountingAuthenticate(w.sessions, tokens, w.clock));
    const app = express().get('/twice', guard, guard, (_req, res) => void res.json({ id: currentUser(res).id }));
    const res = await request(app).get('/twice').set('Authorization', `Bearer ${pair.accessToken}`).expect(200);
    expect(res.body).toEqual({ id: user.id });
    expect(resolved).toHaveLength(1);
  });
});
