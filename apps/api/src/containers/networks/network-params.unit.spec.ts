import { refusalOf, throughPipe } from '../../input/testing/through-pipe';
import {
  NetworkAttachQuery,
  NetworkDetachQuery,
  attachParamsOf,
  detachParamsOf,
} from './network-params';
import { toNetworkRequests } from './nets.mapper';

type Raw = Record<string, unknown>;

describe('network_attach query parameters', () => {
  const params = async (raw: Raw) => attachParamsOf(await throughPipe(NetworkAttachQuery, raw));

  it('takes a network name', async () => {
    expect(await params({ network: 'app' })).toEqual({ network: 'app' });
  });

  it.each<[string, Raw, RegExp]>([
    ['a port', { port: 'p1' }, /no Neutron ports/],
    ['a network and a port', { network: 'app', port: 'p1' }, /either network or port, not both/],
    ['a fixed IP', { network: 'app', fixed_ip: '10.0.0.2' }, /Fixed IPs are not supported/],
    ['no network', {}, /network: it is required/],
  ])('refuses %s with a 400 that says why', async (_why, raw, message) => {
    await expect(params(raw)).rejects.toThrow(message);
  });

  it.each<[string, Raw, RegExp]>([
    ["one of Docker's own networks", { network: 'bridge' }, /Docker's own networks/],
    ['a name with a blank', { network: 'a b' }, /does not match/],
    ['a name of 64 characters', { network: 'x'.repeat(64) }, /does not match/],
    ['a network given twice', { network: ['a', 'b'] }, /must be given once/],
    ['a port of 256 characters', { port: 'p'.repeat(256) }, /port: expected at most 255/],
    ['an unknown parameter', { network: 'app', extra: '1' }, /Unknown parameters: extra/],
  ])('refuses %s before anything else', async (_why, raw, message) => {
    expect(await refusalOf(NetworkAttachQuery, raw)).toMatch(message);
  });
});

describe('network_detach query parameters', () => {
  const params = async (raw: Raw) => detachParamsOf(await throughPipe(NetworkDetachQuery, raw));

  it('takes a network or a port', async () => {
    expect(await params({ network: 'app' })).toEqual({ network: 'app', port: null });
    expect(await params({ port: 'ep1' })).toEqual({ network: null, port: 'ep1' });
  });

  it.each<[Raw]>([[{}], [{ network: 'a1', port: 'b' }], [{ network: '' }]])(
    'refuses %j: exactly one of network or port',
    async (raw) => {
      await expect(params(raw)).rejects.toThrow(/exactly one of network or port/);
    },
  );

  it("refuses Docker's own networks, which are no Berth network to leave", async () => {
    expect(await refusalOf(NetworkDetachQuery, { network: 'bridge' })).toMatch(
      /Docker's own networks/,
    );
  });
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
