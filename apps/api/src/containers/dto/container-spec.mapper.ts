import type { ContainerSpec } from '@berth/domain';
import { BadRequest, RegistryNotFound, additionalPropertiesMessage } from '../../errors';
import type { MicroVersion } from '../../microversion';
import type { CreateContainerDto } from './create-container.dto';
import { splitCommand } from '../io/exec-command';
import { parseCpu, parseDisk, parseMemoryMiB } from './container-units';
import { exposedPortsOf } from './exposed-ports';
import { toMounts } from './mounts.mapper';
import { assertParamInVersion } from './param-in-version';
import { toNetworkRequests } from '../networks/nets.mapper';

/** The wire's create body turned into the domain's spec, with Zun's version-dependent rules. */
export function toContainerSpec(dto: CreateContainerDto, version: MicroVersion): ContainerSpec {
  assertFieldsOfVersion(dto, version);
  if (dto.cpu_policy === 'dedicated') {
    // Zun would accept it and then find no host (its CpuSetFilter): no Berth host pins CPUs.
    throw new BadRequest(
      'Invalid input for field/attribute cpu_policy: dedicated needs a host with CPU pinning, ' +
        'and no Berth host pins CPUs. Use shared (the default).',
    );
  }
  const mounts = toMounts(dto.mounts, version);
  const nets = toNetworkRequests(dto.nets);
  return {
    image: dto.image,
    command: commandOf(dto.command),
    entrypoint: dto.entrypoint && dto.entrypoint.length > 0 ? dto.entrypoint : null,
    cpu: dto.cpu === undefined || dto.cpu === null ? null : parseCpu(dto.cpu),
    memory: dto.memory === undefined || dto.memory === null ? null : parseMemoryMiB(dto.memory),
    disk: dto.disk === undefined || dto.disk === null ? null : parseDisk(dto.disk),
    environment: stringMap(dto.environment ?? {}, 'environment'),
    workdir: dto.workdir || null,
    labels: stringMap(dto.labels ?? {}, 'labels'),
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
    exposed_ports: exposedPortsOf(dto.exposed_ports),
    healthcheck: dto.healthcheck
      ? {
          cmd: dto.healthcheck.cmd,
          interval: dto.healthcheck.interval ?? 0,
          retries: dto.healthcheck.retries ?? 0,
          timeout: dto.healthcheck.timeout ?? 0,
        }
      : null,
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

/** What Zun refuses by version before anything else: a field its schema or code has not yet. */
function assertFieldsOfVersion(dto: CreateContainerDto, version: MicroVersion): void {
  const unexpected = ADDED_IN.filter(
    ([field, since]) => dto[field] !== undefined && !version.isAtLeast(since),
  ).map(([field]) => field);
  if (unexpected.length > 0) throw new BadRequest(additionalPropertiesMessage(unexpected));
  if (dto.runtime !== undefined && dto.runtime !== null)
    assertParamInVersion('runtime', '1.5', version);
}

const REGISTRY_MIN_VERSION = '1.31';

/** Zun resolves `registry` (a name or uuid) to its id; Berth has none to resolve it to. */
function registryIdOf(registry: string | undefined, version: MicroVersion): null {
  if (!registry) return null;
  assertParamInVersion('registry', REGISTRY_MIN_VERSION, version);
  throw new RegistryNotFound(registry);
}

/** Before 1.20 the command is one string, which docker-py splits as Python's shlex does. */
function commandOf(command: string[] | string | undefined): string[] | null {
  if (command === undefined || command === null) return null;
  const words = typeof command === 'string' ? splitCommand(command) : command;
  if (!Array.isArray(words) || words.some((w) => typeof w !== 'string')) {
    throw new BadRequest(
      'Invalid input for field/attribute command. It must be a list of strings.',
    );
  }
  return words.length > 0 ? words : null;
}

/** Zun's hints schema: keys of letters, digits and `-_:. `, values strings, both up to 255. */
const HINT_KEY = /^[a-zA-Z0-9-_:. ]{1,255}$/;

/**
 * The scheduler hints of a create. A value that is not a string is refused, not skipped: a
 * `label:` hint skipped would place the container on a host without that label.
 */
export function schedulerHintsOf(
  hints: Record<string, unknown> | undefined,
): Record<string, string> {
  const map = stringMap(hints ?? {}, 'hints');
  for (const [key, value] of Object.entries(map)) {
    if (!HINT_KEY.test(key) || value.length > 255) {
      throw new BadRequest(
        `Invalid input for field/attribute hints. Hint ${JSON.stringify(key.slice(0, 64))} ` +
          'needs a key of letters, digits and -_:. (up to 255) and a value of up to 255 characters.',
      );
    }
  }
  return map;
}

function stringMap(value: Record<string, unknown>, field: string): Record<string, string> {
  const entries = Object.entries(value);
  if (entries.some(([, v]) => typeof v !== 'string')) {
    throw new BadRequest(`Invalid input for field/attribute ${field}. Values must be strings.`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function restartPolicyOf(dto: CreateContainerDto): ContainerSpec['restart_policy'] {
  const policy = dto.restart_policy;
  if (!policy) return { Name: 'no', MaximumRetryCount: 0 };
  const retries = Number(policy.MaximumRetryCount ?? 0);
  if (policy.Name !== 'on-failure' && retries !== 0) {
    throw new BadRequest(
      `Invalid input for field/attribute restart_policy. MaximumRetryCount is only allowed with on-failure.`,
    );
  }
  if (dto.auto_remove && policy.Name !== 'no') {
    throw new BadRequest(
      'Conflicting options: auto_remove cannot be combined with a restart policy.',
    );
  }
  return { Name: policy.Name, MaximumRetryCount: retries };
}
