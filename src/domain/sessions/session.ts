export interface SessionProps {
  id: string;
  userId: number;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  userAgent: string | null;
  ip: string | null;
}

/** A session about to be stored: its id comes from SessionRepository.nextId(), so tokens can name it first. */
export type NewSession = Omit<SessionProps, 'revokedAt'>;

/** One login: the family of refresh tokens descended from it. */
export class Session {
  private constructor(private readonly props: SessionProps) {}

  static restore(props: SessionProps): Session {
    return new Session({ ...props });
  }

  get id(): string { return this.props.id; }
  get userId(): number { return this.props.userId; }
  get createdAt(): Date { return this.props.createdAt; }
  get lastUsedAt(): Date { return this.props.lastUsedAt; }
  get expiresAt(): Date { return this.props.expiresAt; }
  get revokedAt(): Date | null { return this.props.revokedAt; }
  get userAgent(): string | null { return this.props.userAgent; }
  get ip(): string | null { return this.props.ip; }

  isActive(now: Date): boolean {
    return this.props.revokedAt === null && this.props.expiresAt > now;
  }
}

/** Stored trace of one refresh token: only its fingerprint, never the token. */
export interface RefreshTokenRecord {
  fingerprint: string;
  sessionId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}
