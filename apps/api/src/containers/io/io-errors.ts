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

/** A path a route asked Docker to copy from (get_archive) or into (put_archive). */
export interface ArchivePathHint {
  path: string;
  direction: 'get' | 'put';
}

/** How one route reads the engine's failures; only what differs from the defaults. */
export interface RuntimeErrorHints {
  uuid: string;
  host: string;
  /** Replaces Docker's 404 text (which names the Docker id, not the Zun uuid). */
  notFound?: string;
  /** Docker answers some user mistakes with a 500 (bad ps args, a broken tar): these become 400. */
  userFault?: RegExp;
  /**
   * An archive route: Docker's refusals about the path are answered in Berth's words (404 or 400,
   * never Docker's text, which names the engine's own overlay directories).
   */
  archive?: ArchivePathHint;
}

/** The hints of an archive route over the container's own. */
export function pathHints(
  hints: RuntimeErrorHints,
  path: string,
  direction: ArchivePathHint['direction'],
): RuntimeErrorHints {
  return { ...hints, archive: { path, direction } };
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
  if (hints.archive !== undefined) return archiveRefusal(err, status, hints.archive, hints.uuid);
  if (status === 404) return new ResourceNotFound(hints.notFound ?? err.message);
  if (status >= 400 && status < 500) return new BadRequest(err.message);
  if (hints.userFault?.test(err.message)) return new BadRequest(err.message);
  return new DockerError(err.message);
}

/**
 * What Docker's archive endpoints answer about a path, read from its status and message (it gives
 * no codes): a missing file is a 404; a path through a file, too long or looping, a destination
 * that is no directory and a broken tar are 400s. Anything else is Docker failing, said without
 * its message.
 */
const PATH_REFUSALS: ReadonlyArray<{
  test: RegExp;
  refusal: (p: string, u: string) => DomainError;
}> = [
  {
    test: /no such file or directory|could not find the file/i,
    refusal: (p, u) => new ResourceNotFound(missing(p, u)),
  },
  {
    test: /extraction point is not a directory/i,
    refusal: (p, u) => new BadRequest(`The destination ${p} in container ${u} is not a directory.`),
  },
  {
    // get_archive of /etc/hosts/x: a part of the path is a file, so the path names nothing.
    test: /not a directory/i,
    refusal: (p, u) => new ResourceNotFound(missing(p, u)),
  },
  {
    test: /file name too long|too many (symbolic )?links/i,
    refusal: (p, u) =>
      new BadRequest(
        `The path ${p} cannot be resolved in container ${u}: a name in it is too long, or it follows too many links.`,
      ),
  },
  {
    test: /error processing tar file/i,
    refusal: (p) => new BadRequest(`The data sent for ${p} is not a valid tar archive.`),
  },
];

function missing(path: string, uuid: string): string {
  return `Could not find the file ${path} in container ${uuid}.`;
}

function archiveRefusal(
  err: RuntimeError,
  status: number,
  archive: ArchivePathHint,
  uuid: string,
): DomainError {
  const path = shownPath(archive.path);
  if (status === 404) return new ResourceNotFound(missing(path, uuid));
  const known = PATH_REFUSALS.find(({ test }) => test.test(err.message));
  if (known !== undefined) return known.refusal(path, uuid);
  if (status >= 400 && status < 500) {
    return new BadRequest(`The path ${path} is not valid in container ${uuid}.`);
  }
  const verb = archive.direction === 'get' ? 'copy' : 'copy into';
  return new DockerError(`could not ${verb} ${path} in container ${uuid}`);
}

/** A path as a message shows it: a 4,096-character one is cut, not echoed whole. */
function shownPath(path: string): string {
  return path.length > 256 ? `${path.slice(0, 256)}…` : path;
}
