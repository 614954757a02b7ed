/**
 * Base of every error the domain and application layers throw on purpose. It carries a stable
 * machine-readable code and no transport detail: the HTTP layer maps codes to statuses in one place.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
