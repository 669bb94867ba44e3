import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { containerStream, type EventMetadata } from '@berth/domain';
import { formatPosition, parsePosition, type EventStore } from '@berth/drivers';
import { EVENT_STORE } from '@berth/platform';
import { LiveEventStreams } from '../apps/api/src/events/live-event-streams';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { login } from './support/berth-stack';

interface Delivered {
  id: string;
  container_uuid: string;
  type: string;
  data: Record<string, unknown>;
}

interface ZunError {
  errors: Array<{ status: number; title: string }>;
}

/**
 * The socket.io namespace /events: the same stream as GET /v1/events/stream, acknowledged event
 * by event, resumable with `auth.after`. The API runs alone; events are appended to the log.
 */
describe('the live event stream over socket.io', () => {
  let app: ApiTestApp;
  let store: EventStore;
  let admin: string;
  const tenants: Array<{ id: string; token: string }> = [];
  const owners = new Map<string, string>();
  const sockets: Socket[] = [];

  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: { 'x-auth-token': admin, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text === '' ? null : (JSON.parse(text) as unknown);
  }

  async function tenant(name: string): Promise<{ id: string; token: string }> {
    const made = (await call('POST', '/identity/v3/projects', { project: { name } })) as {
      project: { id: string };
    };
    const user = (await call('POST', '/identity/v3/users', {
      user: { name: `${name}-member`, password: 's3cret', default_project_id: made.project.id },
    })) as { user: { id: string } };
    await call(
      'PUT',
      `/identity/v3/projects/${made.project.id}/users/${user.user.id}/roles/member`,
    );
    return { id: made.project.id, token: await login(app.url, `${name}-member`, 's3cret', name) };
  }

  const metadata = (project: string): EventMetadata => ({
    request_id: `req-${randomUUID()}`,
    global_request_id: null,
    user_id: 'writer',
    project_id: project,
    correlation_id: randomUUID(),
    causation_id: null,
  });

  /** A container of `project` in the log, with `more` events after its create. */
  async function container(project: string, more: number): Promise<string> {
    const uuid = randomUUID();
    const at = new Date().toISOString();
    await store.append(
      containerStream(uuid),
      [
        {
          type: 'ContainerCreateRequested',
          version: 1,
          data: { uuid, request_id: 'req-x', at, project_id: project, host: 'secret-host' },
          metadata: metadata(project),
        },
        ...Array.from({ length: more }, () => ({
          type: 'ContainerStartRequested',
          version: 1,
          data: { request_id: 'req-y', at, host: 'secret-host' },
          metadata: metadata(project),
        })),
      ],
      'no_stream',
    );
    owners.set(uuid, project);
    return uuid;
  }

  function connect(auth: Record<string, unknown> | (() => Record<string, unknown>)): Socket {
    const socket = io(`${app.url}/events`, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      auth: typeof auth === 'function' ? (cb) => cb(auth()) : auth,
    });
    sockets.push(socket);
    return socket;
  }

  /** Collects acknowledged events until `count` have arrived. */
  function collect(socket: Socket, count: number, into: Delivered[] = []): Promise<Delivered[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${into.length} events`)), 60_000);
      const onEvent = (event: Delivered, ack: () => void): void => {
        into.push(event);
        ack();
        if (into.length >= count) {
          clearTimeout(timer);
          socket.off('event', onEvent);
          resolve(into);
        }
      };
      socket.on('event', onEvent);
    });
  }

  const refusedWith = (socket: Socket): Promise<ZunError> =>
    new Promise((resolve) => {
      socket.once('connect_error', (err: Error & { data?: unknown }) =>
        resolve(err.data as ZunError),
      );
      socket.once('error', (body: ZunError) => resolve(body));
    });

  async function openStreams(expected: number): Promise<void> {
    const streams = app.app.get(LiveEventStreams);
    const deadline = Date.now() + 5_000;
    while (streams.size !== expected) {
      if (Date.now() > deadline) throw new Error(`${streams.size} streams open, not ${expected}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  beforeAll(async () => {
    app = await startApiTestApp();
    store = app.app.get<EventStore>(EVENT_STORE);
    admin = await login(app.url, 'admin', app.adminPassword, 'admin');
    for (const name of ['sio-a', 'sio-b', 'sio-c']) tenants.push(await tenant(name));
  }, 60_000);

  let closed = false;
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    if (!closed) await app?.close();
  });

  it('refuses a connection without a valid token with a 401 in Zun’s format', async () => {
    const body = await refusedWith(connect({ token: 'garbage' }));
    expect(body.errors[0].status).toBe(401);
  });

  it.each([
    ['a position that is not one', { after: '12' }, 400],
    ['a position given as a number', { after: 12 }, 400],
    ['an unknown field', { from: '0:0' }, 400],
    ['every project, asked by a member', { all_projects: true }, 403],
    ['an unknown container', { container: randomUUID() }, 404],
  ])('answers %s with an error event in Zun’s format', async (_what, extra, status) => {
    const body = await refusedWith(connect({ token: tenants[0].token, ...extra }));
    expect(body.errors[0].status).toBe(status);
  });

  it('after a disconnect, resumes from auth.after with exactly the missed events of its project', async () => {
    const [a, b, c] = tenants;
    const first = await container(a.id, 1);
    let last = '0:0';
    const socket = connect(() => ({ token: a.token, after: last }));
    const before = await collect(socket, 2);
    expect(before.map((e) => e.container_uuid)).toEqual([first, first]);
    expect(before[0].data).not.toHaveProperty('host');
    last = before[1].id;
    socket.disconnect();
    await openStreams(0);

    const made: string[] = [];
    for (let round = 0; round < 4; round++) {
      made.push(...(await Promise.all([a, b, c, a, b, c].map((t) => container(t.id, 199)))));
    }
    // The log's gap-safe read shows a commit only once no older transaction is still open:
    // wait until every appended event is readable (once, in a run, it was not at once).
    const readMissed = async () =>
      (await store.readAll({ after: parsePosition(last) })).filter(
        (e) => owners.get(e.stream.slice('container-'.length)) === a.id,
      );
    let missed = await readMissed();
    for (let tries = 0; missed.length < 8 * 200 && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 50));
      missed = await readMissed();
    }
    expect(missed.length).toBe(8 * 200);

    socket.connect();
    const resumed = await collect(socket, missed.length);
    expect(resumed.map((e) => e.id)).toEqual(missed.map((e) => formatPosition(e.position)));
    expect(new Set(resumed.map((e) => e.container_uuid))).toEqual(
      new Set(made.filter((uuid) => owners.get(uuid) === a.id)),
    );
    socket.disconnect();
    await openStreams(0);
  }, 120_000);

  it("streams every project's events, host fields included, to an admin who asks", async () => {
    const [, b] = tenants;
    const uuid = await container(b.id, 2);
    const [created] = await store.readStream(containerStream(uuid));
    const before = `${created.position.commit}:${created.position.prepare - 1n}`;
    const all = await collect(connect({ token: admin, all_projects: true, after: before }), 1);
    expect(all[0].container_uuid).toBe(uuid);
    expect(all[0].data.host).toBe('secret-host');
  });

  it('disconnects open sockets and stops their reads of the log when the API shuts down', async () => {
    const [a] = tenants;
    await container(a.id, 0);
    const socket = connect({ token: a.token });
    await collect(socket, 1);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    closed = true;
    await app.close();
    expect(app.app.get(LiveEventStreams).size).toBe(0);
    expect(await gone).toMatch(/disconnect|close/);
  });
});
