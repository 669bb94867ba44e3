import { parseImageReference } from '@berth/domain';
import type { ImageRef } from './image.types';
import { RuntimeInvalidImageRefError } from './runtime.errors';

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

function invalid(ref: string, why: string): RuntimeInvalidImageRefError {
  return new RuntimeInvalidImageRefError(`invalid image reference "${ref}": ${why}`);
}

/**
 * Parses "busybox", "x/y:tag", "127.0.0.1:5000/berth-test/busybox", "repo@sha256:…" with the
 * domain's grammar (the one the API checked the reference with), then normalises it as the Docker
 * CLI does: Docker Hub's names and `library/` dropped, a missing tag is "latest" unless a digest
 * pins the image.
 */
export function parseImageRef(ref: string): ImageRef {
  const input = ref.trim();
  if (input === '') throw invalid(ref, 'empty');
  const parsed = parseImageReference(input);
  if (parsed === null) throw invalid(ref, 'not a valid image reference');
  const { digest } = parsed;
  let registry = parsed.domain ?? undefined;
  let repository = parsed.path;
  if (registry !== undefined && DOCKER_HUB.has(registry)) registry = undefined;
  if (
    registry === undefined &&
    repository.startsWith('library/') &&
    repository.split('/').length === 2
  )
    repository = repository.slice('library/'.length);

  const explicitTag = parsed.tag ?? undefined;
  const tag = explicitTag ?? (digest === null ? 'latest' : undefined);
  const name = registry !== undefined ? `${registry}/${repository}` : repository;
  const canonical =
    name + (tag !== undefined ? `:${tag}` : '') + (digest !== null ? `@${digest}` : '');
  return { registry, repository, tag, digest: digest ?? undefined, name, canonical };
}
