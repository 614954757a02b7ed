export interface SecretToken {
  /** Goes to the user, in a link; never stored. */
  token: string;
  /** Stored in its place. */
  hash: string;
}

/** Unguessable one-time tokens, and the one-way hash under which they are stored and looked up. */
export interface SecretTokens {
  generate(): SecretToken;
  hash(token: string): string;
}
