import type Dockerode from 'dockerode';
import { createOptionsOf } from './create-options';
import { dockerNameOf, LABEL_UUID } from './labels';
import {
  withDockerErrors,
  RuntimeConflictError,
  RuntimeContainerNotFoundError,
  statusOf,
  translateDockerError,
} from './runtime.errors';
import type { ContainerCreateSpec, ContainerSnapshot, RemoveOptions } from './runtime.types';
import { snapshotOf } from './snapshot';

/**
 * Creates `berth-<uuid>`, or finds it: a create replayed after a crash hits Docker's 409 on the
 * name and gets the container it made the first time, so compute can retry without leaking.
 */
export async function createIdempotent(
  engine: Dockerode,
  spec: ContainerCreateSpec,
): Promise<string> {
  try {
    return (await engine.createContainer(createOptionsOf(spec))).id;
  } catch (err) {
    if (statusOf(err) !== 409) throw translateDockerError(err);
  }
  const name = dockerNameOf(spec.uuid);
  const existing = await inspectReserved(engine, name);
  if (existing.Config.Labels?.[LABEL_UUID] !== spec.uuid)
    throw new RuntimeConflictError(`${name} exists but is not Berth's container ${spec.uuid}`, 409);
  return existing.Id;
}

const RESERVED_NAME_TRIES = 20;

/**
 * A concurrent create holds the name (Docker's 409) a moment before its container can be
 * inspected; wait for it rather than report a container that is about to exist as missing.
 */
async function inspectReserved(
  engine: Dockerode,
  name: string,
): Promise<Dockerode.ContainerInspectInfo> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withDockerErrors(() => engine.getContainer(name).inspect());
    } catch (error) {
      if (!(error instanceof RuntimeContainerNotFoundError) || attempt >= RESERVED_NAME_TRIES)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Removal whose goal is absence: a container already gone, or being auto-removed, is fine. */
export async function removeQuietly(
  container: Dockerode.Container,
  options: RemoveOptions,
): Promise<void> {
  try {
    await container.remove({ force: options.force ?? false, v: options.removeVolumes ?? false });
  } catch (err) {
    if (statusOf(err) === 404) return;
    const e = translateDockerError(err);
    if (e instanceof RuntimeConflictError && /already in progress/.test(e.message)) return;
    throw e;
  }
}

/** Every container with Berth's uuid label, inspected, for the reconciler. */
export async function listManaged(engine: Dockerode): Promise<ContainerSnapshot[]> {
  const found = await withDockerErrors(() =>
    engine.listContainers({ all: true, filters: { label: [LABEL_UUID] } }),
  );
  const snapshots = await Promise.all(
    found.map(async (c) => {
      try {
        return snapshotOf(await engine.getContainer(c.Id).inspect());
      } catch (err) {
        if (statusOf(err) === 404) return undefined; // removed between list and inspect
        throw translateDockerError(err);
      }
    }),
  );
  return snapshots.filter((s): s is ContainerSnapshot => s !== undefined);
}

/** Runs a state change, treating Docker's 304 ("already started/stopped") as done. */
export async function idempotent(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (statusOf(err) !== 304) throw translateDockerError(err);
  }
}
