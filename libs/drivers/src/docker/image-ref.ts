import type { ImageRef } from './image.types';
import { RuntimeInvalidImageRefError } from './runtime.errors';

// Docker's reference grammar (distribution/reference), reduced to what a parser needs.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** A first path component names a registry only if it looks like a host. */
function isRegistryHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

function invalid(ref: string, why: string): RuntimeInvalidImageRefError {
  return new RuntimeInvalidImageRefError(`invalid image reference "${ref}": ${why}`);
}

/**
 * Parses "busybox", "x/y:tag", "127.0.0.1:5000/berth-test/busybox", "repo@sha256:…".
 * A missing tag means "latest" unless a digest pins the image, as in the Docker CLI.
 */
export function parseImageRef(ref: string): ImageRef {
  const input = ref.trim();
  if (input === '') throw invalid(ref, 'empty');

  const at = input.indexOf('@');
  const digest = at >= 0 ? input.slice(at + 1) : undefined;
  const named = at >= 0 ? input.slice(0, at) : input;
  if (digest !== undefined && !DIGEST.test(digest)) throw invalid(ref, 'bad digest');

  const lastSlash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const hasTag = colon > lastSlash;
  const explicitTag = hasTag ? named.slice(colon + 1) : undefined;
  const path = hasTag ? named.slice(0, colon) : named;
  if (explicitTag !== undefined && !TAG.test(explicitTag)) throw invalid(ref, 'bad tag');

  const firstSlash = path.indexOf('/');
  const first = firstSlash >= 0 ? path.slice(0, firstSlash) : '';
  let registry: string | undefined = firstSlash >= 0 && isRegistryHost(first) ? first : undefined;
  let repository = registry !== undefined ? path.slice(firstSlash + 1) : path;
  if (registry !== undefined && DOCKER_HUB.has(registry)) registry = undefined;
  if (
    registry === undefined &&
    repository.startsWith('library/') &&
    repository.split('/').length === 2
  )
    repository = repository.slice('library/'.length);

  if (!repository.split('/').every((c) => PATH_COMPONENT.test(c)))
    throw invalid(ref, 'repository must be lowercase letters, digits and separators');

  const tag = explicitTag ?? (digest === undefined ? 'latest' : undefined);
  const name = registry !== undefined ? `${registry}/${repository}` : repository;
  const canonical =
    name + (tag !== undefined ? `:${tag}` : '') + (digest !== undefined ? `@${digest}` : '');
  return { registry, repository, tag, digest, name, canonical };
}
