import type { ContainerAddresses, PresentContainer } from '@berth/domain';
import type { Disclosure } from '../../disclosure/disclosure';
import { zunTimestamp } from './zun-timestamp';

export interface ContainerLink {
  href: string;
  rel: 'self' | 'bookmark';
}

/** Zun stores restart_policy as a DictOfStringsField, so the retry count goes out as a string. */
export interface ContainerViewRestartPolicy {
  Name: string;
  MaximumRetryCount: string;
}

/** Zun renames the request's `cmd` to Docker's `test` before storing the healthcheck. */
export interface ContainerViewHealthcheck {
  test: string;
  interval: number;
  retries: number;
  timeout: number;
}

/**
 * One container as Zun's containers_view.format_container renders it (the `_basic_keys`). The
 * optional keys are the ones Zun's default policy (`container:get_one:<key>` = admin_api) strips
 * for non-admin callers (see Disclosure).
 */
export interface ContainerView {
  uuid: string;
  links: ContainerLink[];
  user_id: string;
  project_id: string;
  name: string;
  image: string;
  command: string[] | null;
  status: string;
  status_reason: string | null;
  task_state: string | null;
  cpu: number | null;
  /** MiB as a string ("512"): Zun's memory column is a StringField. */
  memory: string | null;
  environment: Record<string, string>;
  workdir: string | null;
  ports: number[];
  hostname: string | null;
  labels: Record<string, string>;
  addresses: ContainerAddresses;
  image_pull_policy?: string;
  host?: string | null;
  restart_policy: ContainerViewRestartPolicy;
  status_detail: string | null;
  interactive: boolean;
  tty: boolean;
  image_driver: string;
  security_groups: string[];
  auto_remove: boolean;
  runtime?: string | null;
  disk: number;
  auto_heal: boolean;
  privileged?: boolean;
  healthcheck: ContainerViewHealthcheck | Record<string, never>;
  cpu_policy: 'shared' | 'dedicated';
  registry_id: string | null;
  entrypoint: string[] | null;
  created_at: string;
  updated_at: string;
}

/** Docker's default hostname is the first 12 hex digits of the container id; Zun reports it. */
const DOCKER_SHORT_ID = 12;

/** `disclosure` decides the keys Zun's policy keeps from the caller. */
export function toContainerView(
  state: PresentContainer,
  baseUrl: string,
  disclosure: Disclosure,
): ContainerView {
  const spec = state.spec;
  const view: ContainerView = {
    uuid: state.uuid,
    links: containerLinks(state.uuid, baseUrl),
    user_id: state.user_id,
    project_id: state.project_id,
    name: state.name,
    image: spec.image,
    command: spec.command,
    status: state.status,
    status_reason: state.status_reason,
    task_state: state.task_state,
    cpu: spec.cpu,
    memory: spec.memory === null ? null : String(spec.memory),
    environment: spec.environment,
    workdir: spec.workdir,
    ports: state.ports,
    hostname: spec.hostname ?? state.docker_id?.slice(0, DOCKER_SHORT_ID) ?? null,
    labels: spec.labels,
    addresses: state.addresses,
    image_pull_policy: spec.image_pull_policy,
    // A container no host could take has none: Zun shows null.
    host: state.host === '' ? null : state.host,
    restart_policy: {
      Name: spec.restart_policy.Name,
      MaximumRetryCount: String(spec.restart_policy.MaximumRetryCount),
    },
    // Zun fills it from `docker inspect` timing ("Up 5 minutes"); the read model has no clock.
    status_detail: null,
    interactive: spec.interactive,
    tty: spec.tty,
    image_driver: spec.image_driver,
    security_groups: spec.security_groups,
    auto_remove: spec.auto_remove,
    runtime: spec.runtime,
    disk: spec.disk ?? 0,
    auto_heal: spec.auto_heal,
    privileged: spec.privileged,
    healthcheck: toHealthcheck(spec.healthcheck),
    cpu_policy: 'shared',
    registry_id: spec.registry_id,
    entrypoint: spec.entrypoint,
    created_at: zunTimestamp(state.created_at),
    updated_at: zunTimestamp(state.updated_at),
  };
  // The view was built here, for this caller: the keys it may not see are dropped in place.
  for (const key of disclosure.hiddenContainerKeys) delete view[key];
  return view;
}

/** Zun's link.make_link: `self` under /v1, `bookmark` without the version. */
export function containerLinks(uuid: string, baseUrl: string): ContainerLink[] {
  return [
    { href: `${baseUrl}/v1/containers/${uuid}`, rel: 'self' },
    { href: `${baseUrl}/containers/${uuid}`, rel: 'bookmark' },
  ];
}

function toHealthcheck(
  healthcheck: PresentContainer['spec']['healthcheck'],
): ContainerViewHealthcheck | Record<string, never> {
  if (healthcheck === null) return {};
  return {
    test: healthcheck.cmd,
    interval: healthcheck.interval,
    retries: healthcheck.retries,
    timeout: healthcheck.timeout,
  };
}
