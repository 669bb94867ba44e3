import { projectNetworkName } from '@berth/drivers';
import { TEST_IMAGE } from './support/berth-stack';
import { HOST_A, HOST_B, MultiHostStack, type HostName } from './support/multi-host-stack';

interface View {
  uuid: string;
  host: string;
  status: string;
  task_state: string | null;
  addresses: Record<string, Array<{ addr: string }>>;
}

/** A Berth network lives on one engine: the same name on two hosts is two separate bridges. */
describe('one project network name on two hosts', () => {
  let berth: MultiHostStack;
  let network: string;

  beforeAll(async () => {
    berth = await MultiHostStack.startHosts();
    network = projectNetworkName(await berth.projectId(), 'app');
  }, 60_000);

  afterAll(async () => {
    if (!berth) return;
    await berth.close();
    for (const engine of berth.engines.values()) {
      await engine
        .getNetwork(network)
        .remove()
        .catch(() => undefined);
    }
  });

  async function runOn(host: HostName): Promise<View> {
    const res = await berth.request<View>('POST', '/v1/containers?run=true', {
      image: TEST_IMAGE,
      command: ['sleep', '300'],
      host,
      nets: [{ network: 'app' }],
    });
    expect(res.status).toBe(202);
    return berth.waitFor<View>(res.body.uuid, (c) => c.status === 'Running' && !c.task_state);
  }

  it('is a bridge of its own on each engine, each holding only its own host’s container', async () => {
    const onA = await runOn(HOST_A);
    const onB = await runOn(HOST_B);
    expect(Object.keys(onA.addresses)).toEqual(['app']);
    expect(Object.keys(onB.addresses)).toEqual(['app']);

    const engineA = berth.engines.get(HOST_A);
    const engineB = berth.engines.get(HOST_B);
    if (!engineA || !engineB) throw new Error('both engines are expected');
    const [bridgeA, bridgeB] = await Promise.all([
      engineA.getNetwork(network).inspect(),
      engineB.getNetwork(network).inspect(),
    ]);
    expect(bridgeA.Id).not.toBe(bridgeB.Id);
    const idA = (await engineA.getContainer(`berth-${onA.uuid}`).inspect()).Id;
    const idB = (await engineB.getContainer(`berth-${onB.uuid}`).inspect()).Id;
    expect(Object.keys(bridgeA.Containers ?? {})).toEqual([idA]);
    expect(Object.keys(bridgeB.Containers ?? {})).toEqual([idB]);

    for (const c of [onA, onB]) {
      expect((await berth.request('DELETE', `/v1/containers/${c.uuid}?force=true`)).status).toBe(
        204,
      );
    }
  });
});
