import { readWatch, type WatchEvent } from '../bench/support/container-watch-client';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
}

const status = (event: WatchEvent): string | undefined =>
  event.event === 'container' ? (event.data as View).status : undefined;

/** GET /v1/containers/{ident}/watch: the container's changes pushed as server-sent events. */
describe('watching a container', () => {
  let berth: BerthStack;

  beforeAll(async () => {
    berth = await BerthStack.start();
  }, 60_000);

  afterAll(async () => {
    await berth?.close();
  });

  const watch = (ident: string, token = berth.adminToken): Promise<Response> =>
    fetch(`${berth.url}/v1/containers/${ident}/watch`, {
      headers: { 'x-auth-token': token, 'openstack-api-version': 'container 1.40' },
    });

  it('streams every status a created container goes through until it runs', async () => {
    const created = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sleep', '300'],
    });
    expect(created.status).toBe(202);
    const res = await watch(created.body.uuid);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('x-openstack-request-id')).toMatch(/^req-/);

    const seen: string[] = [];
    const running = await readWatch(res, (event) => {
      seen.push(status(event) ?? event.event);
      return status(event) === 'Running';
    });
    expect((running.data as View).uuid).toBe(created.body.uuid);
    // The first event is the container as show has it now; the last one is Running.
    expect(['Creating', 'Created', 'Running']).toContain(seen[0]);
    expect(seen[seen.length - 1]).toBe('Running');
    const shown = await berth.request<View>('GET', `/v1/containers/${created.body.uuid}`);
    expect(shown.body.status).toBe('Running');
  });

  it('sends a change made after the watch began, and ends with deleted', async () => {
    const created = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'watched',
      image: TEST_IMAGE,
      command: ['sleep', '300'],
    });
    await berth.waitFor<View>('watched', (c) => c.status === 'Running' && c.task_state === null);
    const res = await watch('watched');
    const first = await readWatch(res, () => true);
    expect(status(first)).toBe('Running');
    // The first read cancelled that stream; a second watch follows the stop and the delete.
    const following = await watch('watched');
    const stopped = berth.request('POST', `/v1/containers/watched/stop?timeout=0`);
    const events: string[] = [];
    const deleted = readWatch(following, (event) => {
      events.push(status(event) ?? event.event);
      if (status(event) === 'Stopped') void berth.request('DELETE', '/v1/containers/watched');
      return event.event === 'deleted';
    });
    expect((await stopped).status).toBe(202);
    const last = await deleted;
    expect(last.data).toEqual({ uuid: created.body.uuid });
    expect(events).toContain('Stopped');
  });

  it('answers an unknown container with 404 in Zun’s error format, not a stream', async () => {
    const res = await watch('no-such-container');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { errors: Array<{ status: number; detail: string }> };
    expect(body.errors[0].status).toBe(404);
    expect(body.errors[0].detail).toContain('no-such-container');
  });

  it('refuses a caller without a token', async () => {
    const res = await fetch(`${berth.url}/v1/containers/anything/watch`, {
      headers: { 'openstack-api-version': 'container 1.40' },
    });
    expect(res.status).toBe(401);
  });
});
