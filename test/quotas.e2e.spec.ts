import { BerthStack, TEST_IMAGE } from './support/berth-stack';

interface Limits {
  containers: number;
  cpu: number;
  memory: number;
  disk: number;
}
type Usages = Record<keyof Limits, { limit: number; in_use: number }>;
interface View {
  uuid: string;
  status: string;
  task_state: string | null;
  memory: string | null;
}
interface ErrorBody {
  errors: Array<{ status: number; code: string; title: string }>;
}

describe('quotas per project, enforced through the project ledger', () => {
  let berth: BerthStack;
  let project: string;

  beforeAll(async () => {
    berth = await BerthStack.start();
    project = await berth.projectId();
  });

  afterAll(async () => {
    await berth?.close();
  });

  const usages = async (): Promise<Usages> =>
    (await berth.request<Usages>('GET', `/v1/quotas/${project}?usages=True`)).body;

  it("starts from Zun's defaults", async () => {
    const res = await berth.request<Limits>('GET', `/v1/quotas/${project}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ containers: 40, cpu: 20, memory: 51200, disk: 100 });
    const defaults = await berth.request<Limits>('GET', `/v1/quotas/${project}/defaults`);
    expect(defaults.body).toEqual(res.body);
  });

  it('is not there before microversion 1.26', async () => {
    const res = await berth.request('GET', `/v1/quotas/${project}`, undefined, {
      'openstack-api-version': 'container 1.25',
    });
    expect(res.status).toBe(406);
  });

  it('accepts exactly the quota out of 50 concurrent creates, and usage is the live containers', async () => {
    const put = await berth.request<Limits>('PUT', `/v1/quotas/${project}`, { containers: 10 });
    expect(put.status).toBe(200);
    expect(put.body.containers).toBe(10);

    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        berth.request<View | ErrorBody>('POST', '/v1/containers', { image: TEST_IMAGE }),
      ),
    );
    const accepted = results.filter((r) => r.status === 202);
    const refused = results.filter((r) => r.status === 403);
    expect(accepted).toHaveLength(10);
    expect(refused).toHaveLength(40);
    expect((refused[0].body as ErrorBody).errors[0].title).toMatch(
      /^Quota exceeded for resources: \['containers'\]/,
    );

    const list = await berth.request<{ containers: View[] }>('GET', '/v1/containers');
    expect(list.body.containers).toHaveLength(10);
    expect((await usages()).containers).toEqual({ limit: 10, in_use: 10 });

    const gone = accepted.slice(0, 3).map((r) => (r.body as View).uuid);
    for (const uuid of gone) {
      await berth.waitFor<View>(uuid, (c) => c.status === 'Created');
      expect((await berth.request('DELETE', `/v1/containers/${uuid}`)).status).toBe(204);
    }
    const deadline = Date.now() + 15_000;
    while ((await usages()).containers.in_use !== 7 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await usages()).containers.in_use).toBe(7);
    // The list is a projection of compute's delete outcomes: eventually the same seven.
    const listed = async (): Promise<number> =>
      (await berth.request<{ containers: View[] }>('GET', '/v1/containers')).body.containers.length;
    while ((await listed()) !== 7 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await listed()).toBe(7);
    await berth.request('DELETE', `/v1/quotas/${project}`);
  });

  it('refuses memory past the limit on create and on update, saying by how much', async () => {
    // The containers left by the test before hold Zun's default memory (512 MiB each): 100 MiB
    // more than they hold.
    const held = (await usages()).memory.in_use;
    await berth.request('PUT', `/v1/quotas/${project}`, { memory: held + 100, containers: -1 });
    const first = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sleep', '300'],
      memory: '64',
    });
    expect(first.status).toBe(202);
    const second = await berth.request<ErrorBody>('POST', '/v1/containers', {
      image: TEST_IMAGE,
      memory: '64',
    });
    expect(second.status).toBe(403);
    expect(second.body.errors[0].title).toMatch(/\['memory'\].*28 over/);

    await berth.waitFor<View>(
      first.body.uuid,
      (c) => c.status === 'Running' && c.task_state === null,
    );
    const grow = await berth.request<ErrorBody>('PATCH', `/v1/containers/${first.body.uuid}`, {
      memory: '128',
    });
    expect(grow.status).toBe(403);
    const shrink = await berth.request<View>('PATCH', `/v1/containers/${first.body.uuid}`, {
      memory: '32',
    });
    expect(shrink.status).toBe(200);
    expect(shrink.body.memory).toBe('32');
    expect((await usages()).memory.in_use).toBe(held + 32);
    await berth.request('DELETE', `/v1/quotas/${project}`);
  });

  it('lets an admin change the default class, and a reset project falls back to it', async () => {
    const cls = await berth.request<Limits>('PUT', '/v1/quota_classes/default', { cpu: 7 });
    expect(cls.status).toBe(200);
    expect(cls.body.cpu).toBe(7);
    await berth.request('PUT', `/v1/quotas/${project}`, { cpu: 3 });
    expect((await berth.request<Limits>('GET', `/v1/quotas/${project}`)).body.cpu).toBe(3);
    expect((await berth.request('DELETE', `/v1/quotas/${project}`)).status).toBe(204);
    expect((await berth.request<Limits>('GET', `/v1/quotas/${project}`)).body.cpu).toBe(7);
    await berth.request('PUT', '/v1/quota_classes/default', { cpu: 20 });
  });

  it('rejects a bad limit with a 400', async () => {
    const res = await berth.request<ErrorBody>('PUT', `/v1/quotas/${project}`, { containers: -5 });
    expect(res.status).toBe(400);
  });

  it('takes whole numbers only, as numbers or strings, and refuses null, huge values and unknown keys', async () => {
    const refused = [
      { cpu: 1.5 },
      { memory: '2G' },
      { cpu: 4, ram: 100 },
      { containers: null },
      { disk: '99999999999999999999999' },
    ];
    for (const body of refused) {
      const res = await berth.request<ErrorBody>('PUT', `/v1/quotas/${project}`, body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const strings = await berth.request<Limits>('PUT', `/v1/quotas/${project}`, {
      cpu: '6',
      disk: '-1',
    });
    expect(strings.status).toBe(200);
    expect(strings.body).toMatchObject({ cpu: 6, disk: -1 });
    expect((await berth.request('DELETE', `/v1/quotas/${project}`)).status).toBe(204);
  });
});
