import { describe, expect, it } from 'vitest';
import { Email } from '../../../src/domain/users/email.js';
import { SelfChangeForbiddenError } from '../../../src/domain/users/errors.js';
import { User } from '../../../src/domain/users/user.js';

const AT = new Date('2030-01-01T00:00:00.000Z');

function stored(id: number): User {
  return User.restore({
    ...User.register({ email: Email.parse('a@example.com'), passwordHash: 'h', fullName: null, isAdmin: true, at: AT }),
    id,
  });
}

describe('User', () => {
  it('when registered without isAdmin, then active, not admin, with created and updated at the given time', () => {
    const draft = User.register({ email: Email.parse('a@example.com'), passwordHash: 'h', fullName: ' Ada ', at: AT });
    expect(draft).toMatchObject({ fullName: 'Ada', isActive: true, isAdmin: false, createdAt: AT, updatedAt: AT });
  });

  it('when an admin deactivates or demotes himself, then SelfChangeForbiddenError', () => {
    expect(() => { stored(1).assertAdminMayChange(1, { isActive: false }); }).toThrow(SelfChangeForbiddenError);
    expect(() => { stored(1).assertAdminMayChange(1, { isAdmin: false }); }).toThrow(SelfChangeForbiddenError);
  });

  it('when an admin sets his own flags to true or changes other fields, then it is allowed', () => {
    expect(() => { stored(1).assertAdminMayChange(1, { isActive: true, isAdmin: true, fullName: null }); }).not.toThrow();
  });

  it('when an admin deactivates or demotes someone else, then it is allowed', () => {
    expect(() => { stored(2).assertAdminMayChange(1, { isActive: false, isAdmin: false }); }).not.toThrow();
  });

  it('when an admin deletes himself, then SelfChangeForbiddenError; someone else, then allowed', () => {
    expect(() => { stored(1).assertAdminMayDelete(1); }).toThrow(SelfChangeForbiddenError);
    expect(() => { stored(2).assertAdminMayDelete(1); }).not.toThrow();
  });
});
