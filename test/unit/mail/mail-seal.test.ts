import { describe, expect, it } from 'vitest';
import { Email } from '../../../src/domain/users/email.js';
import { composeTokenMail } from '../../../src/infrastructure/mail/compose.js';
import { MailSeal } from '../../../src/infrastructure/mail/mail-seal.js';

const SECRET = 'a-secret-key-of-at-least-32-bytes-for-tests';
const TOKEN = 'tok-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
const mail = composeTokenMail(
  { purpose: 'email_verification', to: Email.parse('ann@example.com'), token: TOKEN, expiresAt: new Date('2030-01-03T00:00:00Z') },
  'https://app.example.test',
);

describe('MailSeal', () => {
  it('when a mail is sealed, then it opens to the same mail under the same key, and holds neither token nor link in clear', () => {
    const sealed = new MailSeal(SECRET).seal(mail);
    expect(sealed.toString('latin1')).not.toContain(TOKEN);
    expect(sealed.toString('latin1')).not.toContain('verify-email');
    expect(new MailSeal(SECRET).open(mail.purpose, mail.to, sealed)).toEqual(mail);
  });

  it('when one mail is sealed twice, then the two differ (a fresh IV each time)', () => {
    const seal = new MailSeal(SECRET);
    expect(seal.seal(mail).equals(seal.seal(mail))).toBe(false);
  });

  it('when it is opened under another SECRET_KEY, then it throws', () => {
    const sealed = new MailSeal(SECRET).seal(mail);
    expect(() => new MailSeal(`${SECRET}-rotated`).open(mail.purpose, mail.to, sealed)).toThrow();
  });

  it('when the recipient or the purpose beside it was changed, then it throws: the link cannot be redirected', () => {
    const seal = new MailSeal(SECRET);
    const sealed = seal.seal(mail);
    expect(() => seal.open(mail.purpose, 'mallory@example.com', sealed)).toThrow();
    expect(() => seal.open('password_reset', mail.to, sealed)).toThrow();
  });

  it('when a byte of the sealed mail was changed, then it throws', () => {
    const seal = new MailSeal(SECRET);
    const sealed = seal.seal(mail);
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 1;
    expect(() => seal.open(mail.purpose, mail.to, sealed)).toThrow();
  });
});
