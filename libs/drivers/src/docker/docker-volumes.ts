import { pack } from 'tar-stream';
import type Dockerode from 'dockerode';
import type { MountSettings } from 'dockerode';
import { statusOf, translateDockerError, withDockerErrors } from './runtime.errors';
import type { VolumeBinding, VolumeEnsured, VolumeSpec } from './volume.types';

/**
 * Docker named volumes on the local driver. Create-if-absent and remove-if-present, so compute can
 * repeat either after a crash: a volume is identified by its name alone on one engine.
 */
export async function ensureVolume(engine: Dockerode, spec: VolumeSpec): Promise<VolumeEnsured> {
  try {
    await engine.getVolume(spec.name).inspect();
    return { name: spec.name, created: false };
  } catch (error) {
    if (statusOf(error) !== 404) throw translateDockerError(error);
  }
  // Docker answers an existing name with that volume, so a concurrent first use is harmless here.
  await withDockerErrors(() =>
    engine.createVolume({ Name: spec.name, Driver: 'local', Labels: spec.labels }),
  );
  return { name: spec.name, created: true };
}

/** Removes the volume; one that is already gone counts as removed. Fails if a container uses it. */
export async function removeVolume(engine: Dockerode, name: string): Promise<void> {
  try {
    await engine.getVolume(name).remove();
  } catch (error) {
    if (statusOf(error) === 404) return;
    throw translateDockerError(error);
  }
}

/** Docker's HostConfig.Mounts for volumes: never a host path (no bind mounts for tenants). */
export function volumeMountsOf(bindings: readonly VolumeBinding[] | undefined): MountSettings[] {
  return (bindings ?? []).map((b) => ({ Type: 'volume', Source: b.volume, Target: b.destination }));
}

/**
 * A tar holding one file at `path` (absolute in the container), for putArchive at `/`. It has no
 * directory entries: Docker creates missing parents (0755) and leaves existing ones, and their
 * modes, alone.
 */
export async function fileArchive(path: string, content: Buffer): Promise<Buffer> {
  const tar = pack();
  tar.entry({ name: path.replace(/^\/+/, ''), mode: 0o644, type: 'file' }, content);
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
