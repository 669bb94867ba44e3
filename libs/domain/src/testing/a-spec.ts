import type { ContainerSpec } from '../container/container.spec';

/**
 * A plain container spec for tests in every tier (domain, compute, projector, API); not part of
 * the domain's public barrel. Import it as `@berth/domain/testing/a-spec`.
 */
export function aSpec(overrides: Partial<ContainerSpec> = {}): ContainerSpec {
  return {
    image: 'busybox',
    command: ['sleep', '60'],
    entrypoint: null,
    cpu: 1,
    memory: 128,
    disk: null,
    environment: {},
    workdir: null,
    labels: {},
    hostname: null,
    image_pull_policy: 'ifnotpresent',
    image_driver: 'docker',
    restart_policy: { Name: 'no', MaximumRetryCount: 0 },
    interactive: false,
    tty: false,
    auto_remove: false,
    auto_heal: false,
    privileged: false,
    runtime: null,
    exposed_ports: {},
    healthcheck: null,
    registry_id: null,
    security_groups: [],
    ...overrides,
  };
}
