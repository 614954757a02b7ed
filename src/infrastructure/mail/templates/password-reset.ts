import { type RenderedMail, actionMail, formatExpiry } from './html.js';

export function passwordResetMail(v: { email: string; link: string; expiresAt: Date }): RenderedMail {
  return actionMail({
    subject: 'Reset your password',
    intro: [`Someone asked to reset the password of the account for ${v.email}.`],
    action: 'Choose a new password',
    link: v.link,
    outro: [
      `The link works once and expires at ${formatExpiry(v.expiresAt)}. Choosing a new password signs you out everywhere.`,
      'If you did not ask for this, ignore this mail: your password stays as it is.',
    ],
  });
}
