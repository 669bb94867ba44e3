import { createHash } from 'node:crypto';
import { DomainError } from '../shared';
import { isValidRepository } from './image-reference';

/**
 * Committed images live in a per-project namespace on the host: `commit?repository=nginx` by
 * project P makes `berth-commit/<digest of P>/nginx`, never `nginx`. So nothing a tenant commits
 * can take a name another project pulls or runs (`run nginx` keeps getting the registry's nginx),
 * and another project cannot name the image at all (see assertImageVisibleTo).
 *
 * `berth-commit` has no `.` or `:`, so Docker reads it as a path, not a registry host; a pull of
 * such a name would go to Docker Hub, where no account can hold it (Hub names have no `-`).
 */
export const COMMIT_NAMESPACE = 'berth-commit';

const DIGEST_LENGTH = 16;

/** A fixed-length digest of a project id: two projects never share a namespace. */
export function projectDigest(project: string): string {
  return createHash('sha256').update(project).digest('hex').slice(0, DIGEST_LENGTH);
}

/** The Docker repository a commit by `project` to `repository` lands in. */
export function projectImageRepository(project: string, repository: string): string {
  if (hasRegistryHost(repository)) throw new CommitRepositoryRefused(repository);
  const namespaced = `${COMMIT_NAMESPACE}/${projectDigest(project)}/${repository}`;
  if (!isValidRepository(namespaced)) throw new CommitRepositoryRefused(repository);
  return namespaced;
}

/**
 * The project digest of an image reference in the commit namespace, or null for any other
 * reference. A registry host in front (`127.0.0.1:5000/berth-commit/...`) is another image.
 */
function namespaceOwner(reference: string): string | null {
  const parts = reference.split('/');
  if (parts.length < 3 || parts[0] !== COMMIT_NAMESPACE) return null;
  return parts[1].split(/[:@]/)[0];
}

/**
 * Refuses a create or rebuild naming an image another project committed: it is answered as an
 * image that does not exist, as another project's resource is (404).
 */
export function assertImageVisibleTo(project: string, reference: string): void {
  const owner = namespaceOwner(reference);
  if (owner !== null && owner !== projectDigest(project)) throw new ImageNameNotFound(reference);
}

/** Docker reads a first component with `.` or `:`, or `localhost`, as a registry host. */
function hasRegistryHost(repository: string): boolean {
  const slash = repository.indexOf('/');
  if (slash < 0) return false;
  const first = repository.slice(0, slash);
  return /[.:]/.test(first) || first === 'localhost';
}

/** Zun's ImageNotFound wording, for an image named rather than looked up by uuid. */
export class ImageNameNotFound extends DomainError {
  readonly code = 'image-not-found';
  readonly status = 404;
  constructor(reference: string) {
    super(`Image ${reference} could not be found.`);
  }
}

export class CommitRepositoryRefused extends DomainError {
  readonly code = 'invalid';
  readonly status = 400;
  constructor(repository: string) {
    super(
      `Invalid input for query parameter repository. Value: ${repository}. A committed image ` +
        `is kept on its host under the project's namespace (${COMMIT_NAMESPACE}/<project>/` +
        `<repository>): name a repository without a registry host, short enough to fit.`,
    );
  }
}
