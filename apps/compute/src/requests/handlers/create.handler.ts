import type { ContainerCreateRequested, ContainerEvent, ContainerSpec } from '@berth/domain';
import type { ContainerCreateSpec } from '@berth/drivers';
import { now, type HandlerContext } from './request-handler';
import { networkOf } from './addresses';

/** Pulls per policy, creates, and with `run` starts: one action, as `zun run` is in Zun. */
export async function handleCreate({
  state,
  request,
  runtime,
  config,
}: HandlerContext<ContainerCreateRequested>): Promise<ContainerEvent[]> {
  const { spec, run, request_id } = request.data;
  const imageId = await runtime.ensureImage(spec.image, spec.image_pull_policy);
  const dockerId = await runtime.createContainer(
    toRuntimeSpec(state.uuid, state.project_id, state.name, spec, config.networkMode),
  );
  if (run) {
    try {
      await runtime.start(state.uuid);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return [
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
    {
      type: 'ContainerCreated',
      version: 1,
      data: {
        request_id,
        at: now(),
        docker_id: dockerId,
        image_id: imageId,
        addresses: network.addresses ?? {},
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
