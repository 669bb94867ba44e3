import { DomainError } from '@berth/domain';
import {
  RuntimeConflictError,
  RuntimeContainerNotFoundError,
  RuntimeError,
  RuntimeUnavailableError,
} from '@berth/drivers';
import { BadRequest, Conflict, ResourceNotFound } from '../../errors';

/**
 * 503: the container's host has no Docker engine this API process can reach. Zun would call its
 * compute over RPC; Berth's API talks to Docker directly, so an API running apart from the
 * compute of that host cannot serve logs, exec, top, stats or archives. Retrying elsewhere (or
 * later, once the compute is back) is the user's only move, hence 503 and not a 4xx.
 */
export class ComputeHostUnreachable extends DomainError {
  readonly code: string = 'compute-host-unreachable';
  readonly status: number = 503;
  constructor(readonly host: string) {
    super(`The compute host ${host} of this container is not reachable from this API server.`);
  }
}

/** Zun's DockerError, message template included: the engine refused for a reason of its own. */
export class DockerError extends DomainError {
  readonly code: string = 'docker-error';
  readonly status: number = 500;
  constructor(detail: string) {
    super(`Docker internal error: ${detail}.`);
  }
}

/** How one route reads the engine's failures; only what differs from the defaults. */
export interface RuntimeErrorHints {
  uuid: string;
  host: string;
  /** Replaces Docker's 404 text (which names the Docker id, not the Zun uuid). */
  notFound?: string;
  /** Docker answers some user mistakes with a 500 (bad ps args, a broken tar): these become 400. */
  userFault?: RegExp;
}

/**
 * Turns a runtime failure into the refusal the user gets. Anything the user caused is a 4xx with
 * Docker's own words; a container Docker lost is a 409 (the reconciler will catch up); no answer
 * from the engine at all is the host being unreachable. Non-runtime errors pass through (500).
 */
export function toUserError(err: unknown, hints: RuntimeErrorHints): unknown {
  // An engine that did not answer is classified with every other outage (errors/dependency-failure).
  if (!(err instanceof RuntimeError) || err instanceof RuntimeUnavailableError) return err;
  if (err instanceof RuntimeContainerNotFoundError) {
    return new Conflict(
      `Container ${hints.uuid} no longer exists in Docker on host ${hints.host}; its status will be reconciled.`,
    );
  }
  if (err instanceof RuntimeConflictError) return new Conflict(err.message);
  const status = err.statusCode;
  if (status === undefined) return new ComputeHostUnreachable(hints.host);
  if (status === 404) return new ResourceNotFound(hints.notFound ?? err.message);
  if (status >= 400 && status < 500) return new BadRequest(err.message);
  if (hints.userFault?.test(err.message)) return new BadRequest(err.message);
  return new DockerError(err.message);
}
