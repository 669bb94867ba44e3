import { randomBytes } from 'node:crypto';
import { namedVolumeName } from '@berth/drivers';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BerthStack, TEST_IMAGE } from './support/berth-stack';
import { zunCli } from './support/zun-cli';

interface View {
  uuid: string;
  status: string;
  status_reason: string | null;
  task_state: string | null;
}
interface ErrorBody {
  errors: Array<{ status: number; code: string; title: string; detail: string }>;
}
interface ExecBody {
  output: string | null;
  exit_code: number | null;
}
interface VolumeList {
  volumes: Array<{ name: string; project_id: string; host?: string; in_use: number }>;
}
interface Action {
  action: string;
  request_id: string;
}
interface ActionEvent {
  event: string;
  result: string;
  traceback: string | null;
}

const settled =
  (status: string) =>
  (c: View): boolean =>
    c.status === status && c.task_state === null;

/** A bind mount's source as python-zunclient sends it: the file's contents in base64. */
const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** A name no earlier run used, so a volume left by a crashed run cannot answer for this one. */
const unique = (name: string): string => `${name}-${randomBytes(3).toString('hex')}`;

describe('container volumes: Zun mounts on Docker named volumes', () => {
  let berth: BerthStack;
  let project: string;
  /** Engine names of the volumes this suite made, removed at the end. */
  const made = new Set<string>();
  /** Containers the zun CLI made: BerthStack.close() does not know them. */
  const byCli: string[] = [];

  const run = async (mounts: unknown[], command: string): Promise<string> => {
    const res = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sh', '-c', command],
      mounts,
    });
    expect(res.status).toBe(202);
    await berth.waitFor<View>(res.body.uuid, settled('Running'));
    return res.body.uuid;
  };

  const exec = async (uuid: string, command: string): Promise<ExecBody> => {
    const words = encodeURIComponent(`"sh" "-c" "${command}"`);
    const res = await berth.request<ExecBody>(
      'POST',
      `/v1/containers/${uuid}/execute?command=${words}`,
    );
    expect(res.status).toBe(200);
    return res.body;
  };

  const remove = async (uuid: string): Promise<void> => {
    const res = await berth.request('DELETE', `/v1/containers/${uuid}?force=True`);
    expect(res.status).toBe(204);
    const deadline = Date.now() + 15_000;
    while ((await berth.request('GET', `/v1/containers/${uuid}`)).status !== 404) {
      if (Date.now() > deadline) throw new Error(`${uuid} was never deleted`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  const volumeExists = async (name: string): Promise<boolean> => {
    try {
      await berth.docker.getVolume(name).inspect();
      return true;
    } catch {
      return false;
    }
  };

  const actionEvents = async (uuid: string, action: string): Promise<ActionEvent[]> => {
    const list = await berth.request<{ containerActions: Action[] }>(
      'GET',
      `/v1/containers/${uuid}/container_actions`,
    );
    const found = list.body.containerActions.find((a) => a.action === action);
    if (!found) throw new Error(`no ${action} action for ${uuid}`);
    const show = await berth.request<{ events: ActionEvent[] }>(
      'GET',
      `/v1/containers/${uuid}/container_actions/${found.request_id}`,
    );
    return show.body.events;
  };

  beforeAll(async () => {
    berth = await BerthStack.start();
    project = await berth.projectId();
  }, 60_000);

  afterAll(async () => {
    await berth?.close();
    for (const uuid of byCli) {
      await berth?.docker
        .getContainer(`berth-${uuid}`)
        .remove({ force: true })
        .catch(() => undefined);
    }
    for (const name of made) {
      await berth?.docker
        .getVolume(name)
        .remove()
        .catch(() => undefined);
    }
  });

  it('keeps a named volume when its container is deleted, for the next container to read', async () => {
    const data = unique('data');
    const engineName = namedVolumeName(project, data);
    made.add(engineName);
    const a = await run([{ source: data, destination: '/data' }], 'sleep 300');
    expect((await exec(a, 'echo kept-by-berth > /data/note')).exit_code).toBe(0);

    await remove(a);
    expect(await volumeExists(engineName)).toBe(true);

    const b = await run([{ source: data, destination: '/data' }], 'sleep 300');
    expect(await exec(b, 'cat /data/note')).toEqual(
      expect.objectContaining({ output: 'kept-by-berth\n', exit_code: 0 }),
    );
    const inspected = await berth.docker.getVolume(engineName).inspect();
    expect(inspected.Labels).toMatchObject({ 'berth.project': project, 'berth.volume': data });
    await remove(b);
    expect(await volumeExists(engineName)).toBe(true);
  }, 60_000);

  it('shows the volume work in the action log of the create and of the delete', async () => {
    const logs = unique('logs');
    made.add(namedVolumeName(project, logs));
    const c = await run(
      [
        { source: logs, destination: '/logs' },
        { type: 'bind', source: b64('x'), destination: '/etc/x' },
      ],
      'sleep 300',
    );
    const create = await actionEvents(c, 'create');
    const attaches = create.filter((e) => e.event === 'volume_attach');
    expect(attaches.map((e) => [e.result, e.traceback])).toEqual([
      ['Success', `named volume ${logs} created and mounted at /logs`],
      ['Success', 'file placed at /etc/x'],
    ]);
    // The action's own event row is still there, beside the volume rows.
    expect(create.map((e) => e.event)).toContain('compute__do_container_create');

    await remove(c);
    const detaches = (await actionEvents(c, 'delete')).filter((e) => e.event === 'volume_detach');
    expect(detaches.map((e) => e.traceback)).toEqual([
      `named volume ${logs} unmounted from /logs, kept (named volumes outlive their containers)`,
      'file at /etc/x removed with the container',
    ]);
  }, 60_000);

  it('refuses a mount with a size, which no host here can enforce, and makes nothing', async () => {
    const before = await berth.request<{ containers: View[] }>('GET', '/v1/containers');
    const volumes = await berth.docker.listVolumes();
    for (const mounts of [
      [{ size: '1', destination: '/scratch' }],
      [{ source: unique('sized'), size: 2, destination: '/data' }],
    ]) {
      const res = await berth.request<ErrorBody>('POST', '/v1/containers?run=true', {
        image: TEST_IMAGE,
        mounts,
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ status: 400, code: 'container.invalid' });
      expect(res.body.errors[0].detail).toMatch(
        /^Invalid input for field\/attribute mounts\. No compute host can enforce a volume size .*--mount source=NAME,destination=PATH\.$/,
      );
    }
    const after = await berth.request<{ containers: View[] }>('GET', '/v1/containers');
    expect(after.body.containers).toHaveLength(before.body.containers.length);
    expect((await berth.docker.listVolumes()).Volumes.length).toBe(volumes.Volumes.length);
  });

  it('places a bind mount source as the contents of the file at its destination', async () => {
    const e = await run(
      [{ type: 'bind', source: b64('greeting=hello\n'), destination: '/etc/berth/app.conf' }],
      'sleep 300',
    );
    expect(await exec(e, 'cat /etc/berth/app.conf')).toEqual(
      expect.objectContaining({ output: 'greeting=hello\n', exit_code: 0 }),
    );
    // A file in the container's own filesystem, never a path of the host.
    const inspected = await berth.docker.getContainer(`berth-${e}`).inspect();
    expect(inspected.Mounts).toEqual([]);
    await remove(e);
  }, 60_000);

  it('keeps every volume and the file through a rebuild', async () => {
    const keep = unique('keep');
    const own = unique('own');
    made.add(namedVolumeName(project, keep));
    made.add(namedVolumeName(project, own));
    const f = await run(
      [
        { source: keep, destination: '/keep' },
        { source: own, destination: '/own' },
        { type: 'bind', source: b64('conf'), destination: '/etc/f.conf' },
      ],
      'sleep 300',
    );
    await exec(f, 'echo named > /keep/a; echo anonymous > /own/b');
    const before = await berth.docker.getContainer(`berth-${f}`).inspect();

    const rebuilt = await berth.request('POST', `/v1/containers/${f}/rebuild`);
    expect(rebuilt.status).toBe(202);
    await berth.waitFor<View>(f, settled('Running'));
    const after = await berth.docker.getContainer(`berth-${f}`).inspect();
    expect(after.Id).not.toBe(before.Id);

    expect((await exec(f, 'cat /keep/a /own/b /etc/f.conf')).output).toBe('named\nanonymous\nconf');
    const events = await actionEvents(f, 'rebuild');
    expect(events.filter((e) => e.event === 'volume_attach')).toHaveLength(3);
    await remove(f);
    expect(await volumeExists(namedVolumeName(project, keep))).toBe(true);
    expect(await volumeExists(namedVolumeName(project, own))).toBe(true);
  }, 90_000);

  it('takes the mounts of `zun run --mount`, a bind mount reading the local file', async () => {
    const data = unique('cli');
    made.add(namedVolumeName(project, data));
    const dir = await mkdtemp(join(tmpdir(), 'berth-vol-'));
    await writeFile(join(dir, 'greeting'), 'from the zun CLI\n');
    const zun = zunCli(berth);
    const name = unique('cli-run');
    // What the CLI sends for `--mount size=1,...` is refused with what to do instead.
    const sized = await zun('run', '--mount', 'size=1,destination=/scratch', TEST_IMAGE);
    expect(sized.code).not.toBe(0);
    expect(sized.stderr).toMatch(/No compute host can enforce a volume size .*--mount source=NAME/);
    const result = await zun(
      'run',
      '--name',
      name,
      '--mount',
      `source=${data},destination=/data`,
      '--mount',
      `type=bind,source=${join(dir, 'greeting')},destination=/etc/greeting`,
      TEST_IMAGE,
      'sleep',
      '300',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const view = await berth.waitFor<View>(name, settled('Running'));
    byCli.push(view.uuid);
    expect((await exec(view.uuid, 'cat /etc/greeting')).output).toBe('from the zun CLI\n');
    const mounts = (await berth.docker.getContainer(`berth-${view.uuid}`).inspect()).Mounts;
    const byDestination = mounts
      .map((m): [string, string] => [m.Name ?? '', m.Destination])
      .sort((a, b) => a[1].localeCompare(b[1]));
    expect(byDestination).toEqual([[namedVolumeName(project, data), '/data']]);
    await remove(view.uuid);
  }, 60_000);

  it("keeps each project's volume of one name apart, and lists a project only its own", async () => {
    const shared = unique('shared');
    const tenant = unique('vol-tenant');
    const project2 = await berth.request<{ project: { id: string } }>(
      'POST',
      '/identity/v3/projects',
      { project: { name: tenant } },
    );
    const tenantId = project2.body.project.id;
    const user = await berth.request<{ user: { id: string } }>('POST', '/identity/v3/users', {
      user: { name: `${tenant}-user`, password: 's3cret', default_project_id: tenantId },
    });
    const grant = `/identity/v3/projects/${tenantId}/users/${user.body.user.id}/roles/member`;
    expect((await berth.request('PUT', grant)).status).toBe(204);
    const member = await berth.login(`${tenant}-user`, 's3cret', tenant);
    made.add(namedVolumeName(project, shared));
    made.add(namedVolumeName(tenantId, shared));

    const mine = await run([{ source: shared, destination: '/v' }], 'sleep 300');
    await exec(mine, 'echo admin-only > /v/secret');
    const theirs = await berth.request<View>(
      'POST',
      '/v1/containers?run=true',
      {
        image: TEST_IMAGE,
        command: ['sleep', '300'],
        mounts: [{ source: shared, destination: '/v' }],
      },
      member,
    );
    expect(theirs.status).toBe(202);
    await berth.waitFor<View>(theirs.body.uuid, settled('Running'));
    const peek = await berth.request<ExecBody>(
      'POST',
      `/v1/containers/${theirs.body.uuid}/execute?command=${encodeURIComponent('"ls" "/v"')}`,
      undefined,
      member,
    );
    expect(peek.body).toMatchObject({ output: '', exit_code: 0 });

    const listed = await berth.request<VolumeList>('GET', '/v1/volumes', undefined, member);
    expect(listed.status).toBe(200);
    expect(listed.body.volumes).toEqual([
      expect.objectContaining({ name: shared, project_id: tenantId, in_use: 1 }),
    ]);
    expect(listed.body.volumes[0]).not.toHaveProperty('host');
    const everyone = await berth.request('GET', '/v1/volumes?all_projects=True', undefined, member);
    expect(everyone.status).toBe(403);
    const all = await berth.request<VolumeList>('GET', '/v1/volumes?all_projects=True');
    const named = all.body.volumes.filter((v) => v.name === shared);
    expect(named.map((v) => [v.project_id, v.host]).sort()).toEqual(
      [
        [project, berth.hostname],
        [tenantId, berth.hostname],
      ].sort(),
    );
    await remove(mine);
    const gone = await berth.request(
      'DELETE',
      // A member deletes a running container with stop (force is admin_api, as in Zun).
      `/v1/containers/${theirs.body.uuid}?stop=True`,
      undefined,
      member,
    );
    expect(gone.status).toBe(204);
  }, 60_000);

  it.each([
    [[{ source: 'a', destination: 'relative' }], /Destination relative must be an absolute path/],
    [
      [
        { source: 'a', destination: '/same' },
        { size: 1, destination: '/same' },
      ],
      /Destination \/same is mounted twice/,
    ],
    [[{ type: 'nfs', source: 'a', destination: '/n' }], /type nfs is not supported/],
    [[{ size: '0', destination: '/z' }], /must be a positive integer/],
    [[{ destination: '/v' }], /needs a source \(a volume name\) or a size in GB/],
    [[{ source: 'bad/name', destination: '/v' }], /Volume name bad\/name is invalid/],
  ])('refuses the mounts %j with a 400 in Zun format', async (mounts, detail) => {
    const before = await berth.request<{ containers: View[] }>('GET', '/v1/containers');
    const res = await berth.request<ErrorBody>('POST', '/v1/containers', {
      image: TEST_IMAGE,
      mounts,
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0]).toMatchObject({ status: 400, code: 'container.invalid' });
    expect(res.body.errors[0].detail).toMatch(detail);
    const after = await berth.request<{ containers: View[] }>('GET', '/v1/containers');
    expect(after.body.containers).toHaveLength(before.body.containers.length);
  });

  it('fails a create whose file cannot be placed, leaving no container', async () => {
    const res = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sleep', '300'],
      mounts: [{ type: 'bind', source: b64('x'), destination: '/bin/busybox/conf' }],
    });
    expect(res.status).toBe(202);
    const uuid = res.body.uuid;
    const failed = await berth.waitFor<View>(uuid, settled('Error'));
    expect(failed.status_reason).toMatch(/^Could not place the file at \/bin\/busybox\/conf: /);
    await expect(berth.docker.getContainer(`berth-${uuid}`).inspect()).rejects.toThrow(
      /no such container/i,
    );
    await remove(uuid);
  }, 60_000);
});
