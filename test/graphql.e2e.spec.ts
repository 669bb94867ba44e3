import { TEST_IMAGE } from './support/berth-stack';
import { GraphqlStack } from './support/graphql-stack';
import { recordQueries } from './support/graphql-sql-counter';

interface Page<TNode> {
  edges: Array<{ node: TNode; cursor: string }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface ContainerNode {
  uuid: string;
  name: string;
  projectId: string;
  host: string | null;
}
interface ActionNode {
  requestId: string;
  action: string;
  result: string | null;
  events: Array<{ event: string; result: string | null }>;
}
interface HistoryEvent {
  revision: number;
  type: string;
  requestId: string;
  data: Record<string, unknown>;
}

const LIST = `query List($first: Int, $after: String, $filter: ContainerFilter) {
  containers(first: $first, after: $after, filter: $filter) {
    edges { cursor node { uuid name projectId host } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const DETAIL = `query Detail($id: String!) {
  container(id: $id) {
    uuid name host status
    actions { requestId action result events { event result } }
    history { revision type requestId data }
  }
}`;

jest.setTimeout(120_000);

describe('GraphQL API (/graphql)', () => {
  let stack: GraphqlStack;
  let member: { token: string; projectId: string };
  /** Admin's containers, in creation order. */
  const adminUuids: string[] = [];
  let memberUuid: string;

  beforeAll(async () => {
    stack = await GraphqlStack.start();
    for (let i = 0; i < 5; i++) {
      adminUuids.push(await stack.createContainer(`gql-admin-${i}`, TEST_IMAGE));
    }
    member = await stack.createMember('gql-tenant', 'gql-alice');
    memberUuid = await stack.createContainer('gql-member-0', TEST_IMAGE, member.token);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('pages through containers with Relay cursors (admin sees every project)', async () => {
    const first = await stack.graphql<{ containers: Page<ContainerNode> }>(LIST, { first: 4 });
    expect(first.body.errors).toBeUndefined();
    const page1 = first.body.data!.containers;
    expect(page1.edges.map((e) => e.node.uuid)).toEqual(adminUuids.slice(0, 4));
    expect(page1.pageInfo).toEqual({ hasNextPage: true, endCursor: page1.edges[3].cursor });
    expect(page1.edges[0].node.host).toEqual(expect.any(String));

    const second = await stack.graphql<{ containers: Page<ContainerNode> }>(LIST, {
      first: 4,
      after: page1.pageInfo.endCursor,
    });
    const page2 = second.body.data!.containers;
    expect(page2.edges.map((e) => e.node.uuid)).toEqual([adminUuids[4], memberUuid]);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const filtered = await stack.graphql<{ containers: Page<ContainerNode> }>(LIST, {
      filter: { projectId: member.projectId },
    });
    expect(filtered.body.data!.containers.edges.map((e) => e.node.uuid)).toEqual([memberUuid]);
  });

  it('shows a container with its actions, their events and its event history', async () => {
    const res = await stack.graphql<{
      container: ContainerNode & { status: string; actions: ActionNode[]; history: HistoryEvent[] };
    }>(DETAIL, { id: adminUuids[0] });
    expect(res.body.errors).toBeUndefined();
    const c = res.body.data!.container;
    expect(c).toMatchObject({ uuid: adminUuids[0], name: 'gql-admin-0', status: 'Created' });
    expect(c.host).toEqual(expect.any(String));
    expect(c.actions).toHaveLength(1);
    expect(c.actions[0]).toMatchObject({ action: 'create', result: 'Success' });
    expect(c.actions[0].events.length).toBeGreaterThanOrEqual(1);
    expect(c.history.map((e) => e.type).slice(0, 2)).toEqual([
      'ContainerCreateRequested',
      'ContainerCreated',
    ]);
    expect(c.history[0]).toMatchObject({ revision: 0, requestId: c.actions[0].requestId });
    expect(c.history[0].data.host).toBe(c.host);

    // By name too, and `after` skips what was already seen.
    const byName = await stack.graphql<{ container: { uuid: string; history: HistoryEvent[] } }>(
      `{ container(id: "gql-admin-0") { uuid history(after: 0) { revision } } }`,
    );
    expect(byName.body.data!.container.uuid).toBe(adminUuids[0]);
    expect(byName.body.data!.container.history[0].revision).toBe(1);
  });

  it("isolates a member in its project: none of the admin's containers, no hosts", async () => {
    const list = await stack.graphql<{ containers: Page<ContainerNode> }>(
      LIST,
      { first: 20 },
      member.token,
    );
    expect(list.body.errors).toBeUndefined();
    const nodes = list.body.data!.containers.edges.map((e) => e.node);
    expect(nodes.map((n) => n.uuid)).toEqual([memberUuid]);
    expect(nodes.filter((n) => adminUuids.includes(n.uuid))).toHaveLength(0);
    expect(nodes[0].host).toBeNull();

    const foreign = await stack.graphql<{ container: unknown }>(
      DETAIL,
      { id: adminUuids[0] },
      member.token,
    );
    expect(foreign.body.errors).toBeUndefined();
    expect(foreign.body.data!.container).toBeNull();

    // Its own container: visible, but without the host, also inside the event payloads.
    const own = await stack.graphql<{ container: { host: null; history: HistoryEvent[] } }>(
      DETAIL,
      { id: memberUuid },
      member.token,
    );
    expect(own.body.data!.container.host).toBeNull();
    expect(own.body.data!.container.history[0].data).not.toHaveProperty('host');

    const otherProject = await stack.graphql(
      LIST,
      { filter: { projectId: 'admin' } },
      member.token,
    );
    expect(otherProject.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const hosts = await stack.graphql(`{ hosts { hostname } }`, {}, member.token);
    expect(hosts.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const adminHosts = await stack.graphql<{ hosts: Array<{ hostname: string; cpus: number }> }>(
      `{ hosts { hostname cpus } }`,
    );
    expect(adminHosts.body.data!.hosts.length).toBeGreaterThanOrEqual(1);
  });

  it("shows a project's quota and usage, and hosts' claimed capacity", async () => {
    const QUOTA = `query Q($p: String) { quota(projectId: $p) { projectId containers { limit inUse } } }`;
    const own = await stack.graphql<{ quota: { containers: { limit: number; inUse: number } } }>(
      QUOTA,
      {},
      member.token,
    );
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data!.quota.containers).toEqual({ limit: 40, inUse: 1 });
    const foreign = await stack.graphql(QUOTA, { p: 'someone-else' }, member.token);
    expect(foreign.body.errors?.[0].message).toMatch(/quota:get/);
    const images = await stack.graphql<{ images: unknown[] }>(
      `{ images { uuid } }`,
      {},
      member.token,
    );
    expect(images.body.errors?.[0].message).toMatch(/image:get_all/);
    const hosts = await stack.graphql<{ hosts: Array<{ totalContainers: number }> }>(
      `{ hosts { totalContainers memUsed cpuUsed } }`,
    );
    expect(hosts.body.data!.hosts[0].totalContainers).toBe(adminUuids.length + 1);
  });

  it('lists the audit log, scoped and paged', async () => {
    const AUDIT = `query Audit($first: Int, $after: String, $filter: AuditActionFilter) {
      auditActions(first: $first, after: $after, filter: $filter) {
        edges { node { requestId action containerUuid projectId container { uuid } } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    interface AuditNode {
      requestId: string;
      containerUuid: string;
      projectId: string;
      container: { uuid: string } | null;
    }
    const all: AuditNode[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res: { body: { data?: { auditActions: Page<AuditNode> } | null } } =
        await stack.graphql<{ auditActions: Page<AuditNode> }>(AUDIT, {
          first: 4,
          after,
          filter: { action: 'create' },
        });
      const conn = res.body.data!.auditActions;
      all.push(...conn.edges.map((e) => e.node));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(all.map((a) => a.containerUuid)).toEqual([...adminUuids, memberUuid]);
    expect(all.every((a) => a.container?.uuid === a.containerUuid)).toBe(true);

    const mine = await stack.graphql<{ auditActions: Page<AuditNode> }>(AUDIT, {}, member.token);
    expect(mine.body.data!.auditActions.edges.map((e) => e.node.containerUuid)).toEqual([
      memberUuid,
    ]);
  });

  it('refuses a NUL character escaped inside the query as bad input, not a server error', async () => {
    const res = await stack.graphql('{ container(id: "a\\u0000") { uuid } }');
    expect(res.body.errors?.[0].message).toBe(
      'Invalid input: text may not contain a NUL character.',
    );
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects a query deeper than the depth limit before running it', async () => {
    const res = await stack.graphql(
      `{ container(id: "${adminUuids[0]}") {
           actions { container { actions { container { actions { container { uuid } } } } } }
         } }`,
    );
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0].message).toMatch(/exceeds maximum operation depth of 6/);
  });

  it('rejects a query above the complexity limit, counting first × child', async () => {
    const res = await stack.graphql(
      `query Big($n: Int) { containers(first: $n) {
         edges { node { uuid actions { action events { event } } history(first: 50) { type } } }
       } }`,
      { n: 100 },
    );
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('loads actions and their events for a page of containers in one query each (no N+1)', async () => {
    const query = `{ containers(first: 20) {
      edges { node { uuid actions { requestId action events { event result } } } }
    } }`;
    const { result, queries } = await recordQueries(stack.dataSource, () =>
      stack.graphql<{ containers: Page<{ uuid: string; actions: ActionNode[] }> }>(query),
    );
    expect(result.body.errors).toBeUndefined();
    const nodes = result.body.data!.containers.edges.map((e) => e.node);
    expect(nodes).toHaveLength(6);
    expect(nodes.every((n) => n.actions.length >= 1 && n.actions[0].events.length >= 1)).toBe(true);
    // The projector and compute share the DataSource but are idle now; count reads of the read
    // tables whatever issued them, so background work could only make this fail, never pass.
    const reads = (table: string): number =>
      queries.filter((q) => q.startsWith('SELECT') && new RegExp(`"${table}"`).test(q)).length;
    expect(reads('container_actions')).toBe(1);
    expect(reads('container_action_events')).toBe(1);
    expect(reads('containers')).toBe(1);
  });

  it('answers introspection for tooling (the depth limit skips __ fields)', async () => {
    const res = await stack.graphql<{
      __schema: { queryType: { fields: Array<{ name: string }> } };
    }>(`{ __schema { queryType { fields { name } } } }`);
    expect(res.body.data!.__schema.queryType.fields.map((f) => f.name).sort()).toEqual([
      'auditActions',
      'container',
      'containers',
      'hosts',
      'images',
      'quota',
    ]);
  });

  it('refuses a request without a valid token with HTTP 401 in Zun format, before Apollo', async () => {
    for (const token of [null, 'garbage', `${stack.adminToken}x`]) {
      const res = await fetch(`${stack.app.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token === null ? {} : { 'x-auth-token': token }),
        },
        body: JSON.stringify({ query: '{ containers { edges { cursor } } }' }),
      });
      expect(res.status).toBe(401);
      const body = (await res.json()) as { errors: Array<{ code: string; request_id: string }> };
      expect(body.errors[0]?.code).toBe('container.authentication-required');
      expect(body.errors[0]?.request_id).toBe(res.headers.get('x-openstack-request-id'));
    }
    const page = await fetch(`${stack.app.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(401);
    expect(await page.text()).not.toMatch(/<html/i);
  });

  it('answers a path below /graphql with 404 in Zun format', async () => {
    const res = await fetch(`${stack.app.url}/graphql/x`, {
      headers: { 'x-auth-token': stack.adminToken },
    });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { errors: Array<{ code: string }> };
    expect(body.errors[0]?.code).toBe('container.not-found');
  });

  it.each<[string, string, Record<string, unknown>, string | undefined, RegExp]>([
    [
      'a variable of the wrong type',
      'query Q($n: Int) { containers(first: $n) { edges { cursor } } }',
      { n: 'x' },
      undefined,
      /Int cannot represent/,
    ],
    [
      'an operation name the document does not hold',
      'query A { hosts { hostname } }',
      {},
      'B',
      /Unknown operation named "B"/,
    ],
    [
      'a mutation, which the schema does not have',
      'mutation { hosts { hostname } }',
      {},
      undefined,
      /no mutation operations/,
    ],
    [
      'a subscription, which the schema does not have',
      'subscription { hosts { hostname } }',
      {},
      undefined,
      /no subscription operations/,
    ],
  ])('refuses %s with HTTP 400', async (_why, query, variables, operationName, message) => {
    const res = await fetch(`${stack.app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': stack.adminToken },
      body: JSON.stringify({ query, variables, operationName }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ message: string }> };
    expect(body.errors[0]?.message).toMatch(message);
  });
});
