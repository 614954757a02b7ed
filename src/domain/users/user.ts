import { type Email } from './email.js';
import { SelfChangeForbiddenError } from './errors.js';
import { parseFullName } from './full-name.js';

export interface UserProps {
  id: number;
  email: Email;
  fullName: string | null;
  passwordHash: string;
  isActive: boolean;
  isAdmin: boolean;
  /** The user has shown he receives mail at `email`. */
  isVerified: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A user not yet stored: the database assigns the id. */
export type NewUser = Omit<UserProps, 'id'>;

export interface UserChanges {
  email?: Email;
  fullName?: string | null;
  passwordHash?: string;
  isActive?: boolean;
  isAdmin?: boolean;
  isVerified?: boolean;
}

export class User {
  private constructor(private readonly props: UserProps) {}

  /**
   * A new account: active; not admin and its address not verified, unless a trusted caller
   * (seeding, CLI) says so.
   */
  static register(input: {
    email: Email;
    passwordHash: string;
    fullName: string | null;
    isAdmin?: boolean;
    isVerified?: boolean;
    at: Date;
  }): NewUser {
    return {
      email: input.email,
      fullName: parseFullName(input.fullName),
      passwordHash: input.passwordHash,
      isActive: true,
      isAdmin: input.isAdmin ?? false,
      isVerified: input.isVerified ?? false,
      createdAt: input.at,
      updatedAt: input.at,
    };
  }

  /** Rebuilds a stored user; the data is trusted. */
  static restore(props: UserProps): User {
    return new User({ ...props });
  }

  get id(): number { return this.props.id; }
  get email(): Email { return this.props.email; }
  get fullName(): string | null { return this.props.fullName; }
  get passwordHash(): string { return this.props.passwordHash; }
  get isActive(): boolean { return this.props.isActive; }
  get isAdmin(): boolean { return this.props.isAdmin; }
  get isVerified(): boolean { return this.props.isVerified; }
  get createdAt(): Date { return this.props.createdAt; }
  get updatedAt(): Date { return this.props.updatedAt; }

  /** A new address is unproven until verified again; the same address (in any case) is no change. */
  changeEmail(email: Email): UserChanges {
    return email.equals(this.email) ? {} : { email, isVerified: false };
  }

  /**
   * Checks what an admin may change on this account. An admin who deactivates or demotes himself
   * could leave the system with no admin at all, so those two are refused on his own account.
   */
  assertAdminMayChange(actorId: number, changes: UserChanges): void {
    if (actorId !== this.id) return;
    if (changes.isActive === false) throw new SelfChangeForbiddenError('deactivate');
    if (changes.isAdmin === false) throw new SelfChangeForbiddenError('demote');
  }

  assertAdminMayDelete(actorId: number): void {
    if (actorId === this.id) throw new SelfChangeForbiddenError('delete');
  }
}
