import { BerthStack, TEST_IMAGE } from './support/berth-stack';

interface View {
  uuid: string;
  name: string;
  status: string;
  status_reason: string | null;
  task_state: string | null;
  memory: string | null;
  cpu: number | null;
  host: string;
}
interface ErrorBody {
  errors: Array<{ status: number; code: string; title: string; detail: string }>;
}

const isStatus =
  (status: string) =>
  (c: View): boolean =>
    c.status === status && c.task_state === null;

describe('a container through its whole life, against real Docker and PostgreSQL', () => {
  let berth: BerthStack;

  beforeAll(async () => {
    // Admins may create privileged containers here, so that one can be checked in Docker.
    berth = await BerthStack.start(undefined, { privilegedContainers: 'admin' });
  }, 60_000);

  afterAll(async () => {
    await berth?.close();
  });

  it('creates a container with every option reaching Docker', async () => {
    const created = await berth.request<View>('POST', '/v1/containers', {
      name: 'opts',
      image: TEST_IMAGE,
      command: ['sleep', '300'],
      cpu: '0.5',
      memory: '64',
      environment: { GREETING: 'hello' },
      workdir: '/tmp',
      labels: { team: 'berth' },
      hostname: 'box1',
      image_pull_policy: 'ifnotpresent',
      restart_policy: { Name: 'on-failure', MaximumRetryCount: '2' },
      interactive: true,
      tty: true,
      exposed_ports: { '8080/tcp': {} },
      healthcheck: { cmd: 'true', interval: 5, retries: 2, timeout: 3 },
      auto_heal: false,
    });
    expect(created.status).toBe(202);
    expect(created.body.status).toBe('Creating');
    const view = await berth.waitFor<View>(created.body.uuid, isStatus('Created'));
    expect(view).toMatchObject({ name: 'opts', memory: '64', cpu: 0.5, host: berth.hostname });

    const inspect = await berth.docker.getContainer(`berth-${view.uuid}`).inspect();
    expect(inspect.Config.Cmd).toEqual(['sleep', '300']);
    expect(inspect.Config.Env).toContain('GREETING=hello');
    expect(inspect.Config.WorkingDir).toBe('/tmp');
    expect(inspect.Config.Labels).toMatchObject({ team: 'berth', 'berth.uuid': view.uuid });
    expect(inspect.Config.Hostname).toBe('box1');
    expect(inspect.Config.Tty).toBe(true);
    expect(inspect.Config.OpenStdin).toBe(true);
    expect(inspect.Config.ExposedPorts).toHaveProperty('8080/tcp');
    expect(inspect.Config.Healthcheck?.Test).toEqual(['CMD-SHELL', 'true']);
    expect(inspect.HostConfig.NanoCpus).toBe(500_000_000);
    expect(inspect.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(inspect.HostConfig.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 2 });
  });

  it('passes entrypoint, privileged, runtime, auto_remove and pull policy always to Docker', async () => {
    const created = await berth.request<View>('POST', '/v1/containers', {
      image: TEST_IMAGE,
      entrypoint: ['sh', '-c'],
      command: ['sleep 300'],
      privileged: true,
      runtime: 'runc',
      auto_remove: true,
      image_pull_policy: 'always',
    });
    expect(created.status).toBe(202);
    await berth.waitFor<View>(created.body.uuid, isStatus('Created'));
    const inspect = await berth.docker.getContainer(`berth-${created.body.uuid}`).inspect();
    expect(inspect.Config.Entrypoint).toEqual(['sh', '-c']);
    expect(inspect.Config.Cmd).toEqual(['sleep 300']);
    expect(inspect.HostConfig.Privileged).toBe(true);
    expect(inspect.HostConfig.Runtime).toBe('runc');
    expect(inspect.HostConfig.AutoRemove).toBe(true);
  });

  it('applies a cpu update to the running container', async () => {
    const run = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sleep', '300'],
      cpu: '1',
    });
    await berth.waitFor<View>(run.body.uuid, isStatus('Running'));
    const patched = await berth.request<View>('PATCH', `/v1/containers/${run.body.uuid}`, {
      cpu: '0.25',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.cpu).toBe(0.25);
    const inspect = await berth.docker.getContainer(`berth-${run.body.uuid}`).inspect();
    expect(inspect.HostConfig.NanoCpus).toBe(250_000_000);
  });

  it('runs, pauses, stops, starts, kills, reboots and deletes a container', async () => {
    const run = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'life',
      image: TEST_IMAGE,
      command: ['sleep', '300'],
    });
    expect(run.status).toBe(202);
    const id = run.body.uuid;
    await berth.waitFor<View>(id, isStatus('Running'));
    const docker = berth.docker.getContainer(`berth-${id}`);
    expect((await docker.inspect()).State.Running).toBe(true);

    expect((await berth.request('POST', `/v1/containers/${id}/pause`)).status).toBe(202);
    await berth.waitFor<View>(id, isStatus('Paused'));
    expect((await docker.inspect()).State.Paused).toBe(true);

    expect((await berth.request('POST', `/v1/containers/${id}/unpause`)).status).toBe(202);
    await berth.waitFor<View>(id, isStatus('Running'));

    expect((await berth.request('POST', `/v1/containers/${id}/stop?timeout=1`)).status).toBe(202);
    await berth.waitFor<View>(id, isStatus('Stopped'));
    expect((await docker.inspect()).State.Running).toBe(false);

    expect((await berth.request('POST', `/v1/containers/${id}/start`)).status).toBe(202);
    await berth.waitFor<View>(id, isStatus('Running'));

    expect((await berth.request('POST', `/v1/containers/${id}/kill?signal=None`)).status).toBe(202);
    await berth.waitFor<View>(id, isStatus('Stopped'));

    expect((await berth.request('POST', `/v1/containers/${id}/reboot?timeout=1`)).status).toBe(202);
    await berth.waitFor<View>(id, isStatus('Running'));

    const refused = await berth.request<ErrorBody>('DELETE', `/v1/containers/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].title).toMatch(/^Cannot delete container .* in Running state/);

    const deleted = await berth.request(
      'DELETE',
      `/v1/containers/life?force=False&stop=True&all_projects=False`,
    );
    expect(deleted.body).toBeNull();
    expect(deleted.status).toBe(204);
    const deadline = Date.now() + 15_000;
    let show = await berth.request('GET', `/v1/containers/${id}`);
    while (show.status !== 404 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      show = await berth.request('GET', `/v1/containers/${id}`);
    }
    expect(show.status).toBe(404);
    await expect(docker.inspect()).rejects.toThrow(/no such container/i);
  });

  it("refuses an action in the wrong state with Zun's 409", async () => {
    const created = await berth.request<View>('POST', '/v1/containers', {
      image: TEST_IMAGE,
      command: ['sleep', '60'],
    });
    await berth.waitFor<View>(created.body.uuid, isStatus('Created'));
    const res = await berth.request<ErrorBody>('POST', `/v1/containers/${created.body.uuid}/stop`);
    expect(res.status).toBe(409);
    expect(res.body.errors[0]).toMatchObject({
      status: 409,
      title: `Cannot stop container ${created.body.uuid} in Created state`,
    });
  });

  it('reports a container that exits on its own as Stopped with its exit code', async () => {
    const run = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sh', '-c', 'sleep 0.5; exit 3'],
    });
    const view = await berth.waitFor<View>(run.body.uuid, isStatus('Stopped'));
    expect(view.status_reason).toMatch(/3/);
  });

  it('ends in Error with a reason for an unknown image, a missing image under never, and a bad command', async () => {
    const unknown = await berth.request<View>('POST', '/v1/containers', {
      image: '127.0.0.1:5000/berth-test/nope:latest',
    });
    const never = await berth.request<View>('POST', '/v1/containers', {
      image: 'berth-test/absent:never',
      image_pull_policy: 'never',
    });
    const bad = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['nosuchcmd'],
    });
    for (const res of [unknown, never, bad]) {
      expect(res.status).toBe(202);
      const view = await berth.waitFor<View>(res.body.uuid, (c) => c.status === 'Error');
      expect(view.status_reason).toBeTruthy();
    }
    const badView = await berth.waitFor<View>(bad.body.uuid, (c) => c.status === 'Error');
    expect(badView.status_reason).toMatch(/nosuchcmd/);
  });

  it("rejects bad input with a 400 in Zun's format and creates nothing", async () => {
    const before = await berth.request<{ containers: View[] }>('GET', '/v1/containers');
    const res = await berth.request<ErrorBody>('POST', '/v1/containers', {
      image: TEST_IMAGE,
      memory: 'lots',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].detail).toMatch(/memory/);
    const after = await berth.request<{ containers: View[] }>('GET', '/v1/containers');
    expect(after.body.containers.length).toBe(before.body.containers.length);
  });

  it('updates memory on the running container and renames only below 1.14', async () => {
    const run = await berth.request<View>('POST', '/v1/containers?run=true', {
      name: 'upd',
      image: TEST_IMAGE,
      command: ['sleep', '300'],
      memory: '64',
    });
    await berth.waitFor<View>(run.body.uuid, isStatus('Running'));
    const patched = await berth.request<View>('PATCH', `/v1/containers/${run.body.uuid}`, {
      memory: '96',
    });
    expect(patched.status).toBe(200);
    // Like Zun's synchronous update, the answer already shows the applied change.
    expect(patched.body.memory).toBe('96');
    await berth.waitFor<View>(run.body.uuid, (c) => c.memory === '96');
    const inspect = await berth.docker.getContainer(`berth-${run.body.uuid}`).inspect();
    expect(inspect.HostConfig.Memory).toBe(96 * 1024 * 1024);

    const at140 = await berth.request('POST', `/v1/containers/upd/rename?name=upd2`);
    expect(at140.status).toBe(406);
    const at113 = await berth.request<View>(
      'POST',
      `/v1/containers/upd/rename?name=upd2`,
      undefined,
      { 'openstack-api-version': 'container 1.13' },
    );
    expect(at113.status).toBe(200);
    expect(at113.body.name).toBe('upd2');

    // The name rule is create's everywhere: at most 255 characters.
    const long = `n${'x'.repeat(255)}`;
    const patchedLong = await berth.request('PATCH', `/v1/containers/upd2`, { name: long });
    expect(patchedLong.status).toBe(400);
    const renamedLong = await berth.request(
      'POST',
      `/v1/containers/upd2/rename?name=${long}`,
      undefined,
      { 'openstack-api-version': 'container 1.13' },
    );
    expect(renamedLong.status).toBe(400);
  });

  describe('a kill ends in what Docker shows after the signal', () => {
    const runUntilRunning = async (command: string[]): Promise<string> => {
      const run = await berth.request<View>('POST', '/v1/containers?run=true', {
        image: TEST_IMAGE,
        command,
      });
      expect(run.status).toBe(202);
      await berth.waitFor<View>(run.body.uuid, isStatus('Running'));
      return run.body.uuid;
    };

    /** Sends the signal and waits for compute to finish the kill action, whatever it found. */
    const kill = async (id: string, signal: string): Promise<void> => {
      const res = await berth.request('POST', `/v1/containers/${id}/kill?signal=${signal}`);
      expect(res.status).toBe(202);
      const deadline = Date.now() + 15_000;
      for (;;) {
        const list = await berth.request<{
          containerActions: Array<{ action: string; finish_time: string | null }>;
        }>('GET', `/v1/containers/${id}/container_actions`);
        const action = list.body.containerActions.find((a) => a.action === 'kill');
        if (action?.finish_time) return;
        if (Date.now() > deadline) throw new Error(`kill of ${id} never finished`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    const dockerState = async (id: string) =>
      (await berth.docker.getContainer(`berth-${id}`).inspect()).State;

    const logsOf = async (id: string): Promise<string> =>
      (await berth.docker.getContainer(`berth-${id}`).logs({ stdout: true })).toString();

    it('keeps a container whose process traps SIGHUP Running, and exec still works', async () => {
      const id = await runUntilRunning([
        'sh',
        '-c',
        'trap "echo reloaded" HUP; while true; do sleep 1; done',
      ]);
      await kill(id, 'SIGHUP');
      expect((await berth.waitFor<View>(id, isStatus('Running'))).status_reason).toBeNull();

      // The trap runs once the loop's current sleep ends; the process lives on after it.
      const deadline = Date.now() + 5_000;
      while (!(await logsOf(id)).includes('reloaded') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await logsOf(id)).toContain('reloaded');
      expect((await dockerState(id)).Running).toBe(true);
      expect((await berth.request<View>('GET', `/v1/containers/${id}`)).body.status).toBe(
        'Running',
      );

      const exec = await berth.request<{ output: string; exit_code: number }>(
        'POST',
        `/v1/containers/${id}/execute?command=${encodeURIComponent('"echo" "still here"')}`,
      );
      expect(exec.status).toBe(200);
      expect(exec.body).toMatchObject({ output: 'still here\n', exit_code: 0 });
    });

    it('keeps a container whose process ignores SIGUSR1 Running', async () => {
      // `sleep` as the container's first process has no handler, so the kernel drops the signal.
      const id = await runUntilRunning(['sleep', '300']);
      await kill(id, 'SIGUSR1');
      await berth.waitFor<View>(id, isStatus('Running'));
      expect((await dockerState(id)).Running).toBe(true);
    });

    it('stops a container that SIGKILL ends, with exit code 137 in Docker', async () => {
      const id = await runUntilRunning(['sleep', '300']);
      await kill(id, 'SIGKILL');
      await berth.waitFor<View>(id, isStatus('Stopped'));
      expect(await dockerState(id)).toMatchObject({ Running: false, ExitCode: 137 });
    });

    it('stops a container whose process SIGTERM ends, even when it ends after the kill', async () => {
      // The trap exits only after a moment, so compute's look may still find it running: the
      // exit then arrives as Docker's die event, and the container is Stopped all the same.
      const id = await runUntilRunning([
        'sh',
        '-c',
        'trap "sleep 0.5; exit 143" TERM; while true; do sleep 1; done',
      ]);
      await kill(id, 'SIGTERM');
      const view = await berth.waitFor<View>(id, isStatus('Stopped'));
      expect(view.status_reason === null || /143/.test(view.status_reason)).toBe(true);
      expect(await dockerState(id)).toMatchObject({ Running: false, ExitCode: 143 });
    });
  });

  it('shows a pause and an unpause made in Docker behind its back as Docker reports them', async () => {
    const run = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sleep', '300'],
    });
    await berth.waitFor<View>(run.body.uuid, isStatus('Running'));
    const docker = berth.docker.getContainer(`berth-${run.body.uuid}`);
    // Well inside the periodic sync's minute: Docker's own events tell.
    await docker.pause();
    await berth.waitFor<View>(run.body.uuid, isStatus('Paused'), 5_000);
    await docker.unpause();
    await berth.waitFor<View>(run.body.uuid, isStatus('Running'), 5_000);
  });
});
