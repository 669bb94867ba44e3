import { TEST_IMAGE } from './support/berth-stack';
import { BerthStack } from './support/berth-stack';

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
}
interface EventItem {
  type: string;
  revision: number;
  position: string;
  time: string;
  request_id: string;
  project_id: string;
}
interface EventPage {
  events: EventItem[];
  next: string | null;
}
interface Action {
  request_id: string;
  container_uuid: string;
  action: string;
  project_id: string;
  start_time: string;
  result: string | null;
}
interface ActionPage {
  actions: Action[];
  next: string | null;
}
interface ErrorBody {
  errors: { code: string; status: number }[];
}

const settled =
  (status: string) =>
  (c: View): boolean =>
    c.status === status && c.task_state === null;

/** The path and query of an absolute `next` link, to request it through the stack. */
const pathOf = (url: string): string => url.slice(new URL(url).origin.length);

describe("a container's history and the project-wide audit, beyond Zun", () => {
  let berth: BerthStack;
  let uuid: string;
  let history: EventItem[];
  let actions: Action[];

  beforeAll(async () => {
    berth = await BerthStack.start();
    const run = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sleep', '300'],
    });
    uuid = run.body.uuid;
    await berth.waitFor<View>(uuid, settled('Running'));
    await berth.request('POST', `/v1/containers/${uuid}/stop?timeout=0`);
    await berth.waitFor<View>(uuid, settled('Stopped'));
  });

  afterAll(async () => {
    await berth?.close();
  });

  it('lists the raw events of the stream in order, with revisions 0..n', async () => {
    const res = await berth.request<EventPage>('GET', `/v1/containers/${uuid}/events`);
    expect(res.status).toBe(200);
    history = res.body.events;
    expect(history.map((e) => e.type).slice(0, 4)).toEqual([
      'ContainerCreateRequested',
      'ContainerCreated',
      'ContainerStopRequested',
      'ContainerStopped',
    ]);
    expect(history.map((e) => e.revision)).toEqual(history.map((_, i) => i));
    expect(history[0]).toMatchObject({ request_id: expect.stringMatching(/^req-/) });
    expect(history[0].position).toMatch(/^\d+:\d+$/);
    expect(res.body.next).toBeNull();
  });

  it('pages through the events with limit, marker and the next link', async () => {
    const walked: EventItem[] = [];
    let path: string | null = `/v1/containers/${uuid}/events?limit=2`;
    while (path !== null) {
      const page: { body: EventPage } = await berth.request<EventPage>('GET', path);
      expect(page.body.events.length).toBeLessThanOrEqual(2);
      walked.push(...page.body.events);
      path = page.body.next === null ? null : pathOf(page.body.next);
    }
    expect(walked).toEqual(history);
    const after = await berth.request<EventPage>('GET', `/v1/containers/${uuid}/events?marker=1`);
    expect(after.body.events[0].revision).toBe(2);
    expect((await berth.request('GET', `/v1/containers/${uuid}/events?limit=0`)).status).toBe(400);
  });

  it('replays the state as of a position or a time', async () => {
    const created = history[1];
    const atCreate = await berth.request<View & { as_of: object }>(
      'GET',
      `/v1/containers/${uuid}/state?at_position=${created.position}`,
    );
    expect(atCreate.status).toBe(200);
    expect(atCreate.body).toMatchObject({ uuid, status: 'Running', task_state: null });
    expect(atCreate.body.as_of).toEqual({ position: created.position, time: created.time });

    const last = history[history.length - 1];
    const atLast = await berth.request<View>(
      'GET',
      `/v1/containers/${uuid}/state?at_time=${encodeURIComponent(last.time)}`,
    );
    expect(atLast.body).toMatchObject({ status: 'Stopped', task_state: null });

    const before = await berth.request(
      'GET',
      `/v1/containers/${uuid}/state?at_time=2000-01-01T00:00:00Z`,
    );
    expect(before.status).toBe(404);
    for (const query of ['', '?at_position=nope', '?at_time=yesterday']) {
      expect((await berth.request('GET', `/v1/containers/${uuid}/state${query}`)).status).toBe(400);
    }
  });

  it('audits the actions newest first, filtered by action, result and time range', async () => {
    const res = await berth.request<ActionPage>('GET', '/v1/audit/actions');
    expect(res.status).toBe(200);
    actions = res.body.actions;
    expect(actions.map((a) => [a.action, a.result])).toEqual([
      ['stop', 'Success'],
      ['create', 'Success'],
    ]);
    const [stop, create] = actions;
    const names = async (query: string): Promise<string[]> =>
      (await berth.request<ActionPage>('GET', `/v1/audit/actions?${query}`)).body.actions.map(
        (a) => a.action,
      );
    expect(await names('sort_dir=asc')).toEqual(['create', 'stop']);
    expect(await names('action=stop')).toEqual(['stop']);
    expect(await names('result=Success')).toEqual(['stop', 'create']);
    expect(await names('result=pending')).toEqual([]);
    expect(await names(`since=${encodeURIComponent(stop.start_time)}`)).toEqual(['stop']);
    expect(await names(`until=${encodeURIComponent(stop.start_time)}`)).toEqual(['create']);
    expect(await names(`project_id=${create.project_id}&user_id=nobody`)).toEqual([]);

    const first = await berth.request<ActionPage>('GET', '/v1/audit/actions?limit=1');
    expect(first.body.actions.map((a) => a.request_id)).toEqual([stop.request_id]);
    const second = await berth.request<ActionPage>('GET', pathOf(first.body.next ?? ''));
    expect(second.body.actions.map((a) => a.request_id)).toEqual([create.request_id]);
  });

  it('exports the same filters as NDJSON, one action per line', async () => {
    const all = await berth.request('GET', '/v1/audit/actions.ndjson');
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = all.text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => (JSON.parse(l) as Action).request_id)).toEqual(
      actions.map((a) => a.request_id),
    );
    const stops = await berth.request('GET', '/v1/audit/actions.ndjson?action=stop');
    expect(stops.text.trimEnd().split('\n')).toHaveLength(1);
  });

  it("shows another project's member none of it, and refuses admin's project with 403", async () => {
    const project = await berth.request<{ project: { id: string } }>(
      'POST',
      '/identity/v3/projects',
      { project: { name: 'audit-tenant' } },
    );
    const projectId = project.body.project.id;
    const user = await berth.request<{ user: { id: string } }>('POST', '/identity/v3/users', {
      user: { name: 'auditor', password: 's3cret', default_project_id: projectId },
    });
    const grant = `/identity/v3/projects/${projectId}/users/${user.body.user.id}/roles/member`;
    expect((await berth.request('PUT', grant)).status).toBe(204);
    const token = await berth.login('auditor', 's3cret', 'audit-tenant');

    const own = await berth.request<ActionPage>('GET', '/v1/audit/actions', undefined, token);
    expect(own.status).toBe(200);
    expect(own.body.actions).toEqual([]);
    const adminProject = actions[0].project_id;
    for (const path of ['/v1/audit/actions', '/v1/audit/actions.ndjson']) {
      const denied = await berth.request<ErrorBody>(
        'GET',
        `${path}?project_id=${adminProject}`,
        undefined,
        token,
      );
      expect(denied.status).toBe(403);
      expect(denied.body.errors[0].code).toBe('container.policy-not-authorized');
    }
    const events = `/v1/containers/${uuid}/events`;
    expect((await berth.request('GET', events, undefined, token)).status).toBe(404);
  });

  it("lets an admin read a deleted container's history by uuid", async () => {
    expect((await berth.request('DELETE', `/v1/containers/${uuid}`)).status).toBe(204);
    const deadline = Date.now() + 10_000;
    while ((await berth.request('GET', `/v1/containers/${uuid}`)).status !== 404) {
      if (Date.now() > deadline) throw new Error('container was not deleted');
      await new Promise((r) => setTimeout(r, 50));
    }
    const res = await berth.request<EventPage>('GET', `/v1/containers/${uuid}/events`);
    expect(res.status).toBe(200);
    expect(res.body.events.map((e) => e.type)).toContain('ContainerDeleted');
  });
});
