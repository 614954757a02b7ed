import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { UserTokenPurpose } from '../../application/accounts/ports/user-token-repository.js';
import type { OutgoingMail } from './outgoing-mail.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
// HKDF's info: a key of its own, so the outbox never shares the key that signs JWTs.
const KEY_LABEL = 'mail-outbox';

/** What only the sealed payload holds: the link, and the texts that carry it. */
type SealedParts = Pick<OutgoingMail, 'subject' | 'text' | 'html' | 'link'>;

/**
 * Seals queued mail with AES-256-GCM under a key derived from SECRET_KEY. The tokens are stored
 * elsewhere only as hashes so that a copy of the database (a backup, a replica, a dump) cannot reset
 * a password; the outbox, which holds the links themselves, must not undo that. Purpose and recipient
 * stay readable beside the payload and are bound to it as associated data: a row altered to send its
 * link to another address no longer opens. Layout: IV (12 bytes), tag (16), ciphertext.
 */
export class MailSeal {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, new Uint8Array(0), KEY_LABEL, 32));
  }

  seal(mail: OutgoingMail): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(mail.purpose, mail.to));
    const parts: SealedParts = { subject: mail.subject, text: mail.text, html: mail.html, link: mail.link };
    const body = Buffer.concat([cipher.update(JSON.stringify(parts), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** Throws when the mail was sealed under another SECRET_KEY, or altered since. */
  open(purpose: UserTokenPurpose, to: string, sealed: Buffer): OutgoingMail {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(purpose, to));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    // Authenticated above: this is what seal() wrote.
    const parts = JSON.parse(plain.toString('utf8')) as SealedParts;
    return { purpose, to, ...parts };
  }
}

function associatedData(purpose: UserTokenPurpose, to: string): Buffer {
  return Buffer.from(JSON.stringify([purpose, to]), 'utf8');
}
