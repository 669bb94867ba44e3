import { randomBytes } from 'node:crypto';
import { COMMIT_NAMESPACE, projectImageRepository } from '@berth/domain';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';

interface View {
  uuid: string;
  status: string;
  task_state: string | null;
  cpu: number | null;
  memory: string | null;
  disk: number;
}
interface ErrorBody {
  errors: Array<{ status: number; code: string; detail: string }>;
}
interface ExecResult {
  output: string;
  exit_code: number;
}
type Usages = Record<'containers' | 'cpu' | 'memory' | 'disk', { limit: number; in_use: number }>;

const settled =
  (status: string) =>
  (c: View): boolean =>
    c.status === status && c.task_state === null;

/**
 * The limits every tenant container gets (Zun's default_cpu and default_memory, a pids limit,
 * reduced capabilities, no-new-privileges), what quota charges for them, `disk` refused where
 * no host can enforce it, and commits kept in the committing project's image namespace.
 */
describe('limits and image namespaces of tenant containers', () => {
  let berth: BerthStack;
  let project: string;

  async function run(body: object, token?: string): Promise<View> {
    const res = await berth.request<View>(
      'POST',
      '/v1/containers?run=true',
      { image: TEST_IMAGE, command: ['sleep', '300'], ...body },
      token,
    );
    expect(res.status).toBe(202);
    return berth.waitFor<View>(res.body.uuid, settled('Running'));
  }

  async function exec(uuid: string, command: string, token?: string): Promise<ExecResult> {
    const res = await berth.request<ExecResult>(
      'POST',
      `/v1/containers/${uuid}/execute?command=${encodeURIComponent(`sh -c "${command}"`)}`,
      undefined,
      token,
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  beforeAll(async () => {
    berth = await BerthStack.start();
    project = await berth.projectId();
  }, 60_000);

  afterAll(async () => {
    await berth?.close();
  });

  describe('a container created without cpu or memory', () => {
    let plain: View;

    beforeAll(async () => {
      plain = await run({});
    }, 60_000);

    it("shows Zun's default cpu and memory, as `zun show` prints them", () => {
      expect(plain).toMatchObject({ cpu: 1, memory: '512', disk: 0 });
    });

    it('records the defaults in its create event, so the audit and a replay show them', async () => {
      const events = await berth.request<{
        events: Array<{ type: string; data: { spec?: object } }>;
      }>('GET', `/v1/containers/${plain.uuid}/events`);
      const create = events.body.events.find((e) => e.type === 'ContainerCreateRequested');
      expect(create?.data.spec).toMatchObject({ cpu: 1, memory: 512, pids_limit: 4096 });
    });

    it('runs in Docker with those limits, a pids limit, reduced capabilities and no-new-privileges', async () => {
      const inspect = await berth.docker.getContainer(`berth-${plain.uuid}`).inspect();
      expect(inspect.HostConfig).toMatchObject({
        NanoCpus: 1e9,
        Memory: 512 * 1024 * 1024,
        PidsLimit: 4096,
        CapDrop: ['NET_RAW', 'MKNOD', 'AUDIT_WRITE', 'SETFCAP'],
        SecurityOpt: ['no-new-privileges'],
        Privileged: false,
      });
      const status = await exec(plain.uuid, 'grep NoNewPrivs /proc/self/status');
      expect(status.output).toMatch(/NoNewPrivs:\s*1/);
    });

    it('is charged to quota for the defaults, as if the user had asked for them', async () => {
      const usages = await berth.request<Usages>('GET', `/v1/quotas/${project}?usages=True`);
      expect(usages.body.cpu.in_use).toBeGreaterThanOrEqual(1);
      expect(usages.body.memory.in_use).toBeGreaterThanOrEqual(512);
      const before = usages.body;
      const second = await run({});
      const after = (await berth.request<Usages>('GET', `/v1/quotas/${project}?usages=True`)).body;
      expect(after.cpu.in_use).toBe(before.cpu.in_use + 1);
      expect(after.memory.in_use).toBe(before.memory.in_use + 512);
      expect(
        (await berth.request('DELETE', `/v1/containers/${second.uuid}?force=True`)).status,
      ).toBe(204);
    });

    it('keeps the limits a user gives instead of the defaults', async () => {
      const sized = await run({ cpu: '0.25', memory: '64' });
      expect(sized).toMatchObject({ cpu: 0.25, memory: '64' });
      const inspect = await berth.docker.getContainer(`berth-${sized.uuid}`).inspect();
      expect(inspect.HostConfig).toMatchObject({ NanoCpus: 25e7, Memory: 64 * 1024 * 1024 });
    });
  });

  it('refuses a quota the defaults would exceed, as a quota the user asked past', async () => {
    const tenant = await berth.tenant(`lim-${randomBytes(3).toString('hex')}`);
    expect(
      (await berth.request('PUT', `/v1/quotas/${tenant.project}`, { memory: 600 })).status,
    ).toBe(200);
    await run({}, tenant.token);
    const refused = await berth.request<ErrorBody>(
      'POST',
      '/v1/containers',
      { image: TEST_IMAGE },
      tenant.token,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].detail).toMatch(/memory/);
  });

  it('refuses a disk size no host here can enforce, with a 400 that says what to change', async () => {
    const before = await berth.request<{ containers: View[] }>('GET', '/v1/containers');
    const res = await berth.request<ErrorBody>('POST', '/v1/containers', {
      image: TEST_IMAGE,
      disk: 1,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ status: 400, code: 'container.invalid' });
    expect(res.body.errors[0].detail).toMatch(
      /^Invalid input for field\/attribute disk\. Value: 1\. No compute host can enforce a disk size: .*pquota.*Create the container without disk\.$/,
    );
    const after = await berth.request<{ containers: View[] }>('GET', '/v1/containers');
    expect(after.body.containers).toHaveLength(before.body.containers.length);
  });

  describe('a commit, with two projects on one host', () => {
    /** An image name project B runs; tagged from the test image, made by this test. */
    const shared = `berth-e2e/shared-${randomBytes(4).toString('hex')}`;
    let b: { project: string; token: string };
    let sharedId: string;
    let mine: string;

    beforeAll(async () => {
      b = await berth.tenant(`img-${randomBytes(3).toString('hex')}`);
      await berth.docker.getImage(TEST_IMAGE).tag({ repo: shared, tag: 'latest' });
      sharedId = (await berth.docker.getImage(`${shared}:latest`).inspect()).Id;
      mine = projectImageRepository(project, shared);
    }, 60_000);

    afterAll(async () => {
      for (const ref of [`${shared}:latest`, `${mine}:latest`]) {
        await berth.docker
          .getImage(ref)
          .remove({ force: true })
          .catch(() => undefined);
      }
    });

    it("lands in the committer's namespace and never replaces the image another project runs", async () => {
      const a = await run({ image: `${shared}:latest` });
      expect((await exec(a.uuid, 'echo committed-by-a > /marker')).exit_code).toBe(0);
      const commit = await berth.request<{ uuid: string }>(
        'POST',
        `/v1/containers/${a.uuid}/commit?repository=${encodeURIComponent(shared)}&tag=latest`,
      );
      expect(commit.status).toBe(202);
      await pollImage(berth, commit.body.uuid);

      // The name B runs still names the image it named before.
      expect((await berth.docker.getImage(`${shared}:latest`).inspect()).Id).toBe(sharedId);
      const theirs = await run({ image: `${shared}:latest` }, b.token);
      const peek = await exec(theirs.uuid, 'cat /marker', b.token);
      expect(peek.exit_code).not.toBe(0);

      // A runs its own commit by the name the image list shows.
      const listed = await berth.request<{ repo: string; tag: string }>(
        'GET',
        `/v1/images/${commit.body.uuid}`,
      );
      expect(listed.body).toMatchObject({ repo: mine, tag: 'latest' });
      expect(mine.startsWith(`${COMMIT_NAMESPACE}/`)).toBe(true);
      const again = await run({ image: `${mine}:latest` });
      expect((await exec(again.uuid, 'cat /marker')).output).toBe('committed-by-a\n');
    });

    it('answers another project naming the committed image as an image that does not exist', async () => {
      const res = await berth.request<ErrorBody>(
        'POST',
        '/v1/containers',
        { image: `${mine}:latest` },
        b.token,
      );
      expect(res.status).toBe(404);
      expect(res.body.errors[0].detail).toBe(`Image ${mine}:latest could not be found.`);
    });
  });
});

async function pollImage(berth: BerthStack, uuid: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await berth.request<{ size: number | null }>('GET', `/v1/images/${uuid}`);
    if (res.status === 200 && (res.body.size ?? 0) > 0) return;
    if (Date.now() > deadline) throw new Error(`image ${uuid} never recorded`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
