import {
  mountsOf,
  type ContainerVolumeAttached,
  type ContainerVolumeDetached,
  type FileMount,
  type PresentContainer,
} from '@berth/domain';
import {
  LABEL_PROJECT,
  LABEL_UUID,
  LABEL_VOLUME,
  LABEL_VOLUME_SIZE,
  anonymousVolumeName,
  fileArchive,
  namedVolumeName,
  type ContainerRuntime,
  type VolumeBinding,
} from '@berth/drivers';
import { now } from './request-handler';

/** A container's mounts made ready on this host, before its Docker container is created. */
export interface PreparedMounts {
  bindings: VolumeBinding[];
  files: FileMount[];
  /** One per mount, appended before the action's outcome. */
  attached: ContainerVolumeAttached[];
  /** Anonymous volumes this call created: removed again if the create goes no further. */
  madeHere: string[];
}

interface MountContext {
  state: PresentContainer;
  request_id: string;
  runtime: ContainerRuntime;
  host: string;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes every volume the spec mounts present on the engine: a project's named volume is created on
 * its first use and found after; a size-only volume belongs to this container. A failure names the
 * volume and keeps the engine's words, and undoes the anonymous volumes made so far (named ones are
 * left: another container may already be using one).
 */
export async function prepareMounts({
  state,
  request_id,
  runtime,
  host,
}: MountContext): Promise<PreparedMounts> {
  const prepared: PreparedMounts = { bindings: [], files: [], attached: [], madeHere: [] };
  const { uuid, project_id } = state;
  for (const [index, mount] of mountsOf(state.spec).entries()) {
    const base = { request_id, project_id, host, destination: mount.destination };
    if (mount.kind === 'file') {
      prepared.files.push(mount);
      prepared.attached.push(attached({ ...base, kind: 'file', size: null, created: true }));
      continue;
    }
    const named = mount.kind === 'named';
    const docker_volume = named
      ? namedVolumeName(project_id, mount.name)
      : anonymousVolumeName(uuid, index);
    const labels: Record<string, string> = {
      [LABEL_PROJECT]: project_id,
      ...(named ? { [LABEL_VOLUME]: mount.name } : { [LABEL_UUID]: uuid }),
      ...(mount.size !== null ? { [LABEL_VOLUME_SIZE]: String(mount.size) } : {}),
    };
    let created: boolean;
    try {
      ({ created } = await runtime.ensureVolume({ name: docker_volume, labels }));
    } catch (error) {
      await releaseVolumes(runtime, prepared.madeHere);
      const what = named ? `volume ${mount.name}` : `a ${mount.size} GB volume`;
      throw new Error(`Could not create ${what} for ${mount.destination}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    if (created && !named) prepared.madeHere.push(docker_volume);
    prepared.bindings.push({ volume: docker_volume, destination: mount.destination });
    prepared.attached.push(
      attached({
        ...base,
        kind: mount.kind,
        volume: named ? mount.name : docker_volume,
        docker_volume,
        size: mount.size,
        created,
      }),
    );
  }
  return prepared;
}

function attached(
  data: Omit<ContainerVolumeAttached['data'], 'at' | 'volume' | 'docker_volume'> &
    Partial<Pick<ContainerVolumeAttached['data'], 'volume' | 'docker_volume'>>,
): ContainerVolumeAttached {
  return {
    type: 'ContainerVolumeAttached',
    version: 1,
    data: { volume: null, docker_volume: null, ...data, at: now() },
  };
}

/**
 * Writes each bind mount's contents as a file at its destination in the created (not yet started)
 * container. Missing parent directories are made by the engine.
 */
export async function placeFiles(
  runtime: ContainerRuntime,
  uuid: string,
  files: readonly FileMount[],
): Promise<void> {
  for (const file of files) {
    try {
      const content = Buffer.from(file.content_base64, 'base64');
      await runtime.putArchive(uuid, '/', await fileArchive(file.destination, content));
    } catch (error) {
      throw new Error(`Could not place the file at ${file.destination}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }
}

/**
 * Undoes a create that failed once its container may exist: the Docker container and the
 * anonymous volumes made for it go, so nothing half-created is left. Best effort: the failure the
 * user sees is the one that caused this.
 */
export async function abandonCreate(
  runtime: ContainerRuntime,
  uuid: string,
  prepared: PreparedMounts,
): Promise<void> {
  await runtime.remove(uuid, { force: true, removeVolumes: false }).catch(() => undefined);
  await releaseVolumes(runtime, prepared.madeHere);
}

async function releaseVolumes(runtime: ContainerRuntime, names: readonly string[]): Promise<void> {
  for (const name of names) await runtime.removeVolume(name).catch(() => undefined);
}

/**
 * After the Docker container is removed: every attachment detached. Anonymous volumes are removed
 * (Zun's auto_remove); a named volume is user data and is never removed by a container delete. An
 * anonymous volume that cannot be removed is left, and the event says why.
 */
export async function detachMounts({
  state,
  request_id,
  runtime,
  host,
}: MountContext): Promise<ContainerVolumeDetached[]> {
  const events: ContainerVolumeDetached[] = [];
  for (const attachment of state.volumes ?? []) {
    let removed = attachment.kind !== 'named';
    let reason: string | null = null;
    if (attachment.kind === 'anonymous' && attachment.docker_volume) {
      try {
        await runtime.removeVolume(attachment.docker_volume);
      } catch (error) {
        removed = false;
        reason = messageOf(error);
      }
    }
    events.push({
      type: 'ContainerVolumeDetached',
      version: 1,
      data: { ...attachment, request_id, at: now(), host, removed, reason },
    });
  }
  await removeUnrecorded(runtime, state);
  return events;
}

/**
 * A create superseded by a forced delete may have made its anonymous volumes without recording
 * them; their names follow from the spec, so they are removed too (quietly: most never existed).
 */
async function removeUnrecorded(runtime: ContainerRuntime, state: PresentContainer): Promise<void> {
  const recorded = new Set((state.volumes ?? []).map((v) => v.destination));
  const names = [...mountsOf(state.spec).entries()]
    .filter(([, m]) => m.kind === 'anonymous' && !recorded.has(m.destination))
    .map(([index]) => anonymousVolumeName(state.uuid, index));
  await releaseVolumes(runtime, names);
}
