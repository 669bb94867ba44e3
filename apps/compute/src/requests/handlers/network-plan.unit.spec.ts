import type { ContainerRuntime } from '@berth/drivers';
import { projectNetworkName } from '@berth/drivers';
import { dockerNetworkFor, planNetworks, withPlannedNetworks } from './network-plan';

function runtimeEnsuring(): { runtime: ContainerRuntime; ensured: string[] } {
  const ensured: string[] = [];
  const runtime = {
    ensureNetwork: (project: string, name: string) => {
      ensured.push(name);
      return Promise.resolve(projectNetworkName(project, name));
    },
  } as unknown as ContainerRuntime;
  return { runtime, ensured };
}

describe('planning the networks of a new Docker container', () => {
  it("puts a container asking for no network on its project's own network default", async () => {
    const { runtime, ensured } = runtimeEnsuring();
    expect(await planNetworks(runtime, 'p1', [], 'project')).toEqual({
      mode: projectNetworkName('p1', 'default'),
      extra: [],
      names: ['default'],
    });
    expect(ensured).toEqual(['default']);
  });

  it("gives two projects' containers without nets two different networks", async () => {
    const { runtime } = runtimeEnsuring();
    const [a, b] = await Promise.all([
      planNetworks(runtime, 'p1', [], 'project'),
      planNetworks(runtime, 'p2', [], 'project'),
    ]);
    expect(a.mode).not.toBe(b.mode);
  });

  it('puts a container asking for no network on none in mode none', async () => {
    const { runtime, ensured } = runtimeEnsuring();
    expect(await planNetworks(runtime, 'p1', [], 'none')).toEqual({
      mode: 'none',
      extra: [],
      names: [],
    });
    expect(ensured).toEqual([]);
  });

  it('makes each project network and starts on the first', async () => {
    const { runtime, ensured } = runtimeEnsuring();
    const plan = await planNetworks(runtime, 'p1', ['app', 'db'], 'project');
    expect(plan).toEqual({
      mode: projectNetworkName('p1', 'app'),
      extra: [projectNetworkName('p1', 'db')],
      names: ['app', 'db'],
    });
    expect(ensured).toEqual(['app', 'db']);
  });

  it("keeps the engine's own networks by their names (a rebuild of a container on bridge)", async () => {
    const { runtime, ensured } = runtimeEnsuring();
    const plan = await planNetworks(runtime, 'p1', ['bridge', 'app'], 'project');
    expect(plan.mode).toBe('bridge');
    expect(ensured).toEqual(['app']);
    expect(dockerNetworkFor('p1', 'bridge')).toBe('bridge');
    expect(dockerNetworkFor('p1', 'app')).toBe(projectNetworkName('p1', 'app'));
    expect(dockerNetworkFor('p1', 'default')).toBe(projectNetworkName('p1', 'default'));
  });

  it('shows a planned network without an address yet as attached', () => {
    const plan = { mode: 'x', extra: [], names: ['app'] };
    expect(withPlannedNetworks({}, plan)).toEqual({ app: [] });
  });
});
