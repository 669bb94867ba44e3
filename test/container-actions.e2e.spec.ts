import { BerthStack, TEST_IMAGE } from './support/berth-stack';

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
}
interface Action {
  action: string;
  request_id: string;
  container_uuid: string;
  user_id: string;
  project_id: string;
  start_time: string;
  finish_time: string | null;
  message: string | null;
}
interface ActionWithEvents extends Action {
  events: Array<{ event: string; result: string; finish_time: string | null }>;
}

const settled =
  (status: string) =>
  (c: View): boolean =>
    c.status === status && c.task_state === null;

describe("a container's action log, as zun action-list and action-show read it", () => {
  let berth: BerthStack;

  beforeAll(async () => {
    berth = await BerthStack.start();
  });

  afterAll(async () => {
    await berth?.close();
  });

  it('records each accepted action with its outcome and keeps it after the delete', async () => {
    const run = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sleep', '300'],
    });
    const uuid = run.body.uuid;
    await berth.waitFor<View>(uuid, settled('Running'));
    await berth.request('POST', `/v1/containers/${uuid}/stop?timeout=0`);
    await berth.waitFor<View>(uuid, settled('Stopped'));

    const list = await berth.request<{ containerActions: Action[] }>(
      'GET',
      `/v1/containers/${uuid}/container_actions`,
    );
    expect(list.status).toBe(200);
    expect(list.body.containerActions.map((a) => a.action)).toEqual(['create', 'stop']);
    const [create] = list.body.containerActions;
    expect(create).toMatchObject({
      container_uuid: uuid,
      request_id: run.headers.get('x-openstack-request-id'),
    });
    expect(create.finish_time).not.toBeNull();

    const show = await berth.request<ActionWithEvents>(
      'GET',
      `/v1/containers/${uuid}/container_actions/${create.request_id}`,
    );
    expect(show.status).toBe(200);
    expect(show.body.events).toEqual([
      expect.objectContaining({ event: 'compute__do_container_create', result: 'Success' }),
    ]);

    expect((await berth.request('DELETE', `/v1/containers/${uuid}`)).status).toBe(204);
    const deadline = Date.now() + 10_000;
    while ((await berth.request('GET', `/v1/containers/${uuid}`)).status !== 404) {
      if (Date.now() > deadline) throw new Error('container was not deleted');
      await new Promise((r) => setTimeout(r, 50));
    }
    const afterDelete = await berth.request<{ containerActions: Action[] }>(
      'GET',
      `/v1/containers/${uuid}/container_actions`,
    );
    expect(afterDelete.body.containerActions.map((a) => a.action)).toEqual([
      'create',
      'stop',
      'delete',
    ]);
  });

  it('shows a failed action as Error with a message the user can act on', async () => {
    const created = await berth.request<View>('POST', '/v1/containers', {
      image: '127.0.0.1:5000/berth-test/missing:latest',
    });
    await berth.waitFor<View>(created.body.uuid, (c) => c.status === 'Error');
    const list = await berth.request<{ containerActions: Action[] }>(
      'GET',
      `/v1/containers/${created.body.uuid}/container_actions`,
    );
    const [create] = list.body.containerActions;
    expect(create.message).toMatch(/missing/);
    const show = await berth.request<ActionWithEvents>(
      'GET',
      `/v1/containers/${created.body.uuid}/container_actions/${create.request_id}`,
    );
    expect(show.body.events[0].result).toBe('Error');
  });

  it('answers 404 for an unknown request id', async () => {
    const created = await berth.request<View>('POST', '/v1/containers', { image: TEST_IMAGE });
    const res = await berth.request(
      'GET',
      `/v1/containers/${created.body.uuid}/container_actions/req-nope`,
    );
    expect(res.status).toBe(404);
  });
});
