import { posix } from 'node:path';
import { MAX_FILE_MOUNT_BYTES, VOLUME_NAME_PATTERN, type ContainerMount } from '@berth/domain';
import { BadRequest } from '../../errors';
import type { MicroVersion } from '../../microversion';
import { assertParamInVersion } from './param-in-version';

/** Zun accepts `mounts` from 1.11 (its `version_check('mounts', '1.11')`). */
export const MOUNTS_MIN_VERSION = '1.11';

/** More than this many mounts on one container is a mistake, not a use. */
export const MAX_MOUNTS = 32;

/** Standard base64 with padding, as Python's base64.b64encode writes it. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const MOUNT_KEYS: ReadonlySet<string> = new Set(['type', 'source', 'destination', 'size']);

/** A value as the user wrote it: a string bare, anything else as JSON. */
function shown(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

function invalid(detail: string): BadRequest {
  return new BadRequest(`Invalid input for field/attribute mounts. ${detail}`);
}

/**
 * Zun's `mounts` (as `zun run --mount source=data,destination=/data` sends it) checked and
 * resolved into the domain's mounts, every mistake a 400 that says what to change:
 *
 * - `type` is `volume` (the default) or `bind`;
 * - `destination` is an absolute path, not `/`, without `.` or `..` parts, used once;
 * - a volume names a `source` (a project volume, created on first use), or only a `size` in GB
 *   (a volume of its own, removed with the container); `size` is a positive integer;
 * - a bind's `source` is the file's contents, base64-encoded (Zun's local provider, as
 *   `zun run --mount type=bind,source=FILE,...` sends it), never a host path.
 */
export function toMounts(raw: unknown, version: MicroVersion): ContainerMount[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalid('It must be a list of mounts.');
  if (raw.length === 0) return [];
  assertParamInVersion('mounts', MOUNTS_MIN_VERSION, version);
  if (raw.length > MAX_MOUNTS) throw invalid(`At most ${MAX_MOUNTS} mounts are allowed.`);
  const mounts = raw.map(toMount);
  const seen = new Set<string>();
  for (const { destination } of mounts) {
    if (seen.has(destination)) throw invalid(`Destination ${destination} is mounted twice.`);
    seen.add(destination);
  }
  return mounts;
}

function toMount(item: unknown): ContainerMount {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw invalid('Each mount must be an object with source, destination, size or type.');
  }
  const mount = item as Record<string, unknown>;
  const unknown = Object.keys(mount).filter((key) => !MOUNT_KEYS.has(key));
  if (unknown.length > 0) {
    throw invalid(
      `Unknown key ${unknown.join(', ')}; a mount has only source, destination, size and type.`,
    );
  }
  const type = mount.type ?? 'volume';
  const destination = destinationOf(mount.destination);
  if (type === 'bind') return fileMount(mount, destination);
  if (type !== 'volume') {
    throw invalid(`Mount type ${shown(type)} is not supported; use volume or bind.`);
  }
  const size = mount.size === undefined || mount.size === null ? null : sizeOf(mount.size);
  const source = mount.source;
  if (source !== undefined && source !== null && source !== '') {
    return { kind: 'named', name: volumeNameOf(source), destination, size };
  }
  if (size === null) {
    throw invalid(`The mount at ${destination} needs a source (a volume name) or a size in GB.`);
  }
  return { kind: 'anonymous', destination, size };
}

function fileMount(mount: Record<string, unknown>, destination: string): ContainerMount {
  if (mount.size !== undefined && mount.size !== null) {
    throw invalid(`A bind mount takes no size (at ${destination}).`);
  }
  const encoded = mount.source;
  if (typeof encoded !== 'string' || !BASE64.test(encoded) || encoded.length % 4 !== 0) {
    throw invalid(
      `A bind mount's source is the base64-encoded contents of the file at ${destination}.`,
    );
  }
  if (Buffer.from(encoded, 'base64').length > MAX_FILE_MOUNT_BYTES) {
    throw invalid(
      `The contents for ${destination} exceed ${MAX_FILE_MOUNT_BYTES / 1024} KiB; use a volume.`,
    );
  }
  return { kind: 'file', destination, content_base64: encoded };
}

function destinationOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw invalid('Each mount needs a destination, an absolute path in the container.');
  }
  if (!value.startsWith('/') || value.includes('\0')) {
    throw invalid(`Destination ${value} must be an absolute path.`);
  }
  if (value.split('/').some((part) => part === '.' || part === '..')) {
    throw invalid(`Destination ${value} must not contain . or .. parts.`);
  }
  // `/data/` and `/data//` are `/data`: compared (and kept) in one form.
  const normal = posix.normalize(value).replace(/\/+$/, '');
  if (normal === '') throw invalid('A mount cannot replace the root directory /.');
  if (normal.length > 4096) throw invalid('Destination is longer than 4096 characters.');
  return normal;
}

function sizeOf(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+$/.test(text.trim())) {
    throw invalid(`Size ${shown(value)} must be a positive integer (GB).`);
  }
  const size = Number(text.trim());
  if (!Number.isSafeInteger(size) || size < 1) {
    throw invalid(`Size ${shown(value)} must be a positive integer (GB).`);
  }
  return size;
}

function volumeNameOf(value: unknown): string {
  if (typeof value !== 'string' || !VOLUME_NAME_PATTERN.test(value)) {
    throw invalid(
      `Volume name ${shown(value)} is invalid: 1 to 63 letters, digits, _, . or -, ` +
        'starting with a letter or digit.',
    );
  }
  return value;
}
