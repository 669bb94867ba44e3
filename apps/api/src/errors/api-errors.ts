import { DomainError } from '@berth/domain';

/*
 * Generic API-level refusals. Feature code throws these (or its own DomainError subclasses); the
 * global filter turns any DomainError into Zun's error body using `status`, `code` and `message`.
 * `message` is what the zun CLI prints, so it must be a sentence a user can act on.
 */

/** 400: the request is malformed or a parameter is invalid (Zun's `Invalid`). */
export class BadRequest extends DomainError {
  readonly code: string = 'invalid';
  readonly status: number = 400;
}

/** 401: no token, or one that is expired, forged or unscoped. */
export class AuthenticationRequired extends DomainError {
  readonly code: string = 'authentication-required';
  readonly status: number = 401;
  constructor(message = 'Authentication required') {
    super(message);
  }
}

/** 403: Zun's PolicyNotAuthorized, e.g. `new PolicyNotAuthorized('container:delete_force')`. */
export class PolicyNotAuthorized extends DomainError {
  readonly code: string = 'policy-not-authorized';
  readonly status: number = 403;
  constructor(readonly action: string) {
    super(`Policy doesn't allow ${action} to be performed.`);
  }
}

/** 404 for a path or resource that does not exist (Zun's ResourceNotFound wording). */
export class ResourceNotFound extends DomainError {
  readonly code: string = 'not-found';
  readonly status: number = 404;
  constructor(message = 'The resource could not be found.') {
    super(message);
  }
}

/**
 * Zun's RegistryNotFound. Berth keeps no private registries (Zun's /v1/registries), so a create
 * naming one is refused rather than pulled without the credentials the user meant.
 */
export class RegistryNotFound extends DomainError {
  readonly code: string = 'registry-not-found';
  readonly status: number = 404;
  constructor(readonly registry: string) {
    super(`Registry ${registry} could not be found.`);
  }
}

/** 405: the path exists but not with this method. */
export class MethodNotAllowed extends DomainError {
  readonly code: string = 'method-not-allowed';
  readonly status: number = 405;
  constructor(message = 'The method specified is not allowed for this resource.') {
    super(message);
  }
}

/** 406: a malformed OpenStack-API-Version header, or a route outside its version range. */
export class NotAcceptable extends DomainError {
  readonly code: string = 'not-acceptable';
  readonly status: number = 406;
}

/** 406: a well-formed version outside [1.1, 1.40]; keeps the version for the response header. */
export class MicroversionUnsupported extends NotAcceptable {
  override readonly code: string = 'microversion-unsupported';
  constructor(
    readonly requested: { toHeader(): string },
    message: string,
  ) {
    super(message);
  }
}

/** 409: a generic conflict (duplicate name, concurrent change). */
export class Conflict extends DomainError {
  readonly code: string = 'conflict';
  readonly status: number = 409;
}

/** 429: the caller (its address, or its project) went over a rate limit; see rate-limits/. */
export class TooManyRequests extends DomainError {
  readonly code: string = 'too-many-requests';
  readonly status: number = 429;
  constructor(
    message: string,
    /** Whole seconds until a retry can succeed, for the Retry-After header. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * 503: something Berth depends on (PostgreSQL, a Docker engine) did not answer in time or could not
 * be reached, or Berth is too busy to take the request now. Nothing about the request was wrong:
 * the same request may succeed later.
 */
export class ServiceUnavailable extends DomainError {
  readonly code: string = 'service-unavailable';
  readonly status: number = 503;
}
