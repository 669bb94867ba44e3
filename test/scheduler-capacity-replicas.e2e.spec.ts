import {
  evolveHost,
  hostStream,
  initialHostState,
  isHostEvent,
  usedCapacity,
  type HostInfo,
} from '@berth/domain';
import { WrongExpectedVersionError, type EventStore } from '@berth/drivers';
import { EVENT_STORE } from '@berth/platform';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { BerthStack, TEST_IMAGE, login } from './support/berth-stack';

interface View {
  uuid: string;
  status: string;
}

const HOST_MEMORY = 1000;
const CONTAINER_MEMORY = 128;

/**
 * Each API replica keeps host states and quota ledgers in memory (HostStates, ProjectLedgers);
 * only the expected revisions of the appends stand between two replicas deciding on what the
 * other just changed. These creates race through two replicas on one database.
 */
describe('concurrent creates through two API replicas', () => {
  let berth: BerthStack;
  let other: ApiTestApp;
  let otherToken: string;
  let store: EventStore;
  const created: string[] = [];

  const hostState = async () => {
    const recorded = await store.readStream(hostStream(berth.hostname));
    return { state: recorded.filter(isHostEvent).reduce(evolveHost, initialHostState), recorded };
  };

  /** POSTs alternately to the first replica and to the second. */
  const create = async (n: number, body: object): Promise<{ status: number; body: View }> => {
    if (n % 2 === 0) {
      const res = await berth.request<View>('POST', '/v1/containers', body);
      return { status: res.status, body: res.body };
    }
    const res = await fetch(`${other.url}/v1/containers`, {
      method: 'POST',
      headers: {
        'x-auth-token': otherToken,
        'openstack-api-version': 'container 1.40',
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    const view = (await res.json()) as View;
    if (view.uuid) created.push(view.uuid);
    return { status: res.status, body: view };
  };

  beforeAll(async () => {
    berth = await BerthStack.start();
    store = berth.app.app.get<EventStore>(EVENT_STORE);
    other = await startApiTestApp({
      database: { url: berth.app.config.databaseUrl, drop: () => Promise.resolve() },
      adminPassword: berth.app.adminPassword,
    });
    otherToken = await login(other.url, 'admin', berth.app.adminPassword, 'admin');
    // Both replicas have placed once, so each holds the host and the ledger in memory before
    // the host shrinks behind their backs.
    for (let n = 0; n < 2; n++) {
      const warm = await create(n, { image: TEST_IMAGE });
      expect(warm.status).toBe(202);
      await berth.waitFor<View>(warm.body.uuid, (c) => c.status !== 'Creating');
      expect(
        (await berth.request('DELETE', `/v1/containers/${warm.body.uuid}?force=True`)).status,
      ).toBe(204);
    }
    // Compute releases the deleted containers' claims on the host stream after the 204s: on a
    // lost race with that, read the host again and append on top.
    for (let attempt = 1; ; attempt++) {
      const { state, recorded } = await hostState();
      try {
        await store.append(
          hostStream(berth.hostname),
          [
            {
              type: 'HostRegistered',
              version: 1,
              data: {
                ...(state.info as HostInfo),
                mem_total: HOST_MEMORY,
                at: new Date().toISOString(),
              },
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
        break;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= 10) throw error;
      }
    }
  });

  afterAll(async () => {
    await other?.close();
    for (const uuid of created) {
      await berth.docker
        .getContainer(`berth-${uuid}`)
        .remove({ force: true })
        .catch(() => undefined);
    }
    await berth?.close();
  });

  it('never overcommits the host they share', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        create(n, { image: TEST_IMAGE, memory: `${CONTAINER_MEMORY}` }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(202));
    const fits = Math.floor(HOST_MEMORY / CONTAINER_MEMORY);
    expect(results.filter((r) => r.body.status !== 'Error')).toHaveLength(fits);
    const { state } = await hostState();
    expect(Object.keys(state.claims)).toHaveLength(fits);
    expect(usedCapacity(state).memory).toBeLessThanOrEqual(HOST_MEMORY);
    for (const r of results) {
      await berth.request('DELETE', `/v1/containers/${r.body.uuid}?force=True`);
    }
  });

  it('never exceeds a quota set through one replica, and frees it through the other', async () => {
    // A project of its own, so nothing earlier counts against its quota.
    const project = `replicas-${Date.now()}`;
    const password = 'pw-replicas-e2e';
    const made = await berth.request<{ project: { id: string } }>('POST', '/identity/v3/projects', {
      project: { name: project },
    });
    const projectId = made.body.project.id;
    await berth.request('POST', '/identity/v3/users', {
      user: { name: project, password, default_project_id: project },
    });
    await berth.request('PUT', `/identity/v3/projects/${project}/users/${project}/roles/member`);
    const tokens = [
      await login(berth.url, project, password, project),
      await login(other.url, project, password, project),
    ];
    const urls = [berth.url, other.url];
    const post = async (n: number): Promise<{ status: number; body: View }> => {
      const res = await fetch(`${urls[n % 2]}/v1/containers`, {
        method: 'POST',
        headers: {
          'x-auth-token': tokens[n % 2],
          'openstack-api-version': 'container 1.40',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ image: TEST_IMAGE }),
      });
      const view = (await res.json()) as View;
      if (view.uuid) created.push(view.uuid);
      return { status: res.status, body: view };
    };
    const put = await berth.request('PUT', `/v1/quotas/${projectId}`, { containers: 4 });
    expect(put.status).toBe(200);
    // Both replicas hold the ledger in memory before the race.
    const results = await Promise.all(Array.from({ length: 20 }, (_, n) => post(n)));
    expect(results.filter((r) => r.status === 202)).toHaveLength(4);
    expect(results.filter((r) => r.status === 403)).toHaveLength(16);

    // A delete through the first replica frees a place that a create through the second then
    // takes, although the second last saw the ledger full.
    const [freed] = results.filter((r) => r.status === 202);
    await berth.waitFor<View>(freed.body.uuid, (c) => c.status !== 'Creating');
    const del = await berth.request('DELETE', `/v1/containers/${freed.body.uuid}?force=True`);
    expect(del.status).toBe(204);
    const inUse = async (): Promise<number> =>
      (
        await berth.request<{ containers: { in_use: number } }>(
          'GET',
          `/v1/quotas/${projectId}?usages=True`,
        )
      ).body.containers.in_use;
    const deadline = Date.now() + 15_000;
    while ((await inUse()) !== 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await post(1)).status).toBe(202);
    expect((await post(1)).status).toBe(403);
  });
});
