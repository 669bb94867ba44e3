import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { namedVolumeName } from '@berth/drivers';
import { TEST_IMAGE } from './support/berth-stack';
import { DOCKER_B, HOST_A, HOST_B, MultiHostStack } from './support/multi-host-stack';

interface View {
  uuid: string;
  status: string;
  status_reason: string | null;
  task_state: string | null;
  host: string;
}
interface ExecBody {
  output: string | null;
  exit_code: number | null;
}
interface VolumeList {
  volumes: Array<{ name: string; host?: string; in_use: number; containers: string[] }>;
}

describe('named volumes across two compute hosts', () => {
  let berth: MultiHostStack;
  let project: string;
  const data = `data-${randomBytes(3).toString('hex')}`;
  const other = `other-${randomBytes(3).toString('hex')}`;
  const engines = {
    [HOST_A]: new Docker(),
    [HOST_B]: new Docker({ socketPath: DOCKER_B.replace(/^unix:\/\//, '') }),
  };

  const run = async (body: object): Promise<View> => {
    const res = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sleep', '300'],
      ...body,
    });
    expect(res.status).toBe(202);
    return berth.waitFor<View>(res.body.uuid, (c) => c.task_state === null);
  };

  const exec = async (uuid: string, command: string): Promise<ExecBody> => {
    const words = encodeURIComponent(`"sh" "-c" "${command}"`);
    return (
      await berth.request<ExecBody>('POST', `/v1/containers/${uuid}/execute?command=${words}`)
    ).body;
  };

  beforeAll(async () => {
    berth = await MultiHostStack.startHosts();
    project = await berth.projectId();
  }, 60_000);

  afterAll(async () => {
    await berth?.close();
    for (const [host, name] of [
      [HOST_B, data],
      [HOST_A, other],
    ] as const) {
      await engines[host]
        .getVolume(namedVolumeName(project, name))
        .remove()
        .catch(() => undefined);
    }
  });

  it('places a second container mounting a named volume on the host that holds it', async () => {
    // The first lands on host-b and takes memory there, so by free memory alone the scheduler
    // would now choose host-a.
    const first = await run({
      host: HOST_B,
      memory: '256',
      mounts: [{ source: data, destination: '/data' }],
    });
    expect(first).toMatchObject({ status: 'Running', host: HOST_B });
    expect((await exec(first.uuid, 'echo from-b > /data/f')).exit_code).toBe(0);
    const plain = await run({});
    expect(plain.host).toBe(HOST_A);

    const second = await run({ mounts: [{ source: data, destination: '/data' }] });
    expect(second).toMatchObject({ status: 'Running', host: HOST_B });
    expect((await exec(second.uuid, 'cat /data/f')).output).toBe('from-b\n');
    await expect(
      engines[HOST_A].getVolume(namedVolumeName(project, data)).inspect(),
    ).rejects.toThrow();

    const listed = await berth.request<VolumeList>('GET', '/v1/volumes');
    expect(listed.status).toBe(200);
    expect(listed.body.volumes.find((v) => v.name === data)).toMatchObject({
      host: HOST_B,
      in_use: 2,
      containers: expect.arrayContaining([first.uuid, second.uuid]) as unknown,
    });
  }, 90_000);

  it('finds no host for a container mounting named volumes held by different hosts', async () => {
    const onA = await run({ host: HOST_A, mounts: [{ source: other, destination: '/o' }] });
    expect(onA.host).toBe(HOST_A);
    const both = await run({
      mounts: [
        { source: data, destination: '/data' },
        { source: other, destination: '/o' },
      ],
    });
    expect(both.status).toBe('Error');
    expect(both.status_reason).toMatch(/VolumeAffinityFilter \(2 hosts\)/);
  }, 60_000);
});
