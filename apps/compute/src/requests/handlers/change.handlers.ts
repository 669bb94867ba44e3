import type {
  ContainerCommitRequested,
  ContainerDeleteRequested,
  ContainerEvent,
  ContainerRebuildRequested,
  ContainerUpdateRequested,
  ImageCommitted,
} from '@berth/domain';
import { imageStream } from '@berth/domain';
import { now, type HandlerContext } from './request-handler';
import { networkOf } from './addresses';
import {
  connectExtra,
  networksOfContainer,
  planNetworks,
  withPlannedAddresses,
} from './network-plan';
import { enforcedDisk, toRuntimeSpec } from './create.handler';
import { detachMounts, placeFiles, prepareMounts } from './volume-mounts';

/** Delete, rebuild, update and commit: the actions that change what Docker holds. */

export async function handleDelete({
  state,
  request,
  runtime,
  config,
}: HandlerContext<ContainerDeleteRequested>): Promise<ContainerEvent[]> {
  const { force, stop, request_id } = request.data;
  if (stop && !force) await runtime.stop(state.uuid);
  // Named volumes are user data: a container delete never removes them.
  await runtime.remove(state.uuid, { force, removeVolumes: false });
  const detached = await detachMounts({ state, request_id, runtime, host: config.hostname });
  return [...detached, { type: 'ContainerDeleted', version: 1, data: { request_id, at: now() } }];
}

/** Replaces the Docker container with a fresh one from the (possibly new) image, same spec. */
export async function handleRebuild({
  state,
  request,
  runtime,
  config,
}: HandlerContext<ContainerRebuildRequested>): Promise<ContainerEvent[]> {
  const { image, request_id } = request.data;
  const spec = { ...state.spec, image };
  await runtime.ensureImage(image, spec.image_pull_policy);
  const wasRunning = state.pending?.previous_status === 'Running';
  await runtime.remove(state.uuid, { force: true, removeVolumes: false });
  // The same volumes again, so their data survives the rebuild; files are placed anew.
  const mounts = await prepareMounts({ state, request_id, runtime, host: config.hostname });
  // The networks it is on now, attached ones included, as Zun's rebuild keeps its ports.
  const nets = networksOfContainer(state);
  const networks = await planNetworks(runtime, state.project_id, nets, config.networkMode);
  const dockerId = await runtime.createContainer({
    ...toRuntimeSpec(state.uuid, state.project_id, state.name, spec, networks.mode, config),
    diskGiB: await enforcedDisk(runtime, spec, 'rebuild'),
    volumes: mounts.bindings,
  });
  await connectExtra(runtime, state.uuid, networks);
  await placeFiles(runtime, state.uuid, mounts.files);
  if (wasRunning) await runtime.start(state.uuid);
  return [
    ...mounts.attached,
    {
      type: 'ContainerRebuilt',
      version: 1,
      data: {
        request_id,
        at: now(),
        docker_id: dockerId,
        image,
        ...withPlannedAddresses(await networkOf(runtime, state.uuid), networks),
      },
    },
  ];
}

/** cpu and memory applied to the live container; name and auto_heal never come here. */
export async function handleUpdate({
  state,
  request,
  runtime,
}: HandlerContext<ContainerUpdateRequested>): Promise<ContainerEvent[]> {
  const { patch, request_id } = request.data;
  await runtime.update(state.uuid, { cpu: patch.cpu, memory: patch.memory });
  return [{ type: 'ContainerUpdated', version: 1, data: { request_id, at: now(), patch } }];
}

/** Commits the container to `repository:tag` and records the new image on its own stream. */
export async function handleCommit({
  state,
  request,
  runtime,
  config,
  alongside,
}: HandlerContext<ContainerCommitRequested>): Promise<ContainerEvent[]> {
  const { repository, tag, request_id, image_uuid } = request.data;
  const imageId = await runtime.commit(state.uuid, repository, tag || undefined);
  const at = now();
  const { size } = await runtime.imageInspect(imageId).catch(async (error: unknown) => {
    // The commit fails, so its image must not outlive it: nothing would ever record or delete it.
    await runtime.removeImage(imageId, true).catch(() => undefined);
    throw error;
  });
  const committed: ImageCommitted = {
    type: 'ImageCommitted',
    version: 1,
    data: {
      request_id,
      at,
      repo: repository,
      tag: tag || 'latest',
      host: config.hostname,
      project_id: state.project_id,
      user_id: state.user_id,
      image_id: imageId,
      size,
      container_uuid: state.uuid,
    },
  };
  alongside?.push({ stream: imageStream(image_uuid), events: [committed] });
  return [{ type: 'ContainerCommitted', version: 1, data: { request_id, at, image_id: imageId } }];
}
