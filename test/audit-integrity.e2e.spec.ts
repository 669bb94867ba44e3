import { randomBytes } from 'node:crypto';
import { PostgresEventStore } from '@berth/drivers';
import { platformConfigFromEnv } from '@berth/platform';
import { upcastStoredEvent } from '@berth/platform/event-store/upcast';
import { Pool } from 'pg';
import { describeDifference } from '../apps/projector/src/rebuild/diff-read-model';
import { rebuildReadModel } from '../apps/projector/src/rebuild/rebuild-read-model';
import type { RebuildOptions } from '../apps/projector/src/rebuild/rebuild-options';
import { verifyReadModel } from '../apps/projector/src/rebuild/verify-read-model';
import { BerthStack, TEST_IMAGE, type JsonResponse } from './support/berth-stack';

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
  host?: string | null;
}
interface AuditAction {
  id: string;
  request_id: string;
  global_request_id: string | null;
  container_uuid: string;
  action: string;
  result: string | null;
  params: Record<string, unknown>;
}
interface ActionShow {
  action: string;
  container_uuid: string;
  request_id: string;
  events: Array<{ event: string; result: string | null; traceback: string | null }>;
}
interface EventItem {
  type: string;
  request_id: string;
  global_request_id: string | null;
  data: Record<string, unknown>;
}

/** A request id in oslo's form, as a client (or an attacker) sends it. */
const clientRequestId = (): string => {
  const hex = randomBytes(16).toString('hex');
  return `req-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

const REQUEST_ID = 'x-openstack-request-id';
const settled =
  (status: string) =>
  (c: View): boolean =>
    c.status === status && c.task_state === null;

describe('an audit no client can rewrite, and no host or traceback for non-admins', () => {
  let berth: BerthStack;
  let member: string;
  let projectId: string;

  /** A request as the member, sending `requestId` as its X-Openstack-Request-Id. */
  const asMember = <T>(method: string, path: string, body?: unknown, requestId?: string) =>
    berth.request<T>(method, path, body, {
      'x-auth-token': member,
      ...(requestId === undefined ? {} : { 'X-Openstack-Request-Id': requestId }),
    });

  const waitGone = async (uuid: string): Promise<void> => {
    const deadline = Date.now() + 15_000;
    while ((await berth.request('GET', `/v1/containers/${uuid}`)).status !== 404) {
      if (Date.now() > deadline) throw new Error(`${uuid} was not deleted`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const audit = async (token?: string): Promise<AuditAction[]> => {
    const res = await berth.request<{ actions: AuditAction[] }>(
      'GET',
      `/v1/audit/actions?sort_dir=asc&project_id=${projectId}`,
      undefined,
      token,
    );
    expect(res.status).toBe(200);
    return res.body.actions;
  };

  const graphql = async <T>(query: string, token: string): Promise<T> => {
    const res = await fetch(`${berth.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': token },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { data?: T; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data as T;
  };

  beforeAll(async () => {
    berth = await BerthStack.start([
      { hostname: `e2e-audit-${randomBytes(4).toString('hex')}`, networkMode: 'none' },
    ]);
    const project = await berth.request<{ project: { id: string } }>(
      'POST',
      '/identity/v3/projects',
      { project: { name: 'audit-integrity' } },
    );
    projectId = project.body.project.id;
    const user = await berth.request<{ user: { id: string } }>('POST', '/identity/v3/users', {
      user: { name: 'mallory', password: 's3cret', default_project_id: projectId },
    });
    const grant = `/identity/v3/projects/${projectId}/users/${user.body.user.id}/roles/member`;
    expect((await berth.request('PUT', grant)).status).toBe(204);
    member = await berth.login('mallory', 's3cret', 'audit-integrity');
  });

  afterAll(async () => {
    await berth?.close();
  });

  describe('the overwrite attack', () => {
    let victim: string;
    let deleteId: string;
    let attackIds: string[];
    let decoy: string;

    beforeAll(async () => {
      const chosen = clientRequestId();
      const run = await asMember<View>(
        'POST',
        '/v1/containers?run=true',
        { image: TEST_IMAGE, command: ['sleep', '300'] },
        chosen,
      );
      expect(run.status).toBe(202);
      victim = run.body.uuid;
      await berth.waitFor<View>(victim, settled('Running'));
      const removed = await asMember(
        'DELETE',
        `/v1/containers/${victim}?stop=True`,
        undefined,
        chosen,
      );
      expect(removed.status).toBe(204);
      deleteId = removed.headers.get(REQUEST_ID) ?? '';
      await waitGone(victim);

      // The attacker replays the delete's request id, as the response header showed it, on a
      // create and a delete of a container of its own: before, each replaced the delete's row.
      const create = await asMember<View>(
        'POST',
        '/v1/containers',
        { image: TEST_IMAGE },
        deleteId,
      );
      expect(create.status).toBe(202);
      decoy = create.body.uuid;
      await berth.waitFor<View>(decoy, settled('Created'));
      const drop = await asMember('DELETE', `/v1/containers/${decoy}`, undefined, deleteId);
      expect(drop.status).toBe(204);
      await waitGone(decoy);
      attackIds = [create, drop].map((res: JsonResponse) => res.headers.get(REQUEST_ID) ?? '');
    });

    it('answers every request with an id Berth made, never the one the client sent', () => {
      expect(deleteId).toMatch(/^req-[0-9a-f-]{36}$/);
      expect(new Set([deleteId, ...attackIds]).size).toBe(3);
    });

    it('keeps the victim’s delete and both attack actions as rows of their own', async () => {
      const rows = await audit(member);
      expect(rows.map((a) => [a.container_uuid, a.action, a.result])).toEqual([
        [victim, 'create', 'Success'],
        [victim, 'delete', 'Success'],
        [decoy, 'create', 'Success'],
        [decoy, 'delete', 'Success'],
      ]);
      expect(rows.map((a) => a.request_id)).toEqual([
        expect.stringMatching(/^req-/),
        deleteId,
        ...attackIds,
      ]);
      // The client's own id is kept beside Berth's, as metadata only.
      expect(rows.slice(2).map((a) => a.global_request_id)).toEqual([deleteId, deleteId]);
      expect(new Set(rows.map((a) => a.id)).size).toBe(4);
      const seenByAdmin = await audit(berth.adminToken);
      expect(seenByAdmin.map((a) => [a.id, a.request_id])).toEqual(
        rows.map((a) => [a.id, a.request_id]),
      );
    });

    it("shows an admin the victim's delete, with its steps only, by its request id", async () => {
      const show = await berth.request<ActionShow>(
        'GET',
        `/v1/containers/${victim}/container_actions/${deleteId}`,
      );
      expect(show.status).toBe(200);
      expect(show.body).toMatchObject({ action: 'delete', container_uuid: victim });
      expect(show.body.events.map((e) => e.event)).toEqual(['compute__do_container_delete']);
      const elsewhere = await berth.request(
        'GET',
        `/v1/containers/${decoy}/container_actions/${deleteId}`,
      );
      expect(elsewhere.status).toBe(404);
      const crossed = await berth.request(
        'GET',
        `/v1/containers/${victim}/container_actions/${attackIds[0]}`,
      );
      expect(crossed.status).toBe(404);
    });

    it('records the client’s request id in the event metadata, beside Berth’s', async () => {
      const res = await berth.request<{ events: EventItem[] }>(
        'GET',
        `/v1/containers/${decoy}/events`,
      );
      const requested = res.body.events.find((e) => e.type === 'ContainerCreateRequested');
      expect(requested).toMatchObject({ request_id: attackIds[0], global_request_id: deleteId });
    });

    it('rebuilds exactly these action rows from the log', async () => {
      const before = await audit(berth.adminToken);
      const config = platformConfigFromEnv({ databaseUrl: berth.app.config.databaseUrl });
      const pool = new Pool({ connectionString: config.databaseUrl, max: 4 });
      const store = await PostgresEventStore.connect({
        connectionString: config.databaseUrl,
        schema: config.eventsSchema,
        upcast: upcastStoredEvent,
      });
      const options: RebuildOptions = {
        pool,
        store,
        dataSource: { type: 'postgres', url: config.databaseUrl },
        readSchema: config.readSchema,
      };
      try {
        const verified = await verifyReadModel(options);
        expect(verified.differences.map(describeDifference)).toEqual([]);
        await rebuildReadModel(options);
      } finally {
        await store.close();
        await pool.end();
      }
      expect(await audit(berth.adminToken)).toEqual(before);
    });
  });

  describe('hosts and tracebacks', () => {
    let failed: string;
    let createId: string;

    beforeAll(async () => {
      const create = await asMember<View>('POST', '/v1/containers', {
        image: '127.0.0.1:5000/berth-test/missing:latest',
      });
      expect(create.status).toBe(202);
      failed = create.body.uuid;
      createId = create.headers.get(REQUEST_ID) ?? '';
      await berth.waitFor<View>(failed, (c) => c.status === 'Error');
    });

    it('keeps the host out of every REST view a member reads, and shows it to an admin', async () => {
      const show = await asMember<View>('GET', `/v1/containers/${failed}`);
      expect(show.body).not.toHaveProperty('host');
      const list = await asMember<{ containers: View[] }>('GET', '/v1/containers');
      for (const c of list.body.containers) expect(c).not.toHaveProperty('host');
      const events = await asMember<{ events: EventItem[] }>(
        'GET',
        `/v1/containers/${failed}/events`,
      );
      const requested = events.body.events.find((e) => e.type === 'ContainerCreateRequested');
      expect(requested?.data).not.toHaveProperty('host');
      expect(JSON.stringify(events.body)).not.toContain(berth.hostname);
      const audited = (await audit(member)).find((a) => a.request_id === createId);
      expect(audited?.params).not.toHaveProperty('host');

      const adminShow = await berth.request<View>('GET', `/v1/containers/${failed}`);
      expect(adminShow.body.host).toBe(berth.hostname);
      const adminEvents = await berth.request<{ events: EventItem[] }>(
        'GET',
        `/v1/containers/${failed}/events`,
      );
      const adminRequested = adminEvents.body.events.find(
        (e) => e.type === 'ContainerCreateRequested',
      );
      expect(adminRequested?.data.host).toBe(berth.hostname);
      const adminAudited = (await audit(berth.adminToken)).find((a) => a.request_id === createId);
      expect(adminAudited?.params.host).toBe(berth.hostname);
    });

    it('replays the state for a member without the host', async () => {
      const events = await berth.request<{ events: Array<{ position: string }> }>(
        'GET',
        `/v1/containers/${failed}/events`,
      );
      const last = events.body.events[events.body.events.length - 1].position;
      const state = await asMember<View>(
        'GET',
        `/v1/containers/${failed}/state?at_position=${last}`,
      );
      expect(state.status).toBe(200);
      expect(state.body).not.toHaveProperty('host');
      const adminState = await berth.request<View>(
        'GET',
        `/v1/containers/${failed}/state?at_position=${last}`,
      );
      expect(adminState.body.host).toBe(berth.hostname);
    });

    it('shows a member a failed step without its traceback, and an admin with it', async () => {
      const path = `/v1/containers/${failed}/container_actions/${createId}`;
      const mine = await asMember<ActionShow>('GET', path);
      expect(mine.status).toBe(200);
      expect(mine.body.events.length).toBeGreaterThanOrEqual(1);
      for (const step of mine.body.events) expect(step.traceback).toBeNull();
      expect(mine.body.events.some((e) => e.result === 'Error')).toBe(true);
      const admin = await berth.request<ActionShow>('GET', path);
      const failedStep = admin.body.events.find((e) => e.result === 'Error');
      expect(failedStep?.traceback).toMatch(/missing/);
    });

    it('decides the same in GraphQL: no host, no host in history, no traceback', async () => {
      const query = `{ container(id: "${failed}") {
        host
        history { type data }
        actions { requestId globalRequestId events { result traceback } }
      } }`;
      interface Detail {
        container: {
          host: string | null;
          history: Array<{ type: string; data: Record<string, unknown> }>;
          actions: Array<{
            requestId: string;
            globalRequestId: string | null;
            events: Array<{ result: string | null; traceback: string | null }>;
          }>;
        };
      }
      const mine = (await graphql<Detail>(query, member)).container;
      expect(mine.host).toBeNull();
      expect(JSON.stringify(mine.history)).not.toContain(berth.hostname);
      expect(mine.actions[0].requestId).toBe(createId);
      for (const step of mine.actions[0].events) expect(step.traceback).toBeNull();

      const admin = (await graphql<Detail>(query, berth.adminToken)).container;
      expect(admin.host).toBe(berth.hostname);
      expect(admin.history[0].data.host).toBe(berth.hostname);
      const step = admin.actions[0].events.find((e) => e.result === 'Error');
      expect(step?.traceback).toMatch(/missing/);
    });
  });
});
