import { refusalOf, throughPipe } from '../input/testing/through-pipe';
import { DisableServiceQuery, ForceDownQuery, ServiceKeyQuery } from './service-params';

type Raw = Record<string, unknown>;
const key = { host: 'compute-1', binary: 'zun-compute' };

describe('the query of a service write', () => {
  it('reads the host, the binary, the reason and the forced_down flag', async () => {
    expect(
      await throughPipe(DisableServiceQuery, { ...key, disabled_reason: 'maint' }),
    ).toMatchObject({ ...key, disabled_reason: 'maint' });
    expect((await throughPipe(ForceDownQuery, { ...key, forced_down: 'True' })).forced_down).toBe(
      true,
    );
  });

  it.each<[string, Raw, string]>([
    ['no host', { binary: 'zun-compute' }, 'query parameter host: it is required'],
    ['a host with a slash', { ...key, host: 'a/b' }, 'query parameter host: expected a host name'],
    ['a binary of 256 characters', { ...key, binary: 'b'.repeat(256) }, 'query parameter binary'],
    ['an unknown parameter', { ...key, zone: 'nova' }, 'Unknown parameters: zone'],
  ])('refuses %s', async (_why, raw, message) => {
    expect(await refusalOf(ServiceKeyQuery, raw)).toContain(message);
  });

  it.each<[string, Raw, string]>([
    ['an empty reason', { ...key, disabled_reason: '' }, 'query parameter disabled_reason'],
    ['an empty binary', { ...key, binary: '' }, 'query parameter binary'],
  ])('refuses %s, as Zun (minLength 1)', async (_why, raw, message) => {
    expect(await refusalOf(DisableServiceQuery, raw)).toContain(
      `${message}: expected at least 1 character, got 0`,
    );
  });

  it('refuses a reason of 256 characters', async () => {
    expect(
      await refusalOf(DisableServiceQuery, { ...key, disabled_reason: 'r'.repeat(256) }),
    ).toContain('query parameter disabled_reason: expected at most 255 characters');
  });

  it.each<[Raw, string]>([
    [key, 'query parameter forced_down: it is required'],
    [
      { ...key, forced_down: 'yes' },
      "query parameter forced_down: expected True or False (or true, false), got 'yes'",
    ],
  ])("refuses force_down's flag %j", async (raw, message) => {
    expect(await refusalOf(ForceDownQuery, raw)).toContain(message);
  });
});
