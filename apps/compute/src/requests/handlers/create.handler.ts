import type { ContainerCreateRequested, ContainerEvent, ContainerSpec } from '@berth/domain';
import { RuntimeError, type ContainerCreateSpec, type ContainerRuntime } from '@berth/drivers';
import type { ComputeConfig } from '../../compute.config';
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
  const disk = await enforcedDisk(runtime, spec, 'create');
  const imageId = await runtime.ensureImage(spec.image, spec.image_pull_policy);
  const nets = (spec.nets ?? []).map((n) => n.network);
  const networks = await planNetworks(runtime, state.project_id, nets, config.networkMode);
  const mounts = await prepareMounts({ state, request_id, runtime, host: config.hostname });
  let dockerId: string;
  try {
    dockerId = await runtime.createContainer({
      ...toRuntimeSpec(state.uuid, state.project_id, state.name, spec, networks.mode, config),
      diskGiB: disk,
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

/**
 * The disk size to give Docker. A create asking for one is placed only on a host that enforces
 * it, so one arriving here that cannot is refused, never run without its limit. A rebuild of a
 * container recorded before Berth enforced `disk` keeps running without it, as it always did.
 */
export async function enforcedDisk(
  runtime: ContainerRuntime,
  spec: ContainerSpec,
  action: 'create' | 'rebuild',
): Promise<number | undefined> {
  if (spec.disk === null || spec.disk <= 0) return undefined;
  const storage = await runtime.storage();
  if (storage.diskQuota) return spec.disk;
  if (action === 'rebuild') return undefined;
  throw new RuntimeError(
    `This host cannot enforce a disk size (${storage.reason}); the container asked for ` +
      `${spec.disk} GiB.`,
  );
}

/**
 * The Docker create of a spec. Limits are those recorded in the create (the API filled in the
 * defaults); a spec recorded before Berth set a pids limit gets this compute's.
 */
export function toRuntimeSpec(
  uuid: string,
  project: string,
  name: string,
  spec: ContainerSpec,
  networkMode: string,
  config: Pick<ComputeConfig, 'pidsLimit'>,
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
    pidsLimit: spec.pids_limit ?? config.pidsLimit,
    networkMode,
  };
}
