import { attachParamsOf, detachParamsOf } from './network-params';
import { toNetworkRequests } from './nets.mapper';

describe('network_attach query parameters', () => {
  it('takes a network name', () => {
    expect(attachParamsOf({ network: 'app' })).toEqual({ network: 'app' });
  });

  it.each([
    [{ port: 'p1' }, /no Neutron ports/],
    [{ network: 'app', port: 'p1' }, /either network or port, not both/],
    [{ network: 'app', fixed_ip: '10.0.0.2' }, /Fixed IPs are not supported/],
    [{}, /network: it is required/],
    [{ network: 'bridge' }, /Docker's own networks/],
    [{ network: 'a b' }, /does not match/],
    [{ network: 'x'.repeat(64) }, /does not match/],
    [{ network: ['a', 'b'] }, /must be given once/],
    [{ network: 'app', extra: '1' }, /unknown query parameter\(s\) extra/],
  ])('refuses %j with a 400 that says why', (query, message) => {
    expect(() => attachParamsOf(query)).toThrow(message);
  });
});

describe('network_detach query parameters', () => {
  it('takes a network or a port', () => {
    expect(detachParamsOf({ network: 'bridge' })).toEqual({ network: 'bridge', port: null });
    expect(detachParamsOf({ port: 'ep1' })).toEqual({ network: null, port: 'ep1' });
  });

  it.each([[{}], [{ network: 'a', port: 'b' }], [{ network: '' }]])(
    'refuses %j: exactly one of network or port',
    (query) => {
      expect(() => detachParamsOf(query)).toThrow(/exactly one of network or port/);
    },
  );
});

describe('nets at create', () => {
  it('keeps the networks in order, and none when zunclient sends []', () => {
    expect(toNetworkRequests([{ network: 'app' }, { network: 'db' }])).toEqual([
      { network: 'app' },
      { network: 'db' },
    ]);
    expect(toNetworkRequests([])).toEqual([]);
    expect(toNetworkRequests(undefined)).toEqual([]);
  });

  it('reads an empty port or fixed IP as not given, as zunclient leaves them', () => {
    expect(toNetworkRequests([{ network: 'app', port: '', 'v4-fixed-ip': '' }])).toEqual([
      { network: 'app' },
    ]);
  });

  it.each([
    [[{ network: 'app', port: 'p' }], /no Neutron ports/],
    [[{ port: 'p' }], /no Neutron ports/],
    [[{ network: 'app', 'v4-fixed-ip': '10.0.0.9' }], /Fixed IPs are not supported/],
    [[{ network: 'app', 'v6-fixed-ip': 'fd00::9' }], /Fixed IPs are not supported/],
    [[{ network: 'app', mtu: 1400 }], /Unknown key\(s\) mtu/],
    [[{ network: 'none' }], /Docker's own networks/],
    [[{ network: 7 }], /needs a network name/],
    [[{ network: 'a' }, { network: 'a' }], /requested more than once/],
    [[null], /must be an object/],
  ])('refuses %j', (nets, message) => {
    expect(() => toNetworkRequests(nets)).toThrow(message);
  });
});
