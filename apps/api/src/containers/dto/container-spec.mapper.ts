import type { ContainerSpec } from '@berth/domain';
import { BadRequest, RegistryNotFound, additionalPropertiesMessage } from '../../errors';
import type { MicroVersion } from '../../microversion';
import type { CreateContainerDto } from './create-container.dto';
import { splitCommand } from '../io/exec-command';
import {
  DEFAULT_CONTAINER_BOUNDS,
  cpuWithin,
  diskWithin,
  memoryWithin,
  type ContainerBounds,
} from './container-units';
import { toMounts } from './mounts.mapper';
import { assertParamInVersion } from './param-in-version';
import { toNetworkRequests } from '../networks/nets.mapper';

/** The wire's create body turned into the domain's spec, with Zun's version-dependent rules. */
export function toContainerSpec(
  dto: CreateContainerDto,
  version: MicroVersion,
  bounds: ContainerBounds = DEFAULT_CONTAINER_BOUNDS,
): ContainerSpec {
  assertFieldsOfVersion(dto, version);
  if (dto.cpu_policy === 'dedicated') {
    // Zun would accept it and then find no host (its CpuSetFilter): no Berth host pins CPUs.
    throw new BadRequest(
      'Invalid input for field/attribute cpu_policy: dedicated needs a host with CPU pinning, ' +
        'and no Berth host pins CPUs. Use shared (the default).',
    );
  }
  if (dto.security_groups !== undefined && dto.exposed_ports !== undefined) {
    // Zun's schema: `not: {required: [security_groups, exposed_ports]}`.
    throw new BadRequest(
      'Invalid input: security_groups and exposed_ports cannot be given together.',
    );
  }
  const mounts = toMounts(dto.mounts, version);
  const nets = toNetworkRequests(dto.nets);
  return {
    image: dto.image,
    command: commandOf(dto.command, version),
    entrypoint: dto.entrypoint && dto.entrypoint.length > 0 ? dto.entrypoint : null,
    cpu: dto.cpu === undefined ? null : cpuWithin(dto.cpu, bounds),
    memory: dto.memory === undefined ? null : memoryWithin(dto.memory, bounds),
    disk: dto.disk === undefined ? null : diskWithin(dto.disk, bounds),
    environment: dto.environment ?? {},
    workdir: dto.workdir ?? null,
    labels: dto.labels ?? {},
    hostname: dto.hostname ?? null,
    image_pull_policy: dto.image_pull_policy ?? 'ifnotpresent',
    image_driver: 'docker',
    restart_policy: restartPolicyOf(dto),
    interactive: dto.interactive ?? false,
    // From 1.36 the client copies `interactive` into `tty`; earlier, tty follows interactive too.
    tty: dto.tty ?? (version.isAtLeast('1.36') ? false : (dto.interactive ?? false)),
    auto_remove: dto.auto_remove ?? false,
    auto_heal: dto.auto_heal ?? false,
    privileged: dto.privileged ?? false,
    runtime: dto.runtime ?? null,
    exposed_ports: dto.exposed_ports ?? {},
    healthcheck: dto.healthcheck ?? null,
    registry_id: registryIdOf(dto.registry, version),
    security_groups: dto.security_groups ?? [],
    // Only when asked, so specs without mounts stay as they were recorded before.
    ...(mounts.length > 0 ? { mounts } : {}),
    ...(nets.length > 0 ? { nets } : {}),
  };
}

/** Fields Zun's create schema gains at a microversion: before it, the schema does not have them. */
const ADDED_IN: ReadonlyArray<[keyof CreateContainerDto, string]> = [
  ['host', '1.39'],
  ['entrypoint', '1.40'],
];

/**
 * Fields Zun's create code checks the version of (`api_utils.version_check`) when they are given:
 * InvalidParamInVersion. mounts is checked by its mapper, registry by registryIdOf.
 */
const CHECKED_FROM: ReadonlyArray<[keyof CreateContainerDto, string]> = [
  ['auto_remove', '1.3'],
  ['runtime', '1.5'],
  ['hostname', '1.9'],
  ['privileged', '1.21'],
  ['healthcheck', '1.22'],
  ['exposed_ports', '1.24'],
];

/** What Zun refuses by version before anything else: a field its schema or code has not yet. */
function assertFieldsOfVersion(dto: CreateContainerDto, version: MicroVersion): void {
  const unexpected = ADDED_IN.filter(
    ([field, since]) => dto[field] !== undefined && !version.isAtLeast(since),
  ).map(([field]) => field);
  if (unexpected.length > 0) throw new BadRequest(additionalPropertiesMessage(unexpected));
  for (const [field, since] of CHECKED_FROM) {
    if (dto[field] !== undefined) assertParamInVersion(field, since, version);
  }
}

const REGISTRY_MIN_VERSION = '1.31';

/** Zun resolves `registry` (a name or uuid) to its id; Berth has none to resolve it to. */
function registryIdOf(registry: string | undefined, version: MicroVersion): null {
  if (registry === undefined) return null;
  assertParamInVersion('registry', REGISTRY_MIN_VERSION, version);
  throw new RegistryNotFound(registry);
}

/**
 * Before 1.20 the command is one string, which docker-py splits as Python's shlex does; from 1.20
 * it is a list (Zun's command_list), and a string is refused as the schema refuses it.
 */
function commandOf(command: string | string[] | undefined, version: MicroVersion): string[] | null {
  if (command === undefined) return null;
  const listed = version.isAtLeast('1.20');
  if (listed !== Array.isArray(command)) {
    throw new BadRequest(
      `Invalid input for field/attribute command: at version ${version.toString()} it is ` +
        (listed ? 'a list of strings' : 'one string (a list from 1.20 on)') +
        '.',
    );
  }
  const words = typeof command === 'string' ? splitCommand(command) : command;
  return words.length > 0 ? words : null;
}

function restartPolicyOf(dto: CreateContainerDto): ContainerSpec['restart_policy'] {
  const policy = dto.restart_policy;
  if (!policy) return { Name: 'no', MaximumRetryCount: 0 };
  if (policy.Name !== 'on-failure' && policy.MaximumRetryCount !== 0) {
    throw new BadRequest(
      `Invalid input for field/attribute restart_policy. MaximumRetryCount is only allowed with on-failure.`,
    );
  }
  if (dto.auto_remove && policy.Name !== 'no') {
    throw new BadRequest(
      'Conflicting options: auto_remove cannot be combined with a restart policy.',
    );
  }
  return policy;
}
