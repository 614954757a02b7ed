import { type RenderedMail, actionMail, formatExpiry } from './html.js';

export function emailVerificationMail(v: { email: string; link: string; expiresAt: Date }): RenderedMail {
  return actionMail({
    subject: 'Verify your email address',
    intro: [`Please confirm that ${v.email} is your email address.`],
    action: 'Verify my address',
    link: v.link,
    outro: [
      `The link works once and expires at ${formatExpiry(v.expiresAt)}.`,
      'If you did not create an account or change your address, ignore this mail.',
    ],
  });
}
