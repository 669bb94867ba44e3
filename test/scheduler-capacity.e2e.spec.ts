import {
  evolveHost,
  hostStream,
  initialHostState,
  isHostEvent,
  usedCapacity,
  type HostInfo,
} from '@berth/domain';
import type { EventStore } from '@berth/drivers';
import { EVENT_STORE } from '@berth/platform';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';

interface View {
  uuid: string;
  status: string;
  status_reason: string | null;
  task_state: string | null;
  memory: string | null;
  project_id: string;
}

const HOST_MEMORY = 1000;
const CONTAINER_MEMORY = 128;

describe('host capacity claims on the host stream', () => {
  let berth: BerthStack;
  let store: EventStore;

  const hostState = async () => {
    const recorded = await store.readStream(hostStream(berth.hostname));
    return { state: recorded.filter(isHostEvent).reduce(evolveHost, initialHostState), recorded };
  };

  beforeAll(async () => {
    berth = await BerthStack.start();
    store = berth.app.app.get<EventStore>(EVENT_STORE);
    // This suite is about host capacity: the project's quota (which counts Zun's default cpu of
    // every container, refused ones included) must not be what refuses a create.
    const unlimited = { containers: -1, cpu: -1, memory: -1, disk: -1 };
    await berth.request('PUT', `/v1/quotas/${await berth.projectId()}`, unlimited);
    // Make the host small: the registration the compute appended, with less memory.
    const { state, recorded } = await hostState();
    const info = state.info as HostInfo;
    await store.append(
      hostStream(berth.hostname),
      [
        {
          type: 'HostRegistered',
          version: 1,
          data: { ...info, mem_total: HOST_MEMORY, at: new Date().toISOString() },
          metadata: {
            request_id: 'e2e',
            global_request_id: null,
            user_id: 'e2e',
            project_id: 'service',
            correlation_id: 'e2e',
            causation_id: null,
          },
        },
      ],
      recorded[recorded.length - 1].revision,
    );
  });

  afterAll(async () => {
    await berth?.close();
  });

  it('never overcommits memory under 20 concurrent creates, and says why the rest failed', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        berth.request<View>('POST', '/v1/containers', {
          image: TEST_IMAGE,
          memory: String(CONTAINER_MEMORY),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(202));
    const placed = results.filter((r) => r.body.status !== 'Error');
    const refused = results.filter((r) => r.body.status === 'Error');
    const fits = Math.floor(HOST_MEMORY / CONTAINER_MEMORY);
    expect(placed).toHaveLength(fits);
    for (const r of refused) {
      expect(r.body.status_reason).toBe(
        'There are not enough hosts available. Hosts eliminated by RamFilter (1 host).',
      );
    }
    const { state } = await hostState();
    expect(Object.keys(state.claims)).toHaveLength(fits);
    expect(usedCapacity(state).memory).toBeLessThanOrEqual(HOST_MEMORY);
  });

  it('releases the claim on delete, so the host takes a container again', async () => {
    const { state } = await hostState();
    const [uuid] = Object.keys(state.claims);
    await berth.waitFor<View>(uuid, (c) => c.status !== 'Creating');
    const del = await berth.request('DELETE', `/v1/containers/${uuid}?force=True`);
    expect(del.status).toBe(204);
    const deadline = Date.now() + 15_000;
    while ((await hostState()).state.claims[uuid] && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await hostState()).state.claims[uuid]).toBeUndefined();
    const again = await berth.request<View>('POST', '/v1/containers', {
      image: TEST_IMAGE,
      memory: String(CONTAINER_MEMORY),
    });
    expect(again.body.status).not.toBe('Error');
  });

  it('resizes the host claim with the container: growth past the host is refused, a fit moves mem_used', async () => {
    const { state } = await hostState();
    const [uuid] = Object.keys(state.claims).filter(
      (c) => state.claims[c].memory === CONTAINER_MEMORY,
    );
    const container = await berth.waitFor<View>(
      uuid,
      (c) => c.status !== 'Creating' && c.task_state === null,
    );
    const free = HOST_MEMORY - usedCapacity(state).memory;
    const revisions = async () =>
      Promise.all(
        [hostStream(berth.hostname), `container-${uuid}`, `project-${container.project_id}`].map(
          async (stream) => (await store.readStream(stream)).length,
        ),
      );
    const before = await revisions();

    const tooBig = await berth.request<{ errors: Array<{ title: string }> }>(
      'PATCH',
      `/v1/containers/${uuid}`,
      { memory: String(CONTAINER_MEMORY + free + 1) },
    );
    expect(tooBig.status).toBe(409);
    expect(tooBig.body.errors[0].title).toBe(
      `Cannot update container ${uuid}: insufficient compute resources on its host: ` +
        `memory (requested ${CONTAINER_MEMORY + free + 1}, free ${CONTAINER_MEMORY + free}).`,
    );
    expect(await revisions()).toEqual(before);
    expect((await hostState()).state.claims[uuid].memory).toBe(CONTAINER_MEMORY);
    expect((await berth.request<View>('GET', `/v1/containers/${uuid}`)).body.memory).toBe(
      String(CONTAINER_MEMORY),
    );

    const hostView = async () =>
      (await berth.request<{ mem_used: number }>('GET', `/v1/hosts/${berth.hostname}`)).body;
    const usedBefore = (await hostView()).mem_used;
    const grown = CONTAINER_MEMORY + free;
    const fits = await berth.request<View>('PATCH', `/v1/containers/${uuid}`, {
      memory: String(grown),
    });
    expect(fits.status).toBe(200);
    expect(fits.body.memory).toBe(String(grown));
    const after = (await hostState()).state;
    expect(after.claims[uuid].memory).toBe(grown);
    expect(usedCapacity(after).memory).toBe(HOST_MEMORY);
    expect((await hostView()).mem_used).toBe(usedBefore + free);
  });

  it('refuses a host named by a member (admin only), and an unknown host to an admin', async () => {
    const project = await berth.request<{ project: { id: string } }>(
      'POST',
      '/identity/v3/projects',
      { project: { name: 'sched-tenant' } },
    );
    const projectId = project.body.project.id;
    const user = await berth.request<{ user: { id: string } }>('POST', '/identity/v3/users', {
      user: { name: 'sched-member', password: 's3cret', default_project_id: projectId },
    });
    const grant = `/identity/v3/projects/${projectId}/users/${user.body.user.id}/roles/member`;
    expect((await berth.request('PUT', grant)).status).toBe(204);
    const member = await berth.login('sched-member', 's3cret', 'sched-tenant');
    const forMember = await berth.request(
      'POST',
      '/v1/containers',
      { image: TEST_IMAGE, host: berth.hostname },
      member,
    );
    expect(forMember.status).toBe(403);
    expect(forMember.text).toContain('container:create:requested_destination');
    // Zun's default policy keeps these for admins too.
    for (const [field, value, rule] of [
      ['runtime', 'runc', 'container:create:runtime'],
      ['image_pull_policy', 'always', 'container:create:image_pull_policy'],
    ]) {
      const body = { image: TEST_IMAGE, [field]: value };
      const refused = await berth.request('POST', '/v1/containers', body, member);
      expect({ field, status: refused.status }).toEqual({ field, status: 403 });
      expect(refused.text).toContain(rule);
    }
    const quotaClass = await berth.request('GET', '/v1/quota_classes/default', undefined, member);
    expect(quotaClass.status).toBe(403);
    // Zun's _validate_host: a 404 at the API, not a container left in Error by the scheduler.
    const listed = async () =>
      (await berth.request<{ containers: unknown[] }>('GET', '/v1/containers?all_projects=True'))
        .body.containers.length;
    const before = await listed();
    const named = await berth.request<{ errors: Array<{ title: string }> }>(
      'POST',
      '/v1/containers',
      { image: TEST_IMAGE, host: 'no-such-host' },
    );
    expect(named.status).toBe(404);
    expect(named.body.errors[0].title).toBe('Requested host no-such-host could not be found.');
    expect(await listed()).toBe(before);
  });

  it('refuses actions on a container no host could take, deletes it at once and gives back its quota', async () => {
    const usage = async (project: string) =>
      (
        await berth.request<{ containers: { in_use: number } }>(
          'GET',
          `/v1/quotas/${project}?usages=True`,
        )
      ).body.containers.in_use;
    const refused = await berth.request<View & { project_id: string }>('POST', '/v1/containers', {
      image: TEST_IMAGE,
      memory: String(HOST_MEMORY * 2),
    });
    expect(refused.body.status).toBe('Error');
    const { uuid, project_id } = refused.body;
    const before = await usage(project_id);

    // There is no compute to carry out an action on it: refused, not left waiting for ever.
    for (const action of ['start', 'reboot', 'rebuild']) {
      const refusedAction = await berth.request('POST', `/v1/containers/${uuid}/${action}`);
      expect({ action, status: refusedAction.status }).toEqual({ action, status: 409 });
      expect(refusedAction.text).toContain('no host took it');
    }
    expect((await berth.request<View>('GET', `/v1/containers/${uuid}`)).body.status).toBe('Error');

    const del = await berth.request('DELETE', `/v1/containers/${uuid}`);
    expect(del.status).toBe(204);
    expect((await berth.request('GET', `/v1/containers/${uuid}`)).status).toBe(404);
    expect(await usage(project_id)).toBe(before - 1);
    const recorded = await store.readStream(`container-${uuid}`);
    expect(recorded.slice(-2).map((e) => e.type)).toEqual([
      'ContainerDeleteRequested',
      'ContainerDeleted',
    ]);
  });

  it('refuses a privileged container to everybody, admins included, as Zun’s default policy does', async () => {
    const refused = await berth.request<{ errors: Array<{ title: string }> }>(
      'POST',
      '/v1/containers',
      { image: TEST_IMAGE, privileged: true },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].title).toBe(
      "Policy doesn't allow container:create:privileged to be performed.",
    );
  });
});
