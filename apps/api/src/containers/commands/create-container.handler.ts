import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  claimResources,
  usageOfSpec,
  withDefaultLimits,
  type ContainerCreateFailed,
  type PresentContainer,
  type SchedulingRequest,
} from '@berth/domain';

import { ApiConfig } from '../../config/api-config';
import { BadRequest } from '../../errors';
import { PolicyEnforcer } from '../../policy/policy-enforcer';
import { HostScheduler, VolumeLocator, type ServicesRead } from '../../scheduler';
import { toContainerSpec } from '../dto/container-spec.mapper';
import { CreateReferences } from './create-references';
import { ResourceWriter, type PlannedWrite } from './resource-writer';
import { CreateContainerCommand } from './create-container.command';
import { assertStorageEnforceable } from './storage-limits';

/**
 * Validates, schedules and appends the create request with its quota claim and its host claim,
 * in one transaction; compute does the rest. With no host to place it on, the request is recorded
 * with its failure at once, so the container shows Error with the scheduler's reason. A lost race
 * for the host (or the quota) schedules again against the claims that won.
 */
@CommandHandler(CreateContainerCommand)
export class CreateContainerHandler implements ICommandHandler<CreateContainerCommand> {
  constructor(
    private readonly writer: ResourceWriter,
    private readonly scheduler: HostScheduler,
    private readonly volumes: VolumeLocator,
    private readonly config: ApiConfig,
    private readonly references: CreateReferences,
    private readonly policy: PolicyEnforcer,
  ) {}

  async execute({ body, run, version, ctx }: CreateContainerCommand): Promise<PresentContainer> {
    // Zun's default_cpu and default_memory (and a pids limit) when the user gave none: recorded
    // in the create, charged to quota and given to Docker like limits the user asked for.
    const spec = withDefaultLimits(
      toContainerSpec(body, version, this.config.containerBounds),
      this.config.containerDefaults,
    );
    if (!ctx.project_id || !ctx.user_id)
      throw new BadRequest('The token is not scoped to a project.');
    const requested_host = body.host ?? null;
    // The rules the create's options add, in Zun's order (admin_api by default; privileged denies
    // everybody unless BERTH_PRIVILEGED_CONTAINERS=admin or a policy file opens it).
    if (requested_host) this.policy.enforce(ctx, 'container:create:requested_destination');
    if (body.runtime !== undefined && body.runtime !== null) {
      this.policy.enforce(ctx, 'container:create:runtime');
    }
    if (body.image_pull_policy) this.policy.enforce(ctx, 'container:create:image_pull_policy');
    if (spec.privileged) this.policy.enforce(ctx, 'container:create:privileged');
    // What the create names must exist, checked as Zun's API does, before anything is appended.
    if (requested_host !== null) await this.references.assertHost(requested_host);
    const availability_zone = body.availability_zone ?? null;
    if (availability_zone !== null) await this.references.assertAvailabilityZone(availability_zone);
    await assertStorageEnforceable(spec, this.scheduler);
    const scheduling: SchedulingRequest = {
      hints: body.hints ?? {},
      availability_zone,
      requested_host,
    };
    const uuid = randomUUID();
    const at = new Date().toISOString();
    const { project_id, user_id } = ctx;
    const command = (host: string) =>
      ({
        type: 'CreateContainer',
        data: {
          uuid,
          request_id: ctx.request_id,
          at,
          name: body.name ?? `zun-${uuid}`,
          project_id,
          user_id,
          spec,
          host,
          run,
          scheduling,
        },
      }) as const;
    // Where the named volumes it mounts already are: it must run there (VolumeAffinityFilter).
    const volume_hosts = await this.volumes.hostsOf(project_id, spec);
    // The services' state is read from now on, beside the rest, so placing waits on nothing
    // (a retry reads it again).
    let services: ServicesRead | undefined = this.scheduler.readServices();
    const plan = async (): Promise<PlannedWrite> => {
      const read = services;
      services = undefined;
      const placement = await this.scheduler.place(
        { ...scheduling, container_uuid: uuid, spec, exclude: [], volume_hosts },
        at,
        read,
      );
      if (placement.host !== null)
        return { command: command(placement.host), sides: [placement.claim] };
      const failed: ContainerCreateFailed = {
        type: 'ContainerCreateFailed',
        version: 1,
        data: { request_id: ctx.request_id, at, reason: placement.reason, docker_id: null },
      };
      return { command: command(''), andThen: [failed] };
    };
    const { state } = await this.writer.executePlanned(
      plan,
      uuid,
      ctx,
      project_id,
      (ledger, limits) => claimResources(ledger, limits, uuid, usageOfSpec(spec), at),
      true,
    );
    return state;
  }
}
