/**
 * Zun's `mounts`, resolved at create (Zun's `_build_requested_volumes`), on Docker named volumes
 * instead of Cinder. Each mount is what the container asked to find at one destination.
 */

/** A project-owned volume by name: created on first use, outlives every container using it. */
export interface NamedVolumeMount {
  kind: 'named';
  /** The user's `source`, unique per project. */
  name: string;
  destination: string;
  /** GB as asked; Docker's local driver on ext4 cannot enforce it, so it is only recorded. */
  size: number | null;
}

/** `size` without `source`: a volume owned by the container and removed with it (auto_remove). */
export interface AnonymousVolumeMount {
  kind: 'anonymous';
  destination: string;
  /** GB as asked; recorded, not enforced (see NamedVolumeMount.size). */
  size: number;
}

/**
 * `type=bind`: Zun's local provider, where `source` is the contents of a file at `destination`,
 * base64-encoded as python-zunclient sends it (so any bytes, not only text).
 */
export interface FileMount {
  kind: 'file';
  destination: string;
  content_base64: string;
}

export type ContainerMount = NamedVolumeMount | AnonymousVolumeMount | FileMount;
export type MountKind = ContainerMount['kind'];

/** A volume's `source` name: Zun's resource-name rule, short enough for a Docker volume name. */
export const VOLUME_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

/** Bound on a bind mount's (decoded) contents: they travel in the create event, kept forever. */
export const MAX_FILE_MOUNT_BYTES = 64 * 1024;

/** Specs recorded before mounts existed have none. */
export function mountsOf(spec: { mounts?: readonly ContainerMount[] }): readonly ContainerMount[] {
  return spec.mounts ?? [];
}

/** The named volumes a spec mounts, each once. */
export function namedVolumesOf(spec: { mounts?: readonly ContainerMount[] }): string[] {
  const names = mountsOf(spec)
    .filter((m): m is NamedVolumeMount => m.kind === 'named')
    .map((m) => m.name);
  return [...new Set(names)];
}
