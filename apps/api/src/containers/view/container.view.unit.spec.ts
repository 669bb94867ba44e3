import type { ContainerSpec, PresentContainer } from '@berth/domain';
import { aSpec } from '@berth/domain/testing/a-spec';
import { Disclosure } from '../../disclosure/disclosure';
import { toContainerView } from './container.view';
import { zunTimestamp } from './zun-timestamp';

const UUID = '6f1c2b1e-8d0a-4c55-9a63-0c1f3c8e2a10';
const BASE = 'http://berth.test:9517';

const spec = (overrides: Partial<ContainerSpec> = {}): ContainerSpec =>
  aSpec({
    environment: { FOO: 'bar' },
    labels: { app: 'web' },
    exposed_ports: { '80/tcp': {} },
    ...overrides,
  });

function aContainer(overrides: Partial<PresentContainer> = {}): PresentContainer {
  return {
    exists: true,
    uuid: UUID,
    name: 'web',
    project_id: 'p1',
    user_id: 'u1',
    host: 'host-a',
    addresses: {},
    ports: [],
    spec: spec(),
    status: 'Running',
    task_state: null,
    status_reason: null,
    docker_id: '0123456789abcdef0123',
    image_id: 'sha256:img',
    pending: null,
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-02T03:04:05.678Z',
    deleted: false,
    exit_code: null,
    restart_count: 0,
    ...overrides,
  };
}

describe('toContainerView', () => {
  it('renders exactly Zun _basic_keys, with Zun wire types', () => {
    const view = toContainerView(aContainer(), BASE, Disclosure.everything);
    expect(view).toEqual({
      uuid: UUID,
      links: [
        { href: `${BASE}/v1/containers/${UUID}`, rel: 'self' },
        { href: `${BASE}/containers/${UUID}`, rel: 'bookmark' },
      ],
      user_id: 'u1',
      project_id: 'p1',
      name: 'web',
      image: 'busybox',
      command: ['sleep', '60'],
      status: 'Running',
      status_reason: null,
      task_state: null,
      cpu: 1,
      memory: '128',
      environment: { FOO: 'bar' },
      workdir: null,
      ports: [],
      hostname: '0123456789ab',
      labels: { app: 'web' },
      addresses: {},
      image_pull_policy: 'ifnotpresent',
      host: 'host-a',
      restart_policy: { Name: 'no', MaximumRetryCount: '0' },
      status_detail: null,
      interactive: false,
      tty: false,
      image_driver: 'docker',
      security_groups: [],
      auto_remove: false,
      runtime: null,
      disk: 0,
      auto_heal: false,
      privileged: false,
      healthcheck: {},
      cpu_policy: 'shared',
      registry_id: null,
      entrypoint: null,
      created_at: '2025-01-01 00:00:00',
      updated_at: '2025-01-02 03:04:05',
    });
  });

  it('does not leak domain-only fields (exposed_ports, docker_id, pending, spec)', () => {
    const view = toContainerView(aContainer(), BASE, Disclosure.everything) as unknown as Record<
      string,
      unknown
    >;
    for (const key of ['exposed_ports', 'docker_id', 'pending', 'spec', 'exists', 'deleted']) {
      expect(view).not.toHaveProperty(key);
    }
  });

  it('keeps nulls where Zun has them and stringifies memory and retry count', () => {
    const view = toContainerView(
      aContainer({
        spec: spec({
          cpu: 0.5,
          memory: null,
          command: null,
          disk: 10,
          hostname: 'box',
          restart_policy: { Name: 'on-failure', MaximumRetryCount: 3 },
        }),
      }),
      BASE,
      Disclosure.everything,
    );
    expect(view).toMatchObject({
      cpu: 0.5,
      memory: null,
      command: null,
      disk: 10,
      hostname: 'box',
      restart_policy: { Name: 'on-failure', MaximumRetryCount: '3' },
    });
  });

  it('has a null hostname before Docker created the container', () => {
    expect(
      toContainerView(aContainer({ docker_id: null }), BASE, Disclosure.everything).hostname,
    ).toBeNull();
  });

  it('shows a null host for a container no host could take', () => {
    const view = toContainerView(
      aContainer({ host: '', status: 'Error' }),
      BASE,
      Disclosure.everything,
    );
    expect(view.host).toBeNull();
  });

  it("renders the healthcheck's cmd as Docker's test, as Zun stores it", () => {
    const withHealthcheck = spec({
      healthcheck: { cmd: 'true', interval: 3, retries: 2, timeout: 5 },
    });
    expect(
      toContainerView(aContainer({ spec: withHealthcheck }), BASE, Disclosure.everything)
        .healthcheck,
    ).toEqual({
      test: 'true',
      interval: 3,
      retries: 2,
      timeout: 5,
    });
  });

  it('strips the admin-only keys for a non-admin viewer only', () => {
    const member = toContainerView(aContainer(), BASE, Disclosure.nothing);
    for (const key of ['host', 'image_pull_policy', 'privileged', 'runtime']) {
      expect(member).not.toHaveProperty(key);
    }
    const admin = toContainerView(aContainer(), BASE, Disclosure.everything);
    expect(admin).toMatchObject({ host: 'host-a', privileged: false, runtime: null });
  });

  it('shows the network facts the container reported', () => {
    const addresses = {
      net: [
        {
          addr: '10.0.0.5',
          version: 4 as const,
          port: null,
          subnet_id: null,
          preserve_on_delete: false,
        },
      ],
    };
    const view = toContainerView(
      aContainer({ addresses, ports: [80] }),
      BASE,
      Disclosure.everything,
    );
    expect(view.addresses).toEqual(addresses);
    expect(view.ports).toEqual([80]);
  });
});

describe('zunTimestamp', () => {
  it("prints Python's str() of a naive UTC datetime, whole seconds", () => {
    expect(zunTimestamp('2025-06-30T23:59:59.999Z')).toBe('2025-06-30 23:59:59');
    expect(zunTimestamp('2025-07-01T02:00:00+02:00')).toBe('2025-07-01 00:00:00');
  });
});
