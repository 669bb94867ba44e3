import { projectNetworkName } from '@berth/drivers';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';

interface View {
  uuid: string;
  status: string;
  status_reason: string | null;
  task_state: string | null;
  addresses: Record<string, Array<{ addr: string; version: number }>>;
}

/** What Docker does on its own (exits, OOM kills, restarts, auto-removal) reaches the API. */
describe('facts Docker reports about Berth containers', () => {
  let berth: BerthStack;

  const syncEnv = process.env.BERTH_COMPUTE_SYNC_SECONDS;

  beforeAll(async () => {
    // A second, so that the periodic sync's catch-up shows within a test.
    process.env.BERTH_COMPUTE_SYNC_SECONDS = '1';
    berth = await BerthStack.start();
  });

  afterAll(async () => {
    await berth?.close();
    if (syncEnv === undefined) delete process.env.BERTH_COMPUTE_SYNC_SECONDS;
    else process.env.BERTH_COMPUTE_SYNC_SECONDS = syncEnv;
  });

  const run = async (body: object): Promise<string> => {
    const res = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      ...body,
    });
    expect(res.status).toBe(202);
    // 202 comes before compute acted: wait until the Docker container exists.
    await berth.waitFor<View>(res.body.uuid, (c) => c.status !== 'Creating');
    return res.body.uuid;
  };

  it("shows the address Docker gave a container on its project's default network", async () => {
    const uuid = await run({ command: ['sleep', '300'] });
    const view = await berth.waitFor<View>(uuid, (c) => c.status === 'Running');
    const inspect = await berth.docker.getContainer(`berth-${uuid}`).inspect();
    const network = projectNetworkName(await berth.projectId(), 'default');
    expect(view.addresses.default?.[0]?.addr).toBe(
      inspect.NetworkSettings.Networks[network].IPAddress,
    );
  });

  it('reports an OOM kill in the status reason', async () => {
    const uuid = await run({
      memory: '6',
      command: ['sh', '-c', 'x=$(head -c 100000000 /dev/zero | tr "\\0" a); echo done'],
    });
    const view = await berth.waitFor<View>(uuid, (c) => c.status === 'Stopped');
    expect(view.status_reason).toMatch(/OOM/i);
    expect((await berth.docker.getContainer(`berth-${uuid}`).inspect()).State.OOMKilled).toBe(true);
  });

  it('lets Docker restart on failure as the policy says, then settles as Stopped', async () => {
    const uuid = await run({
      command: ['sh', '-c', 'sleep 0.3; exit 1'],
      restart_policy: { Name: 'on-failure', MaximumRetryCount: '2' },
    });
    const docker = berth.docker.getContainer(`berth-${uuid}`);
    const deadline = Date.now() + 20_000;
    let inspect = await docker.inspect();
    while ((inspect.State.Running || inspect.RestartCount < 2) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      inspect = await docker.inspect();
    }
    expect(inspect.RestartCount).toBe(2);
    const view = await berth.waitFor<View>(uuid, (c) => c.status === 'Stopped');
    expect(view.status_reason).toMatch(/1/);
  });

  it('keeps an always-restarted container Running', async () => {
    const uuid = await run({
      command: ['sh', '-c', 'sleep 0.3; exit 0'],
      restart_policy: { Name: 'always', MaximumRetryCount: '0' },
    });
    const docker = berth.docker.getContainer(`berth-${uuid}`);
    const deadline = Date.now() + 10_000;
    while ((await docker.inspect()).RestartCount < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    // Restarts are asynchronous: wait for Docker to be running again, then Berth must agree.
    await berth.waitFor<View>(uuid, (c) => c.status === 'Running');
    // With a sync every second, one lands in Docker's restart backoff: it must not flip the status.
    await new Promise((r) => setTimeout(r, 1_500));
    const stopped = await berth.request('POST', `/v1/containers/${uuid}/stop?timeout=0`);
    expect(stopped).toMatchObject({ status: 202 });
    await berth.waitFor<View>(uuid, (c) => c.status === 'Stopped' && c.task_state === null);
  });

  it('marks an auto_remove container Deleted once Docker removed it', async () => {
    const uuid = await run({ command: ['sh', '-c', 'sleep 0.3'], auto_remove: true });
    await berth.waitFor<View>(uuid, (c) => c.status === 'Deleted');
    await expect(berth.docker.getContainer(`berth-${uuid}`).inspect()).rejects.toThrow(/no such/i);
    const deleted = await berth.request('DELETE', `/v1/containers/${uuid}`);
    expect(deleted.status).toBe(204);
  });

  it('rebuilds an auto_heal container removed behind its back, and runs it again', async () => {
    const uuid = await run({ command: ['sleep', '300'], auto_heal: true });
    await berth.waitFor<View>(uuid, (c) => c.status === 'Running' && c.task_state === null);
    const lost = (await berth.docker.getContainer(`berth-${uuid}`).inspect()).Id;
    await berth.docker.getContainer(lost).remove({ force: true });

    type Action = { action: string; request_id: string; finish_time: string | null };
    const heal = async (): Promise<Action | undefined> =>
      (
        await berth.request<{ containerActions: Action[] }>(
          'GET',
          `/v1/containers/${uuid}/container_actions`,
        )
      ).body.containerActions.find((a) => a.action === 'rebuild');
    const deadline = Date.now() + 30_000;
    while (!(await heal())?.finish_time && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await heal())?.request_id).toBe(`req-heal-${lost.slice(0, 12)}`);
    await berth.waitFor<View>(uuid, (c) => c.status === 'Running' && c.task_state === null);
    const healed = await berth.docker.getContainer(`berth-${uuid}`).inspect();
    expect(healed.Id).not.toBe(lost);
    expect(healed.State.Running).toBe(true);
  });

  it('marks a container without auto_heal removed behind its back, and heals nothing', async () => {
    const uuid = await run({ command: ['sleep', '300'] });
    await berth.waitFor<View>(uuid, (c) => c.status === 'Running' && c.task_state === null);
    await berth.docker.getContainer(`berth-${uuid}`).remove({ force: true });
    const gone = await berth.waitFor<View>(uuid, (c) => c.status === 'Deleted');
    expect(gone.status_reason).toBe('The Docker container was removed outside Berth');
  });

  it('catches up with a pause and an unpause done behind its back, which no event reports', async () => {
    const uuid = await run({ command: ['sleep', '300'] });
    await berth.waitFor<View>(uuid, (c) => c.status === 'Running' && c.task_state === null);
    const docker = berth.docker.getContainer(`berth-${uuid}`);
    await docker.pause();
    await berth.waitFor<View>(uuid, (c) => c.status === 'Paused');
    await docker.unpause();
    const running = await berth.waitFor<View>(uuid, (c) => c.status === 'Running');
    expect(running.status_reason).toBeNull();
  });
});
