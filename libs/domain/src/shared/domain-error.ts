/**
 * A refusal the user can act on. `code` is Zun's kebab-case fault string (e.g. `container-not-found`)
 * and `status` the HTTP status the API answers with; the API maps every DomainError in one place.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
