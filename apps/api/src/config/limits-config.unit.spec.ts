import { ConfigError } from './config-error';
import { DEFAULT_LIMITS, limitsConfigFromEnv } from './limits-config';

describe('limits configuration', () => {
  it('takes the documented defaults when nothing is set', () => {
    expect(limitsConfigFromEnv({})).toEqual(DEFAULT_LIMITS);
    expect(DEFAULT_LIMITS.rate).toEqual({
      windowSeconds: 10,
      clientReads: 1000,
      clientWrites: 200,
      projectReads: 2000,
      projectWrites: 500,
      tokenIssues: 50,
    });
    expect(DEFAULT_LIMITS.login).toMatchObject({
      lockoutFailureAttempts: 10,
      lockoutDurationSeconds: 600,
      failureDelayMs: 250,
      failureDelayMaxMs: 4000,
      hashQueue: 64,
    });
    expect(DEFAULT_LIMITS.login.hashConcurrency).toBeGreaterThanOrEqual(1);
  });

  it('reads every variable', () => {
    const config = limitsConfigFromEnv({
      BERTH_RATE_LIMIT_WINDOW_SECONDS: '60',
      BERTH_RATE_LIMIT_CLIENT_READS: '1',
      BERTH_RATE_LIMIT_CLIENT_WRITES: '2',
      BERTH_RATE_LIMIT_PROJECT_READS: '3',
      BERTH_RATE_LIMIT_PROJECT_WRITES: '4',
      BERTH_RATE_LIMIT_TOKEN_ISSUES: '5',
      BERTH_LOCKOUT_FAILURE_ATTEMPTS: '6',
      BERTH_LOCKOUT_DURATION_SECONDS: '7',
      BERTH_LOGIN_FAILURE_DELAY_MS: '8',
      BERTH_LOGIN_FAILURE_DELAY_MAX_MS: '9',
      BERTH_LOGIN_HASH_CONCURRENCY: '10',
      BERTH_LOGIN_HASH_QUEUE: '11',
      BERTH_TRUST_PROXY: 'loopback, 10.0.0.0/8',
    });
    expect(config).toEqual({
      rate: {
        windowSeconds: 60,
        clientReads: 1,
        clientWrites: 2,
        projectReads: 3,
        projectWrites: 4,
        tokenIssues: 5,
      },
      login: {
        lockoutFailureAttempts: 6,
        lockoutDurationSeconds: 7,
        failureDelayMs: 8,
        failureDelayMaxMs: 9,
        hashConcurrency: 10,
        hashQueue: 11,
      },
      trustProxy: 'loopback, 10.0.0.0/8',
    });
  });

  it('turns a budget off with 0, and lockout with 0 attempts', () => {
    const config = limitsConfigFromEnv({
      BERTH_RATE_LIMIT_CLIENT_READS: '0',
      BERTH_LOCKOUT_FAILURE_ATTEMPTS: '0',
    });
    expect(config.rate.clientReads).toBe(0);
    expect(config.login.lockoutFailureAttempts).toBe(0);
  });

  it('takes a hop count for the trusted proxies', () => {
    expect(limitsConfigFromEnv({ BERTH_TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it.each([
    ['BERTH_RATE_LIMIT_CLIENT_READS', '-1'],
    ['BERTH_RATE_LIMIT_CLIENT_WRITES', '1.5'],
    ['BERTH_RATE_LIMIT_PROJECT_READS', '1e3'],
    ['BERTH_RATE_LIMIT_PROJECT_WRITES', 'lots'],
    ['BERTH_RATE_LIMIT_TOKEN_ISSUES', '10000000000'],
    ['BERTH_RATE_LIMIT_WINDOW_SECONDS', '0'],
    ['BERTH_LOCKOUT_FAILURE_ATTEMPTS', 'ten'],
    ['BERTH_LOCKOUT_DURATION_SECONDS', '0'],
    ['BERTH_LOGIN_FAILURE_DELAY_MS', '0x10'],
    ['BERTH_LOGIN_HASH_CONCURRENCY', '0'],
    ['BERTH_LOGIN_HASH_QUEUE', '-5'],
    ['BERTH_TRUST_PROXY', 'everyone; rm -rf'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => limitsConfigFromEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => limitsConfigFromEnv({ [name]: value })).toThrow(name);
  });

  it('refuses a maximum failure delay below the first one', () => {
    expect(() =>
      limitsConfigFromEnv({
        BERTH_LOGIN_FAILURE_DELAY_MS: '500',
        BERTH_LOGIN_FAILURE_DELAY_MAX_MS: '100',
      }),
    ).toThrow('BERTH_LOGIN_FAILURE_DELAY_MAX_MS');
  });
});
