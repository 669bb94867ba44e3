import { ConfigError } from '../../config/config-error';
import { externalKeystoneFrom } from './external-keystone.config';

const base = {
  BERTH_KEYSTONE_URL: 'http://keystone.example:5000/v3/',
  BERTH_KEYSTONE_USERNAME: 'berth',
  BERTH_KEYSTONE_PASSWORD: 'secret',
};

describe('externalKeystoneFrom', () => {
  it('is off without BERTH_KEYSTONE_URL', () => {
    expect(externalKeystoneFrom({})).toBeNull();
    expect(externalKeystoneFrom({ BERTH_KEYSTONE_URL: '  ' })).toBeNull();
  });

  it('takes the URL without /v3 and defaults the rest as an OpenStack service would', () => {
    expect(externalKeystoneFrom(base)).toEqual({
      url: 'http://keystone.example:5000',
      username: 'berth',
      password: 'secret',
      projectName: 'service',
      userDomain: 'Default',
      projectDomain: 'Default',
      cacheMs: 30_000,
      timeoutMs: 5_000,
    });
  });

  it('accepts a cache of zero seconds: every request asks Keystone', () => {
    expect(externalKeystoneFrom({ ...base, BERTH_KEYSTONE_CACHE_SECONDS: '0' })?.cacheMs).toBe(0);
  });

  it.each([
    ['a URL that is not http(s)', { BERTH_KEYSTONE_URL: 'keystone:5000' }, /BERTH_KEYSTONE_URL/],
    ['no service user', { BERTH_KEYSTONE_USERNAME: '' }, /BERTH_KEYSTONE_USERNAME is required/],
    ['no password', { BERTH_KEYSTONE_PASSWORD: '' }, /BERTH_KEYSTONE_PASSWORD is required/],
    ['a cache that is not a number', { BERTH_KEYSTONE_CACHE_SECONDS: 'abc' }, /CACHE_SECONDS/],
    ['a negative cache', { BERTH_KEYSTONE_CACHE_SECONDS: '-1' }, /CACHE_SECONDS/],
    ['a timeout of zero', { BERTH_KEYSTONE_TIMEOUT_SECONDS: '0' }, /TIMEOUT_SECONDS/],
  ])('stops the start on %s, naming the variable', (_what, change, message) => {
    expect(() => externalKeystoneFrom({ ...base, ...change })).toThrow(ConfigError);
    expect(() => externalKeystoneFrom({ ...base, ...change })).toThrow(message);
  });
});
