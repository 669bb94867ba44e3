import { createHash } from 'node:crypto';

/** Labels on the volumes Berth makes, so an operator can tell whose each one is. */
export const LABEL_VOLUME = 'berth.volume';
export const LABEL_VOLUME_SIZE = 'berth.size_gb';

/**
 * A project's named volume on the engine: `berth-vol-<project digest>-<name>`. The digest has a
 * fixed length, so two (project, name) pairs can never produce one engine name, whatever
 * characters a project id holds; the project and name themselves are kept as labels.
 */
export function namedVolumeName(project: string, name: string): string {
  const digest = createHash('sha256').update(project).digest('hex').slice(0, 16);
  return `berth-vol-${digest}-${name}`;
}

/** The volume a size-only mount gives one container: `berth-anon-<uuid>-<mount index>`. */
export function anonymousVolumeName(uuid: string, index: number): string {
  return `berth-anon-${uuid}-${index}`;
}
