import type { ContainerCreateRequested, ContainerEvent, ContainerSpec } from '@berth/domain';
import type { ContainerCreateSpec } from '@berth/drivers';
import { now, type HandlerContext } from './request-handler';
import { networkOf } from './addresses';
import { connectExtra, planNetworks, withPlannedNetworks } from './network-plan';
import { abandonCreate, placeFiles, prepareMounts } from './volume-mounts';

/** Pulls per policy, creates, and with `run` starts: one action, as `zun run` is in Zun. */
export async function handleCreate({
  state,
  request,
  runtime,
  config,
}: HandlerContext<ContainerCreateRequested>): Promise<ContainerEvent[]> {
  const { spec, run, request_id } = request.data;
  const imageId = await runtime.ensureImage(spec.image, spec.image_pull_policy);
  const nets = (spec.nets ?? []).map((n) => n.network);
  const networks = await planNetworks(runtime, state.project_id, nets, config.networkMode);
  const mounts = await prepareMounts({ state, request_id, runtime, host: config.hostname });
  let dockerId: string;
  try {
    dockerId = await runtime.createContainer({
      ...toRuntimeSpec(state.uuid, state.project_id, state.name, spec, networks.mode),
      volumes: mounts.bindings,
    });
    await connectExtra(runtime, state.uuid, networks);
    await placeFiles(runtime, state.uuid, mounts.files);
  } catch (error) {
    await abandonCreate(runtime, state.uuid, mounts);
    throw error;
  }
  if (run) {
    try {
      await runtime.start(state.uuid);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return [
        // The container exists with its volumes: a delete detaches them.
        ...mounts.attached,
        {
          type: 'ContainerCreateFailed',
          version: 1,
          data: { request_id, at: now(), reason, docker_id: dockerId },
        },
      ];
    }
  }
  const network = await networkOf(runtime, state.uuid);
  return [
    ...mounts.attached,
    {
      type: 'ContainerCreated',
      version: 1,
      data: {
        request_id,
        at: now(),
        docker_id: dockerId,
        image_id: imageId,
        addresses: withPlannedNetworks(network.addresses ?? {}, networks),
        ports: network.ports ?? [],
        running: run,
      },
    },
  ];
}

export function toRuntimeSpec(
  uuid: string,
  project: string,
  name: string,
  spec: ContainerSpec,
  networkMode: string,
): ContainerCreateSpec {
  return {
    uuid,
    project,
    name,
    image: spec.image,
    command: spec.command ?? undefined,
    entrypoint: spec.entrypoint ?? undefined,
    cpu: spec.cpu ?? undefined,
    memory: spec.memory ?? undefined,
    environment: spec.environment,
    workdir: spec.workdir ?? undefined,
    labels: spec.labels,
    hostname: spec.hostname ?? undefined,
    restartPolicy: {
      name: spec.restart_policy.Name,
      maximumRetryCount: spec.restart_policy.MaximumRetryCount,
    },
    interactive: spec.interactive,
    tty: spec.tty,
    autoRemove: spec.auto_remove,
    exposedPorts: spec.exposed_ports,
    healthcheck: spec.healthcheck
      ? {
          cmd: spec.healthcheck.cmd,
          intervalSeconds: spec.healthcheck.interval,
          retries: spec.healthcheck.retries,
          timeoutSeconds: spec.healthcheck.timeout,
        }
      : undefined,
    runtime: spec.runtime ?? undefined,
    privileged: spec.privileged,
    networkMode,
  };
}
