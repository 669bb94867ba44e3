import { randomUUID } from 'node:crypto';
import { containerStream, type EventMetadata } from '@berth/domain';
import {
  comparePositions,
  parsePosition,
  type EventStore,
  type EventToAppend,
} from '@berth/drivers';
import { EVENT_STORE } from '@berth/platform';
import { LiveEventStreams } from '../apps/api/src/events/live-event-streams';
import { startApiTestApp, type ApiTestApp } from './support/api-test-app';
import { login } from './support/berth-stack';
import { SseClient, type SseEvent } from './support/sse-client';

/**
 * GET /v1/events/stream and GET /v1/containers/{ident}/events/stream: the log as server-sent
 * events, resumable from any position. The API runs alone (no projector, no compute): events are
 * appended to the log directly, so the test decides exactly what is in it, and nothing but the
 * streams reads it.
 */

interface StreamedView {
  container_uuid: string;
  type: string;
  revision: number;
  position: string;
  project_id: string;
  data: Record<string, unknown>;
}

const view = (event: SseEvent): StreamedView => event.data as StreamedView;

describe('the live event stream', () => {
  let app: ApiTestApp;
  let store: EventStore;
  let admin: string;
  let adminProject: string;
  const projects: Array<{ name: string; id: string; token: string }> = [];
  /** Each appended container and the project that owns it. */
  const owners = new Map<string, string>();
  const revisions = new Map<string, bigint>();

  const headers = (token: string, extra: Record<string, string> = {}): Record<string, string> => ({
    'x-auth-token': token,
    'openstack-api-version': 'container 1.40',
    ...extra,
  });

  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: { ...headers(admin), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text === '' ? null : (JSON.parse(text) as unknown);
  }

  async function tenant(name: string): Promise<{ name: string; id: string; token: string }> {
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
    return {
      name,
      id: made.project.id,
      token: await login(app.url, `${name}-member`, 's3cret', name),
    };
  }

  const metadata = (project: string): EventMetadata => ({
    request_id: `req-${randomUUID()}`,
    global_request_id: null,
    user_id: 'writer',
    project_id: project,
    correlation_id: randomUUID(),
    causation_id: null,
  });

  /** A container of `project`, created in the log (its first event names its owner). */
  async function createIn(project: string): Promise<string> {
    const uuid = randomUUID();
    const create: EventToAppend = {
      type: 'ContainerCreateRequested',
      version: 1,
      data: {
        uuid,
        request_id: 'req-x',
        at: new Date().toISOString(),
        project_id: project,
        host: 'secret-host',
      },
      metadata: metadata(project),
    };
    const result = await store.append(containerStream(uuid), [create], 'no_stream');
    owners.set(uuid, project);
    revisions.set(uuid, result.nextRevision);
    return uuid;
  }

  /** `count` more events on a container's stream, written as `writer`'s project says. */
  async function appendTo(
    uuid: string,
    count: number,
    writer = owners.get(uuid) ?? '',
  ): Promise<void> {
    const events: EventToAppend[] = Array.from({ length: count }, () => ({
      type: 'ContainerStartRequested',
      version: 1,
      data: { request_id: 'req-y', at: new Date().toISOString(), host: 'secret-host' },
      metadata: metadata(writer),
    }));
    const result = await store.append(containerStream(uuid), events, revisions.get(uuid) ?? 'any');
    revisions.set(uuid, result.nextRevision);
  }

  const open = (
    token: string,
    path: string,
    extra: Record<string, string> = {},
  ): Promise<SseClient> => SseClient.open(`${app.url}${path}`, headers(token, extra));

  async function openStreamsSettle(expected: number): Promise<void> {
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
    const me = await fetch(`${app.url}/identity/v3/auth/tokens`, {
      headers: { 'x-auth-token': admin, 'x-subject-token': admin },
    });
    adminProject = ((await me.json()) as { token: { project: { id: string } } }).token.project.id;
    for (const name of ['stream-a', 'stream-b', 'stream-c']) projects.push(await tenant(name));
  }, 60_000);

  let closed = false;
  afterAll(async () => {
    if (!closed) await app?.close();
  });

  it('after a disconnect, resumes with exactly the missed events of its project, in order', async () => {
    const [a, b, c] = projects;
    const first = [await createIn(a.id), await createIn(a.id), await createIn(b.id)];
    const before = await open(a.token, '/v1/events/stream');
    const seen = await before.take(2);
    expect(seen.map((e) => view(e).container_uuid)).toEqual(first.slice(0, 2));
    const last = seen[1].id ?? '';
    before.close();
    // The disconnect ends the stream's read of the log.
    await openStreamsSettle(0);

    // Thousands of events across three projects, written by concurrent writers; some of a's
    // containers are acted on by another project's caller (an admin), which the owner still sees.
    const containers = [
      ...first,
      ...(await Promise.all([a, b, c, a, b, c].map((p) => createIn(p.id)))),
    ];
    for (let round = 0; round < 25; round++) {
      await Promise.all(
        containers.map((uuid, i) =>
          appendTo(uuid, 20, round % 5 === 0 && i % 2 === 0 ? adminProject : undefined),
        ),
      );
    }
    // The log's gap-safe read shows a commit only once no older transaction is still open:
    // wait until every appended event is readable (once, in a run, it was not at once).
    const readMissed = async () =>
      (await store.readAll({ after: parsePosition(last) })).filter(
        (event) => owners.get(event.stream.slice('container-'.length)) === a.id,
      );
    let missed = await readMissed();
    for (let tries = 0; missed.length < 4 * 20 * 25 + 2 && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 50));
      missed = await readMissed();
    }
    // Four containers of a's, 20 events each in 25 rounds, and the two new ones' creates.
    expect(missed.length).toBe(4 * 20 * 25 + 2);

    const again = await open(a.token, '/v1/events/stream', { 'last-event-id': last });
    const resumed = await again.take(missed.length, 60_000);
    expect(resumed.map((e) => e.id)).toEqual(
      missed.map((e) => `${e.position.commit}:${e.position.prepare}`),
    );
    expect(resumed.every((e) => owners.get(view(e).container_uuid) === a.id)).toBe(true);
    // Strictly ascending positions: nothing repeated.
    for (let i = 1; i < resumed.length; i++) {
      expect(
        comparePositions(
          parsePosition(resumed[i - 1].id ?? ''),
          parsePosition(resumed[i].id ?? ''),
        ),
      ).toBe(-1);
    }
    // Nothing beyond them: the next event is the one appended now.
    const sentinel = await createIn(a.id);
    expect(view((await again.take(1))[0]).container_uuid).toBe(sentinel);
    again.close();
    await openStreamsSettle(0);
  }, 120_000);

  it('resumes from ?after= as from Last-Event-ID, and the header wins over a stale query', async () => {
    const [a] = projects;
    const uuid = await createIn(a.id);
    await appendTo(uuid, 3);
    const all = (await store.readStream(containerStream(uuid))).map(
      (e) => `${e.position.commit}:${e.position.prepare}`,
    );
    const byQuery = await open(a.token, `/v1/events/stream?after=${all[0]}`);
    expect((await byQuery.take(3)).map((e) => e.id)).toEqual(all.slice(1));
    byQuery.close();
    const byHeader = await open(a.token, `/v1/events/stream?after=${all[0]}`, {
      'last-event-id': all[2],
    });
    expect((await byHeader.take(1)).map((e) => e.id)).toEqual([all[3]]);
    byHeader.close();
  });

  it("hides admin-only fields from members and shows every project's to an admin who asks", async () => {
    const [, b] = projects;
    const uuid = await createIn(b.id);
    const member = await open(b.token, '/v1/events/stream', {});
    let event = await member.next();
    while (event !== null && view(event).container_uuid !== uuid) event = await member.next();
    member.close();
    expect(event).not.toBeNull();
    expect(view(event as SseEvent).data).not.toHaveProperty('host');

    const position = (await store.readStream(containerStream(uuid)))[0].position;
    const before = `${position.commit}:${position.prepare - 1n}`;
    const everyone = await open(admin, `/v1/events/stream?all_projects=true&after=${before}`);
    const [seen] = await everyone.take(1);
    everyone.close();
    expect(view(seen).container_uuid).toBe(uuid);
    expect(view(seen).data.host).toBe('secret-host');
  });

  it.each([
    ['a position that is not one', '/v1/events/stream?after=12', {}, 400],
    [
      'a position past what the log can hold',
      '/v1/events/stream?after=99999999999999999999:0',
      {},
      400,
    ],
    ['a Last-Event-ID that is not a position', '/v1/events/stream', { 'last-event-id': 'x' }, 400],
    ['an unknown query parameter', '/v1/events/stream?from=0:0', {}, 400],
    ['all_projects from a member', '/v1/events/stream?all_projects=true', {}, 403],
  ])('refuses %s in Zun’s error format', async (_what, path, extra, status) => {
    const res = await fetch(`${app.url}${path}`, { headers: headers(projects[0].token, extra) });
    expect(res.status).toBe(status);
    const body = (await res.json()) as { errors: Array<{ status: number; detail: string }> };
    expect(body.errors[0].status).toBe(status);
  });

  it('ends open streams when the application shuts down', async () => {
    const [a] = projects;
    const stream = await open(a.token, '/v1/events/stream?after=0:0');
    await stream.next();
    closed = true;
    await app.close();
    const streams = app.app.get(LiveEventStreams);
    expect(streams.size).toBe(0);
    // The client sees the end of its response.
    let event = await stream.next(10_000).catch(() => 'failed' as const);
    while (event !== null && event !== 'failed')
      event = await stream.next(10_000).catch(() => 'failed' as const);
    expect(event === null || event === 'failed').toBe(true);
  });
});
