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
  it("uses the compute's default network when none is asked for", async () => {
    const { runtime, ensured } = runtimeEnsuring();
    expect(await planNetworks(runtime, 'p1', [], 'bridge')).toEqual({
      mode: 'bridge',
      extra: [],
      names: [],
    });
    expect(ensured).toEqual([]);
  });

  it('makes each project network and starts on the first', async () => {
    const { runtime, ensured } = runtimeEnsuring();
    const plan = await planNetworks(runtime, 'p1', ['app', 'db'], 'bridge');
    expect(plan).toEqual({
      mode: projectNetworkName('p1', 'app'),
      extra: [projectNetworkName('p1', 'db')],
      names: ['app', 'db'],
    });
    expect(ensured).toEqual(['app', 'db']);
  });

  it("keeps the engine's own networks by their names (a rebuild of a container on bridge)", async () => {
    const { runtime, ensured } = runtimeEnsuring();
    const plan = await planNetworks(runtime, 'p1', ['bridge', 'app'], 'bridge');
    expect(plan.mode).toBe('bridge');
    expect(ensured).toEqual(['app']);
    expect(dockerNetworkFor('p1', 'bridge', 'bridge')).toBe('bridge');
    expect(dockerNetworkFor('p1', 'app', 'bridge')).toBe(projectNetworkName('p1', 'app'));
  });

  it('shows a planned network without an address yet as attached', () => {
    const plan = { mode: 'x', extra: [], names: ['app'] };
    expect(withPlannedNetworks({}, plan)).toEqual({ app: [] });
  });
});
