/** Turns text into vectors (an embedding model behind some API). */
export interface EmbeddingProvider {
  /** false for the "none" adapter: clients then send their own vectors. */
  readonly enabled: boolean;
  /**
   * One vector per text, in order. Throws EmbeddingProviderUnavailableError when the provider cannot
   * answer now, EmbeddingProviderFailedError when it answers with a refusal or nonsense.
   */
  embed(texts: readonly string[]): Promise<number[][]>;
}
