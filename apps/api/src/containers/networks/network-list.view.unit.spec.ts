import type { ContainerAddresses } from '@berth/domain';
import { toLegacyNetworkList, toNetworkList } from './network-list.view';

const addresses: ContainerAddresses = {
  app: [
    { addr: '172.20.0.2', version: 4, port: 'ep1', subnet_id: null, preserve_on_delete: false },
    { addr: 'fd00::2', version: 6, port: 'ep1', subnet_id: null, preserve_on_delete: false },
  ],
  db: [],
};

describe('network_list', () => {
  it('groups the addresses of one port under it (1.18 and later)', () => {
    expect(toNetworkList(addresses)).toEqual([
      {
        net_id: 'app',
        port_id: 'ep1',
        fixed_ips: [
          { ip_address: '172.20.0.2', version: 4, subnet_id: null },
          { ip_address: 'fd00::2', version: 6, subnet_id: null },
        ],
      },
      { net_id: 'db', port_id: null, fixed_ips: [] },
    ]);
  });

  it('lists one flat entry per address before 1.18', () => {
    expect(toLegacyNetworkList(addresses)).toEqual([
      { net_id: 'app', subnet_id: null, port_id: 'ep1', version: 4, ip_address: '172.20.0.2' },
      { net_id: 'app', subnet_id: null, port_id: 'ep1', version: 6, ip_address: 'fd00::2' },
      { net_id: 'db', subnet_id: null, port_id: null, version: null, ip_address: null },
    ]);
  });
});
