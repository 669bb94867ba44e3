import { projectNetworkName } from '../docker/network-names';
import { SimulatedNetworks } from './simulated-networks';
import { SimulatedRuntime } from './simulated-runtime';

describe("SimulatedRuntime's networks", () => {
  it('connects a container to a project network it made, and disconnects it', async () => {
    const runtime = new SimulatedRuntime();
    await runtime.createContainer({ uuid: 'u1', project: 'p1', image: 'busybox' });
    const network = await runtime.ensureNetwork('p1', 'app');
    expect(network).toBe(projectNetworkName('p1', 'app'));
    await runtime.connectNetwork('u1', network);
    await runtime.connectNetwork('u1', network);
    await runtime.disconnectNetwork('u1', network);
    await runtime.disconnectNetwork('u1', network);
  });

  it('keeps which networks a container is on until the container goes', () => {
    const networks = new SimulatedNetworks();
    const app = networks.ensure('p1', 'app');
    networks.connect('u1', app);
    networks.connect('u1', 'bridge');
    expect(networks.of('u1').sort()).toEqual([app, 'bridge'].sort());
    networks.disconnect('u1', 'bridge');
    expect(networks.of('u1')).toEqual([app]);
    networks.forget('u1');
    expect(networks.of('u1')).toEqual([]);
    // The network itself outlives the container.
    expect(() => networks.connect('u2', app)).not.toThrow();
  });

  it('refuses a network that was never made, as Docker does', async () => {
    const runtime = new SimulatedRuntime();
    await runtime.createContainer({ uuid: 'u1', project: 'p1', image: 'busybox' });
    await expect(runtime.connectNetwork('u1', 'berth-net-nope')).rejects.toThrow(/not found/);
  });

  it('refuses a container that does not exist', async () => {
    const runtime = new SimulatedRuntime();
    const network = await runtime.ensureNetwork('p1', 'app');
    await expect(runtime.connectNetwork('missing', network)).rejects.toThrow();
  });
});
