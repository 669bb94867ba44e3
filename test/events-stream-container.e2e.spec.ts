import { randomUUID } from 'node:crypto';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';
import { SseClient, type SseEvent } from './support/sse-client';

interface StreamedView {
  container_uuid: string;
  type: string;
  revision: number;
  position: string;
  data: Record<string, unknown>;
}

const view = (event: SseEvent): StreamedView => event.data as StreamedView;

/** GET /v1/containers/{ident}/events/stream against a whole stack and a real container. */
describe("a container's live event stream", () => {
  let berth: BerthStack;
  let owner: { project: string; token: string };
  let other: { project: string; token: string };

  beforeAll(async () => {
    berth = await BerthStack.start();
    owner = await berth.tenant('events-owner');
    other = await berth.tenant('events-other');
  }, 60_000);

  afterAll(async () => {
    await berth?.close();
  });

  const open = (token: string, path: string): Promise<SseClient> =>
    SseClient.open(`${berth.url}${path}`, {
      'x-auth-token': token,
      'openstack-api-version': 'container 1.40',
    });

  async function until(stream: SseClient, type: string, seen: SseEvent[]): Promise<void> {
    for (;;) {
      const event = await stream.next(30_000);
      if (event === null) throw new Error(`stream ended before ${type}`);
      seen.push(event);
      if (view(event).type === type) return;
    }
  }

  it('streams its history from the start, then its changes as they happen, without hosts', async () => {
    const created = await berth.request<{ uuid: string }>(
      'POST',
      '/v1/containers?run=true',
      { image: TEST_IMAGE, command: ['sleep', '300'], name: 'streamed' },
      owner.token,
    );
    expect(created.status).toBe(202);
    const uuid = created.body.uuid;
    const stream = await open(owner.token, '/v1/containers/streamed/events/stream');
    const seen: SseEvent[] = [];
    // `run=true` is one action: its outcome is ContainerCreated with `running`.
    await until(stream, 'ContainerCreated', seen);
    expect(view(seen[seen.length - 1]).data.running).toBe(true);
    await berth.waitFor(uuid, (c) => c.status === 'Running');
    const stopped = await berth.request(
      'POST',
      `/v1/containers/${uuid}/stop`,
      undefined,
      owner.token,
    );
    expect(stopped.status).toBe(202);
    await until(stream, 'ContainerStopped', seen);
    stream.close();

    expect(seen.map((e) => view(e).revision)).toEqual(seen.map((_e, i) => i));
    expect(seen.every((e) => view(e).container_uuid === uuid)).toBe(true);
    expect(seen.map((e) => e.id)).toEqual(seen.map((e) => view(e).position));
    expect(view(seen[0]).type).toBe('ContainerCreateRequested');
    expect(view(seen[0]).data).not.toHaveProperty('host');
    expect(seen.map((e) => view(e).type)).toContain('ContainerStopRequested');

    // Resuming after the second event starts with the third.
    const resumed = await open(
      owner.token,
      `/v1/containers/${uuid}/events/stream?after=${seen[1].id}`,
    );
    const [third] = await resumed.take(1);
    resumed.close();
    expect(third.id).toBe(seen[2].id);
  }, 60_000);

  it("answers another project's container and an unknown one with Zun's 404", async () => {
    const created = await berth.request<{ uuid: string }>(
      'POST',
      '/v1/containers',
      { image: TEST_IMAGE, command: ['sleep', '300'] },
      owner.token,
    );
    for (const path of [
      `/v1/containers/${created.body.uuid}/events/stream`,
      `/v1/containers/${randomUUID()}/events/stream`,
    ]) {
      const res = await fetch(`${berth.url}${path}`, {
        headers: { 'x-auth-token': other.token, 'openstack-api-version': 'container 1.40' },
      });
      expect(res.status).toBe(404);
      const body = (await res.json()) as { errors: Array<{ status: number }> };
      expect(body.errors[0].status).toBe(404);
    }
  });
});
