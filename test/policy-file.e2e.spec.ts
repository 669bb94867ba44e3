import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPolicyFile } from '../apps/api/src/policy/policy-file';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';

/**
 * A policy file (BERTH_POLICY_FILE, as Zun's policy.yaml) overrides the defaults rule by rule,
 * on the real stack: creating is for admins and one named builder, readers may exec, logs are
 * for admins, `top` for the project's readers only (an alias of the file's own), and owners see
 * the host. Rules the file leaves alone keep their defaults, and another project's container
 * stays a 404.
 */
const POLICY = {
  project_reader: 'role:reader and project_id:%(project_id)s',
  'container:create': 'rule:admin_api or (role:member and user_name:pf-builder)',
  'container:execute': 'rule:admin_or_owner',
  'container:logs': 'rule:admin_api',
  'container:top': 'rule:project_reader',
  'container:get_one:host': 'rule:admin_or_owner',
};

jest.setTimeout(300_000);

type View = { uuid: string; status: string; task_state?: string | null; host?: string };

describe('a policy file overriding the default rules', () => {
  let dir: string;
  let stack: BerthStack;
  let builder: string;
  let member: string;
  let reader: string;
  let stranger: string;
  let uuid: string;

  const as = (token: string) => (method: string, path: string) =>
    stack.request(method, path, undefined, token);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-policy-e2e-'));
    const path = join(dir, 'policy.json');
    await writeFile(path, JSON.stringify(POLICY, null, 2));
    stack = await BerthStack.start(undefined, { policyRules: readPolicyFile(path) });
    const made = await stack.request<{ project: { id: string } }>('POST', '/identity/v3/projects', {
      project: { name: 'pf' },
    });
    const project = made.body.project.id;
    await stack.request('PUT', `/v1/quotas/${project}`, {
      containers: -1,
      cpu: -1,
      memory: -1,
      disk: -1,
    });
    const user = async (name: string, role: string): Promise<string> => {
      const u = await stack.request<{ user: { id: string } }>('POST', '/identity/v3/users', {
        user: { name, password: 's3cret', default_project_id: project },
      });
      await stack.request(
        'PUT',
        `/identity/v3/projects/${project}/users/${u.body.user.id}/roles/${role}`,
      );
      return stack.login(name, 's3cret', 'pf');
    };
    builder = await user('pf-builder', 'member');
    member = await user('pf-member', 'member');
    reader = await user('pf-reader', 'reader');
    stranger = (await stack.tenant('pf-elsewhere')).token;
    const created = await stack.request<View>(
      'POST',
      '/v1/containers?run=true',
      { image: TEST_IMAGE, command: ['sleep', '600'], cpu: 0.1, memory: 32 },
      builder,
    );
    expect(created.status).toBe(202);
    uuid = created.body.uuid;
    await stack.waitFor<View>(uuid, (c) => c.status === 'Running' && !c.task_state, 120_000);
  }, 300_000);

  afterAll(async () => {
    await stack?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }, 120_000);

  it("refuses a member's create with Zun's 403 naming the rule, and lets the named builder", async () => {
    const body = { image: TEST_IMAGE, command: ['true'], cpu: 0.1, memory: 32 };
    const refused = await stack.request<{ errors: Array<{ detail: string }> }>(
      'POST',
      '/v1/containers',
      body,
      member,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].detail).toBe(
      "Policy doesn't allow container:create to be performed.",
    );
    expect((await stack.request('POST', '/v1/containers', body, reader)).status).toBe(403);
    expect((await stack.request('POST', '/v1/containers', body)).status).toBe(202);
  });

  it('lets a reader exec, which the defaults refuse, and members still', async () => {
    const path = `/v1/containers/${uuid}/execute?command=true&run=true`;
    expect((await as(reader)('POST', path)).status).toBe(200);
    expect((await as(member)('POST', path)).status).toBe(200);
  });

  it('keeps logs for admins: the project reads them no more', async () => {
    const path = `/v1/containers/${uuid}/logs`;
    expect((await as(member)('GET', path)).status).toBe(403);
    expect((await as(reader)('GET', path)).status).toBe(403);
    expect((await stack.request('GET', path)).status).toBe(200);
  });

  it("gives top to the project's readers alone, through the file's own alias", async () => {
    const path = `/v1/containers/${uuid}/top`;
    expect((await as(reader)('GET', path)).status).toBe(200);
    expect((await as(member)('GET', path)).status).toBe(403);
    expect((await stack.request('GET', path)).status).toBe(403);
  });

  it('shows the owners the host, which the defaults hide', async () => {
    const shown = await stack.request<View>('GET', `/v1/containers/${uuid}`, undefined, reader);
    expect(shown.body.host).toBe(stack.hostname);
  });

  it('keeps every other rule at its default: readers still cannot stop, strangers still find nothing', async () => {
    expect((await as(reader)('POST', `/v1/containers/${uuid}/stop`)).status).toBe(403);
    expect((await as(stranger)('POST', `/v1/containers/${uuid}/stop`)).status).toBe(404);
    // A rule no member of any project passes is refused at the door, before any lookup: the
    // stranger learns nothing a member of the owning project would not also be told.
    expect((await as(stranger)('GET', `/v1/containers/${uuid}/logs`)).status).toBe(403);
    expect((await as(stranger)('POST', `/v1/containers/${uuid}/execute?command=true`)).status).toBe(
      404,
    );
  });
});
