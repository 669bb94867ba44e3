import { randomUUID } from 'node:crypto';
import type Dockerode from 'dockerode';
import { DockerRuntime } from './docker-runtime';
import { rawEngine, removeTestContainers, testSpec } from './docker-test-kit';
import { LABEL_NETWORK, LABEL_NETWORK_PROJECT, userNetworkNameOf } from './network-names';

describe('DockerRuntime project networks', () => {
  const runtime = new DockerRuntime();
  const project = `net-test-${randomUUID()}`;
  let engine: Dockerode;
  const made = new Set<string>();

  async function ensure(name: string, owner = project): Promise<string> {
    const docker = await runtime.ensureNetwork(owner, name);
    made.add(docker);
    return docker;
  }

  async function networksOf(uuid: string): Promise<string[]> {
    const info = await engine.getContainer(`berth-${uuid}`).inspect();
    return Object.keys(info.NetworkSettings.Networks).sort();
  }

  beforeAll(() => {
    engine = rawEngine();
  });
  afterAll(async () => {
    await removeTestContainers(engine);
    for (const name of made) {
      await engine
        .getNetwork(name)
        .remove()
        .catch(() => undefined);
    }
  });

  it('makes a labelled bridge once, however many ask for it at the same time', async () => {
    const names = await Promise.all([ensure('app'), ensure('app'), ensure('app')]);
    expect(new Set(names).size).toBe(1);
    expect(userNetworkNameOf(names[0])).toBe('app');
    const listed = await engine.listNetworks({ filters: { name: [names[0]] } });
    expect(listed.filter((n) => n.Name === names[0])).toHaveLength(1);
    const info = await engine.getNetwork(names[0]).inspect();
    expect(info.Driver).toBe('bridge');
    expect(info.Labels).toEqual({ [LABEL_NETWORK_PROJECT]: project, [LABEL_NETWORK]: 'app' });
    // A later call finds it rather than making another.
    expect(await ensure('app')).toBe(names[0]);
  });

  it("gives two projects' networks of one name two bridges", async () => {
    const mine = await ensure('shared-name');
    const theirs = await ensure('shared-name', `${project}-other`);
    expect(mine).not.toBe(theirs);
    const [a, b] = await Promise.all([
      engine.getNetwork(mine).inspect(),
      engine.getNetwork(theirs).inspect(),
    ]);
    expect(a.Id).not.toBe(b.Id);
  });

  it('connects and disconnects a container, and a repeat of either succeeds', async () => {
    const network = await ensure('db');
    const spec = testSpec({ networkMode: 'bridge' });
    await runtime.createContainer(spec);
    await runtime.start(spec.uuid);

    await runtime.connectNetwork(spec.uuid, network);
    await runtime.connectNetwork(spec.uuid, network);
    expect(await networksOf(spec.uuid)).toEqual(['bridge', network].sort());
    const snapshot = await runtime.inspect(spec.uuid);
    const onDb = snapshot.addresses.find((a) => a.network === network);
    expect(onDb?.address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(onDb?.endpointId).toMatch(/^[0-9a-f]{64}$/);

    await runtime.disconnectNetwork(spec.uuid, network);
    await runtime.disconnectNetwork(spec.uuid, network);
    expect(await networksOf(spec.uuid)).toEqual(['bridge']);
  });

  it('refuses a network of its name that Berth did not make for the project', async () => {
    const docker = await ensure('squatted');
    await engine.getNetwork(docker).remove();
    await engine.createNetwork({ Name: docker, Driver: 'bridge', CheckDuplicate: true });
    await expect(runtime.ensureNetwork(project, 'squatted')).rejects.toThrow(
      /is not Berth's network 'squatted' of this project/,
    );
  });

  it('keeps the network when its container is removed', async () => {
    const network = await ensure('kept');
    const spec = testSpec({ networkMode: network });
    await runtime.createContainer(spec);
    await runtime.remove(spec.uuid, { force: true });
    await expect(engine.getNetwork(network).inspect()).resolves.toMatchObject({ Name: network });
  });
});
